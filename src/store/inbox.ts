/** Inbox rows: every verified inbound interaction, keyed by the platform's own id. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Interaction } from '../channels/channel.ts';

/**
 * Inserts several interactions in one statement and returns the ids that were new; ids seen
 * before (or twice in the batch) are left out, so the caller knows which are duplicates.
 */
export async function insertInboxBatch(db: Kysely<Database>, interactions: readonly Interaction[]): Promise<Set<string>> {
  const rows = new Map<string, Interaction>();
  for (const i of interactions) if (!rows.has(inboxId(i))) rows.set(inboxId(i), i);
  if (rows.size === 0) return new Set();
  const inserted = await db
    .insertInto('inbox')
    .values(
      [...rows].map(([id, i]) => ({
        id,
        channel: i.channel,
        kind: i.kind,
        user_id: i.userId,
        payload: JSON.stringify(i),
        status: 'received' as const,
        received_at: i.receivedAt,
        processed_at: null,
        error: null,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .execute();
  return new Set(inserted.map((r) => r.id));
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
