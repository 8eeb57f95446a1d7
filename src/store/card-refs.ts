/** Where each card was delivered per person and channel, so it can be updated in place. */
import type { Kysely } from 'kysely';
import type { ChannelName, Database } from '../../db/schema.ts';

export interface CardRefKey {
  cardKey: string;
  channel: ChannelName;
  personId: string;
}

/** Stores (or merges into) the platform handle of a card: Slack `{channelId, ts}`, WeCom `{responseCode, taskId}`. */
export async function upsertCardRef(
  db: Kysely<Database>,
  key: CardRefKey,
  ref: Record<string, unknown>,
  now: number,
): Promise<void> {
  const existing = await getCardRef(db, key);
  const merged = JSON.stringify({ ...(existing ?? {}), ...ref });
  await db
    .insertInto('card_refs')
    .values({ card_key: key.cardKey, channel: key.channel, person_id: key.personId, ref: merged, updated_at: now })
    .onConflict((oc) => oc.columns(['card_key', 'channel', 'person_id']).doUpdateSet({ ref: merged, updated_at: now }))
    .execute();
}

export async function getCardRef(db: Kysely<Database>, key: CardRefKey): Promise<Record<string, unknown> | null> {
  const row = await db
    .selectFrom('card_refs')
    .select('ref')
    .where('card_key', '=', key.cardKey)
    .where('channel', '=', key.channel)
    .where('person_id', '=', key.personId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.ref) as Record<string, unknown>) : null;
}

/** Finds the card a WeCom click belongs to, by the task id it was sent with. */
export async function findCardRefByField(
  db: Kysely<Database>,
  channel: ChannelName,
  personId: string,
  field: string,
  value: string,
): Promise<{ cardKey: string; ref: Record<string, unknown> } | undefined> {
  const rows = await db
    .selectFrom('card_refs')
    .select(['card_key', 'ref'])
    .where('channel', '=', channel)
    .where('person_id', '=', personId)
    .execute();
  for (const row of rows) {
    const ref = JSON.parse(row.ref) as Record<string, unknown>;
    if (ref[field] === value) return { cardKey: row.card_key, ref };
  }
  return undefined;
}
