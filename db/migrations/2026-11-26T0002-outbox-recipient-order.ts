/** Index for the relay's head-of-line rule (oldest unfinished row per recipient), which is O(n²) without it on SQLite. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('outbox_recipient_order')
    .ifNotExists()
    .on('outbox')
    .columns(['channel', 'recipient', 'status', 'created_at'])
    .execute();
}
