/** Inbox rows: every verified inbound interaction, keyed by the platform's own id. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Interaction } from '../channels/channel.ts';

/** Inserts the interaction; false when the same platform id was already received. */
export async function insertInbox(db: Kysely<Database>, interaction: Interaction): Promise<boolean> {
  const result = await db
    .insertInto('inbox')
    .values({
      id: inboxId(interaction),
      channel: interaction.channel,
      kind: interaction.kind,
      user_id: interaction.userId,
      payload: JSON.stringify(interaction),
      status: 'received',
      received_at: interaction.receivedAt,
      processed_at: null,
      error: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export function inboxId(interaction: Pick<Interaction, 'channel' | 'dedupeKey'>): string {
  return `${interaction.channel}:${interaction.dedupeKey}`;
}

export async function markInbox(
  db: Kysely<Database>,
  id: string,
  status: 'done' | 'failed',
  now: number,
  error?: string,
): Promise<void> {
  await db.updateTable('inbox').set({ status, processed_at: now, error: error ?? null }).where('id', '=', id).execute();
}

/** Interactions accepted but never processed (a crash after ack): replayed at start. */
export async function pendingInbox(db: Kysely<Database>, olderThan: number, limit = 100): Promise<Interaction[]> {
  const rows = await db
    .selectFrom('inbox')
    .select('payload')
    .where('status', '=', 'received')
    .where('received_at', '<', olderThan)
    .orderBy('received_at')
    .limit(limit)
    .execute();
  return rows.map((r) => JSON.parse(r.payload) as Interaction);
}
