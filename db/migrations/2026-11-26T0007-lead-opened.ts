/**
 * When the current owner first opened the lead in chat (为什么是我?, 查看线索, `/lead L-…`):
 * level 1 of the SLA ladder reminds only a rep who has neither opened nor accepted it.
 * Reset on every change of hands.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('leads').addColumn('opened_at', 'bigint').execute();
}
