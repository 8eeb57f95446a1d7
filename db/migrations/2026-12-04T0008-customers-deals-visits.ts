/**
 * Breakpoint 2's records: customers (deduplicated by a normalised name), deals with an
 * append-only stage history, visits with their pains and competitors in child tables (the
 * managers' queries count them by period), drafts awaiting a rep's confirmation, and synonym
 * suggestions awaiting the admin.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('industry', 'text')
    .addColumn('region', 'text')
    .addColumn('customer_type', 'text', (c) => c.notNull())
    .addColumn('size_band', 'text')
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('contacts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('source_lead_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('external_ref', 'text')
    .addColumn('last_contact_at', 'bigint')
    .addColumn('custom', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_owner').on('customers').columns(['owner_id', 'name']).execute();

  await db.schema
    .createTable('deals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('amount', 'double precision')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('stage_seq', 'integer', (c) => c.notNull())
    .addColumn('stage_entered_at', 'bigint', (c) => c.notNull())
    .addColumn('source_lead_id', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deals_customer').on('deals').columns(['customer_id', 'created_at']).execute();
  await db.schema.createIndex('deals_owner').on('deals').columns(['owner_id', 'status']).execute();

  await db.schema
    .createTable('deal_stage_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('deal_stage_history_deal').on('deal_stage_history').columns(['deal_id', 'seq']).unique().execute();
  await db.schema.createIndex('deal_stage_history_at').on('deal_stage_history').columns(['to_stage', 'at']).execute();

  await db.schema
    .createTable('visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text')
    .addColumn('rep_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('customer_type', 'text', (c) => c.notNull())
    .addColumn('industry', 'text')
    .addColumn('region', 'text')
    .addColumn('no_competitor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_action', 'text')
    .addColumn('next_action_due', 'text')
    .addColumn('next_action_source', 'text')
    .addColumn('quantities', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('note', 'text')
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('visited_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visits_rep').on('visits').columns(['rep_id', 'visited_at']).execute();
  await db.schema.createIndex('visits_customer').on('visits').columns(['customer_id', 'visited_at']).execute();
  await db.schema.createIndex('visits_deal').on('visits').columns(['deal_id', 'visited_at']).execute();

  await db.schema
    .createTable('visit_pains')
    .addColumn('visit_id', 'text', (c) => c.notNull())
    .addColumn('pain_key', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text')
    .addColumn('visited_at', 'bigint', (c) => c.notNull())
    .addColumn('rep_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('visit_pains_pk', ['visit_id', 'pain_key'])
    .execute();
  await db.schema.createIndex('visit_pains_at').on('visit_pains').columns(['visited_at', 'pain_key']).execute();

  await db.schema
    .createTable('visit_competitors')
    .addColumn('visit_id', 'text', (c) => c.notNull())
    .addColumn('competitor_key', 'text', (c) => c.notNull())
    .addColumn('competitor_name', 'text', (c) => c.notNull())
    .addColumn('stance', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text')
    .addColumn('visited_at', 'bigint', (c) => c.notNull())
    .addColumn('rep_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('visit_competitors_pk', ['visit_id', 'competitor_key'])
    .execute();
  await db.schema.createIndex('visit_competitors_at').on('visit_competitors').columns(['visited_at', 'competitor_key']).execute();

  await db.schema
    .createTable('visit_drafts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rep_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('extraction', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('visit_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('lexicon_suggestions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('phrase', 'text', (c) => c.notNull())
    .addColumn('suggested_by', 'text', (c) => c.notNull())
    .addColumn('visit_id', 'text')
    .addColumn('times', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('decided_by', 'text')
    .execute();
  await db.schema.createIndex('lexicon_suggestions_phrase').on('lexicon_suggestions').columns(['kind', 'key', 'phrase']).unique().execute();
}
