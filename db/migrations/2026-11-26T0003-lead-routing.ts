/**
 * Lead routing and SLA: tags, score and rule version on each lead, the owner history (one
 * owner clock for every way a lead changes hands), first touch, fair-rotation state and
 * personal time off.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('leads').addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('leads').addColumn('score', 'double precision', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('leads').addColumn('rule_version', 'text').execute();
  await db.schema.alterTable('leads').addColumn('route_id', 'text').execute();
  await db.schema.alterTable('leads').addColumn('assignment_seq', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('leads').addColumn('first_assigned_at', 'bigint').execute();
  await db.schema.alterTable('leads').addColumn('assigned_at', 'bigint').execute();
  await db.schema.alterTable('leads').addColumn('first_touch_at', 'bigint').execute();
  await db.schema.alterTable('leads').addColumn('first_touch_by', 'text').execute();
  await db.schema.alterTable('leads').addColumn('touch_channel', 'text').execute();

  await db.schema
    .createTable('lead_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('end_reason', 'text')
    .addColumn('explanation', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lead_assignments_lead').on('lead_assignments').columns(['lead_id', 'seq']).unique().execute();
  await db.schema.createIndex('lead_assignments_owner').on('lead_assignments').columns(['owner_id', 'assigned_at']).execute();

  await db.schema
    .createTable('rotation_state')
    .addColumn('route_id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('time_off')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('first_day', 'text', (c) => c.notNull())
    .addColumn('last_day', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at', 'bigint')
    .execute();
  await db.schema.createIndex('time_off_person').on('time_off').columns(['person_id', 'first_day']).execute();
}
