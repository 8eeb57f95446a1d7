/** Lead metrics read the leads first assigned in a window; index that column. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('leads_first_assigned').on('leads').column('first_assigned_at').execute();
}
