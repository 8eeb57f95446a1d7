/** The router counts each rep's open leads (no first touch yet) on every assignment: index-only. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('leads_owner_open').on('leads').columns(['owner_id', 'first_touch_at']).execute();
}
