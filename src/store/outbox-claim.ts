/**
 * The relay's side of the outbox: claim due rows under a lease, then record what happened.
 * Every transition after the claim is fenced on (status 'sending', lease_until) so a relay
 * whose lease expired cannot overwrite the outcome of the instance that re-claimed the row.
 * @module
 */
import { sql, type Kysely } from 'kysely';
import type { ChannelName, Database } from '../../db/schema.ts';
import type { OutboxAddress, QuotaLimit } from '../channels/channel.ts';
import { isPostgres } from './dialect.ts';
import { tryTakeQuota } from './quota.ts';

export interface ClaimedOutboxRow extends OutboxAddress {
  payload: string;
  attempts: number;
  createdAt: number;
  /** The lease this claim holds; the fencing token for every later transition. */
  lease: number;
  /** The quota slot taken for this delivery (quota_sends id), if the channel has a quota. */
  quotaId: string | null;
}

/** A row's lease as held by one relay. */
export interface Lease {
  id: string;
  lease: number;
}

/**
 * Head-of-line rule: a row is eligible only if no older row (created_at, then 'send' before
 * 'update', then id) for the same channel and recipient is still pending or sending. It keeps
 * one message per recipient in flight across all instances, delivers in created order, and
 * makes a card's update wait for its send.
 */
const HEAD_OF_LINE = sql<boolean>`not exists (
  select 1 from outbox p
  where p.channel = o.channel and p.recipient = o.recipient and p.status in ('pending', 'sending')
    and (p.created_at, p.op, p.id) < (o.created_at, o.op, o.id))`;

export interface ClaimResult {
  /** Now `sending` under a lease, oldest first. */
  claimed: ClaimedOutboxRow[];
  /** Head rows left pending because the recipient's quota is full, with when it frees. */
  deferred: Array<{ id: string; channel: ChannelName; retryAt: number }>;
}

export interface ClaimOptions {
  now: number;
  limit: number;
  leaseMs: number;
  /** Durable per-recipient quota of a channel, taken in the claim transaction (WeCom). */
  quotaOf?: (channel: ChannelName) => readonly QuotaLimit[] | undefined;
}

/**
 * Claims up to `limit` due rows (pending and due, or sending with an expired lease after a
 * crash) and marks them sending with a lease, in one transaction that also takes each row's
 * quota slot; a row over quota stays pending until its window frees (no attempt counted).
 * PostgreSQL: FOR UPDATE SKIP LOCKED, so concurrent relays take disjoint rows; SQLite: BEGIN
 * IMMEDIATE serialises claims. Taking quota at claim rather than at send is safe because the
 * head-of-line rule keeps the recipient's next row unclaimable until this one is finished,
 * and the relay moves the slot to the delivery's end (`settleQuotaSend`). The quota's
 * per-recipient advisory locks do not make claimers wait on each other: each recipient's
 * head row is locked by one claimer only (a hashtext collision could at worst get one claim
 * aborted as a deadlock, and it is retried at the next poll).
 */
export async function claimOutbox(db: Kysely<Database>, opts: ClaimOptions): Promise<ClaimResult> {
  if (opts.limit <= 0) return { claimed: [], deferred: [] };
  const lease = opts.now + opts.leaseMs;
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('outbox as o')
      .select(['o.id', 'o.channel', 'o.person_id', 'o.recipient', 'o.op', 'o.card_key', 'o.payload', 'o.attempts', 'o.created_at'])
      .where((eb) =>
        eb.or([
          eb.and([eb('o.status', '=', 'pending'), eb('o.next_attempt_at', '<=', opts.now)]),
          eb.and([eb('o.status', '=', 'sending'), eb('o.lease_until', '<', opts.now)]),
        ]),
      )
      .where(HEAD_OF_LINE)
      .orderBy('o.created_at')
      .orderBy('o.op')
      .orderBy('o.id')
      .limit(opts.limit)
      .$if(isPostgres(trx), (qb) => qb.forUpdate('o').skipLocked())
      .execute();
    const result: ClaimResult = { claimed: [], deferred: [] };
    for (const r of rows) {
      let quotaId: string | null = null;
      const limits = opts.quotaOf?.(r.channel);
      if (limits?.length) {
        const quota = await tryTakeQuota(trx, { channel: r.channel, recipient: r.recipient, limits, now: opts.now });
        if (!quota.ok) {
          await trx.updateTable('outbox').set({ status: 'pending', next_attempt_at: quota.retryAt, lease_until: null }).where('id', '=', r.id).execute();
          result.deferred.push({ id: r.id, channel: r.channel, retryAt: quota.retryAt });
          continue;
        }
        quotaId = quota.id;
      }
      result.claimed.push({
        id: r.id,
        channel: r.channel,
        personId: r.person_id,
        recipient: r.recipient,
        op: r.op,
        cardKey: r.card_key,
        payload: r.payload,
        attempts: Number(r.attempts),
        createdAt: Number(r.created_at),
        lease,
        quotaId,
      });
    }
    if (result.claimed.length > 0) {
      await trx
        .updateTable('outbox')
        .set({ status: 'sending', lease_until: lease })
        .where('id', 'in', result.claimed.map((r) => r.id))
        .execute();
    }
    return result;
  });
}

/**
 * The earliest time a claim could find work: the next due head-of-line row, or the lease
 * expiry of one in flight elsewhere. The relay sleeps until then (bounded by its poll interval),
 * which is what lets it send the moment a quota window frees.
 */
export async function nextOutboxDueAt(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom('outbox as o')
    .select(sql<number | null>`min(case when o.status = 'pending' then o.next_attempt_at else o.lease_until end)`.as('due'))
    .where('o.status', 'in', ['pending', 'sending'])
    .where(HEAD_OF_LINE)
    .executeTakeFirst();
  return row?.due == null ? null : Number(row.due);
}

function fenced(db: Kysely<Database>, held: Lease) {
  return db.updateTable('outbox').where('id', '=', held.id).where('status', '=', 'sending').where('lease_until', '=', held.lease);
}

async function changed(query: { executeTakeFirst(): Promise<{ numUpdatedRows: bigint }> }): Promise<boolean> {
  return Number((await query.executeTakeFirst()).numUpdatedRows) > 0;
}

/** Extends a held lease right before delivering; false when the lease was lost to another relay. */
export function renewOutboxLease(db: Kysely<Database>, held: Lease, leaseUntil: number): Promise<boolean> {
  return changed(fenced(db, held).set({ lease_until: leaseUntil }));
}

export function markOutboxSent(db: Kysely<Database>, held: Lease, opts: { now: number; attempts: number }): Promise<boolean> {
  return changed(fenced(db, held).set({ status: 'sent', sent_at: opts.now, attempts: opts.attempts, lease_until: null, last_error: null }));
}

export function markOutboxRetry(
  db: Kysely<Database>,
  held: Lease,
  opts: { attempts: number; nextAttemptAt: number; error: string },
): Promise<boolean> {
  return changed(
    fenced(db, held).set({ status: 'pending', attempts: opts.attempts, next_attempt_at: opts.nextAttemptAt, lease_until: null, last_error: opts.error }),
  );
}

/** Dead letter: never retried; the reason stays in last_error for the operator. */
export function markOutboxDead(db: Kysely<Database>, held: Lease, opts: { attempts: number; reason: string }): Promise<boolean> {
  return changed(fenced(db, held).set({ status: 'dead', attempts: opts.attempts, lease_until: null, last_error: opts.reason }));
}

/** Hands a claimed row back untouched (quota wait, shutdown): no attempt is counted. */
export function releaseOutbox(db: Kysely<Database>, held: Lease, nextAttemptAt: number): Promise<boolean> {
  return changed(fenced(db, held).set({ status: 'pending', next_attempt_at: nextAttemptAt, lease_until: null }));
}
