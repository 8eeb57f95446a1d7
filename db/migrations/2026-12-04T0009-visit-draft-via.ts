/** A draft remembers whether the note was typed or spoken, so the visit it becomes says so. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('visit_drafts').addColumn('via', 'text', (c) => c.notNull().defaultTo('note')).execute();
}
