/**
 * Durable per-recipient sliding-window quota over `quota_sends` (WeCom: 30/min and 1000/h per
 * member per app, excess silently dropped), so it holds across restarts and relay instances.
 * @module
 */
import { orderedId } from './ordered-id.ts';
import { sql, type Kysely } from 'kysely';
import type { ChannelName, Database } from '../../db/schema.ts';
import type { QuotaLimit } from '../channels/channel.ts';
import { isPostgres } from './dialect.ts';

export type QuotaDecision = { ok: true; id: string } | { ok: false; retryAt: number };

export interface QuotaRequest {
  channel: ChannelName;
  recipient: string;
  limits: readonly QuotaLimit[];
  now: number;
}

/** Namespace for the two-key advisory lock, so quota locks never collide with other lock users. */
const QUOTA_LOCK_NAMESPACE = 71_001;

/**
 * Pure window math: null when one more send at `now` fits under every limit, otherwise the
 * earliest time it will. A send at `t` counts while `now - t < windowMs`; for each limit the
 * `max`-th newest send in its window is the one that has to leave before a slot opens.
 * @example quotaRetryAt([5, 4, 3], [{ max: 3, windowMs: 10 }], 6) // 13
 */
export function quotaRetryAt(sentAt: readonly number[], limits: readonly QuotaLimit[], now: number): number | null {
  const newestFirst = [...sentAt].sort((a, b) => b - a);
  let retryAt: number | null = null;
  for (const { max, windowMs } of limits) {
    const nth = newestFirst[max - 1];
    if (nth === undefined || nth <= now - windowMs) continue;
    retryAt = Math.max(retryAt ?? 0, nth + windowMs);
  }
  return retryAt;
}

/**
 * Takes one slot for (channel, recipient) if every limit allows it, recording the send; else
 * returns when to retry. Must run inside a transaction: on PostgreSQL an advisory transaction
 * lock per recipient serialises concurrent relays between the count and the insert; on SQLite
 * BEGIN IMMEDIATE already does.
 */
export async function tryTakeQuota(trx: Kysely<Database>, req: QuotaRequest): Promise<QuotaDecision> {
  if (!trx.isTransaction) throw new Error('tryTakeQuota must run inside a transaction');
  if (isPostgres(trx)) {
    await sql`select pg_advisory_xact_lock(${sql.lit(QUOTA_LOCK_NAMESPACE)}, hashtext(${`${req.channel}:${req.recipient}`}))`.execute(trx);
  }
  if (req.limits.length > 0) {
    const longest = Math.max(...req.limits.map((l) => l.windowMs));
    const deepest = Math.max(...req.limits.map((l) => l.max));
    // Only the `max` newest sends of each window matter, so fetch no more than the largest max.
    const rows = await trx
      .selectFrom('quota_sends')
      .select('sent_at')
      .where('channel', '=', req.channel)
      .where('recipient', '=', req.recipient)
      .where('sent_at', '>', req.now - longest)
      .orderBy('sent_at', 'desc')
      .limit(deepest)
      .execute();
    const retryAt = quotaRetryAt(rows.map((r) => Number(r.sent_at)), req.limits, req.now);
    if (retryAt !== null) return { ok: false, retryAt };
  }
  const id = orderedId();
  await trx.insertInto('quota_sends').values({ id, channel: req.channel, recipient: req.recipient, sent_at: req.now }).execute();
  return { ok: true, id };
}

/**
 * Moves a taken slot to when the delivery finished. The platform counts the message somewhere
 * between start and finish; recording the later bound keeps the next window from opening early.
 */
export async function settleQuotaSend(db: Kysely<Database>, id: string, sentAt: number): Promise<void> {
  await db.updateTable('quota_sends').set({ sent_at: sentAt }).where('id', '=', id).execute();
}

/** Deletes sends older than every window (they can no longer count); returns how many. */
export async function pruneQuotaSends(db: Kysely<Database>, opts: { now: number; olderThanMs: number }): Promise<number> {
  const result = await db.deleteFrom('quota_sends').where('sent_at', '<=', opts.now - opts.olderThanMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}
