/**
 * `leads_owner (owner_id, status)` is covered by `leads_owner_open (owner_id, first_touch_at)`
 * for every owner lookup; one index less to update on each lead written.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('leads_owner').execute();
}
