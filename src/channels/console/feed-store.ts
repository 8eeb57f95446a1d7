/** console_feed queries: what each person would see in their chat, one row per message. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Message } from '../../../cards/card.ts';

export interface FeedRow {
  id: string;
  personId: string;
  cardKey: string | null;
  message: Message;
  createdAt: number;
  updatedAt: number;
}

/** Inserts a message; a retry with the same id is a no-op (the relay may redeliver). */
export async function insertFeedRow(
  db: Kysely<Database>,
  row: { id: string; personId: string; cardKey: string | null; message: Message; now: number },
): Promise<void> {
  await db
    .insertInto('console_feed')
    .values({
      id: row.id,
      person_id: row.personId,
      card_key: row.cardKey,
      message: JSON.stringify(row.message),
      created_at: row.now,
      updated_at: row.now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Replaces the message of every row showing this card to this person; returns their ids. */
export async function updateFeedCard(
  db: Kysely<Database>,
  personId: string,
  cardKey: string,
  message: Message,
  now: number,
): Promise<string[]> {
  const rows = await db
    .updateTable('console_feed')
    .set({ message: JSON.stringify(message), updated_at: now })
    .where('person_id', '=', personId)
    .where('card_key', '=', cardKey)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export const FEED_PAGE = 200;

/**
 * Without `since`: the newest page, oldest first. With `since`: rows changed at or after it —
 * inclusive, because a write in the same millisecond as the last poll must not be missed;
 * the page ignores rows it already has unchanged.
 */
export async function listFeed(db: Kysely<Database>, personId: string, since?: number): Promise<FeedRow[]> {
  const base = db.selectFrom('console_feed').selectAll().where('person_id', '=', personId);
  const rows =
    since === undefined
      ? (await base.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(FEED_PAGE).execute()).reverse()
      : await base.where('updated_at', '>=', since).orderBy('updated_at').orderBy('id').limit(FEED_PAGE).execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    cardKey: r.card_key,
    message: parseMessage(r.message),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }));
}

/** One unreadable row must not break the whole feed: it shows as a placeholder instead. */
function parseMessage(text: string): Message {
  try {
    return JSON.parse(text) as Message;
  } catch {
    return { kind: 'text', text: '(unreadable message)' };
  }
}
