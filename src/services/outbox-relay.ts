/**
 * The outbox relay: claims due rows, holds each recipient's durable quota, delivers through one
 * bottleneck limiter per channel and records sent / retry / dead. Delivery is at-least-once: a
 * crash between the platform call and "sent" redelivers after the lease expires (60 s by
 * default). WeCom adapters send with enable_duplicate_check, whose interval (default 1800 s)
 * covers that window; Slack updates are in place. Per recipient, one row is in flight at a
 * time and rows go in created order (see the head-of-line rule in store/outbox-claim.ts).
 * @module
 */
import { randomUUID } from 'node:crypto';
import Bottleneck from 'bottleneck';
import type { Message } from '../../cards/card.ts';
import type { Db } from '../../db/connect.ts';
import type { ChannelName } from '../../db/schema.ts';
import { DeliveryError, type ChannelAdapter } from '../channels/channel.ts';
import type { Logger } from '../log.ts';
import { getCardRef, upsertCardRef } from '../store/card-refs.ts';
import * as outbox from '../store/outbox-claim.ts';
import type { ClaimedOutboxRow, Lease } from '../store/outbox-claim.ts';
import { pruneQuotaSends, settleQuotaSend } from '../store/quota.ts';
import { nextAttemptAt } from './backoff.ts';
import { createPump } from './pump.ts';

/** Hooks the relay calls on each outcome; `createMetrics().relay` implements them. */
export interface RelayMetrics {
  sent(channel: ChannelName, latencySeconds: number): void;
  retried(channel: ChannelName): void;
  dead(channel: ChannelName): void;
  quotaDeferred(channel: ChannelName): void;
}

export interface OutboxRelayOptions {
  db: Db;
  channels: readonly ChannelAdapter[];
  log: Logger;
  now?: () => number;
  /** Longest sleep between claims when nothing is known to be due (ms). */
  pollMs?: number;
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
  instanceId?: string;
  metrics?: RelayMetrics;
}

export interface OutboxRelay {
  start(): void;
  /** Stops polling; queued-but-unstarted rows are handed back, in-flight deliveries finish. */
  stop(): Promise<void>;
  /** Claims and delivers one batch; resolves when those finished with the count sent, retried or dead. */
  runOnce(): Promise<number>;
  /** Poll now, e.g. after a transaction queued rows. */
  wake(): void;
}

type Outcome = 'sent' | 'retry' | 'dead' | 'deferred' | 'skipped';

const QUOTA_PRUNE_EVERY_MS = 10 * 60_000;

export function createOutboxRelay(opts: OutboxRelayOptions): OutboxRelay {
  const { db, log } = opts;
  const now = opts.now ?? Date.now;
  const pollMs = opts.pollMs ?? 1_000;
  const batchSize = opts.batchSize ?? 50;
  const leaseMs = opts.leaseMs ?? 60_000;
  const maxAttempts = opts.maxAttempts ?? 8;
  const instance = opts.instanceId ?? randomUUID();
  const channels = new Map(opts.channels.map((c) => [c.name, c]));
  const limiters = new Map(
    opts.channels.map((c) => [c.name, new Bottleneck({ maxConcurrent: c.pacing?.maxConcurrent ?? null, minTime: c.pacing?.minTimeMs ?? 0 })]),
  );
  const longestWindow = Math.max(0, ...opts.channels.flatMap((c) => (c.quota ?? []).map((q) => q.windowMs)));
  const inFlight = new Set<Promise<Outcome>>();
  let stopping = false;
  let lastPruneAt = -Infinity;

  async function bury(row: ClaimedOutboxRow, held: Lease, attempts: number, reason: string): Promise<Outcome> {
    await outbox.markOutboxDead(db.kysely, held, { attempts, reason: reason.slice(0, 1000) });
    log.warn({ outboxId: row.id, channel: row.channel, attempts, reason, instance }, 'outbox: dead letter');
    opts.metrics?.dead(row.channel);
    return 'dead';
  }

  async function deliverRow(row: ClaimedOutboxRow, adapter: ChannelAdapter): Promise<Outcome> {
    if (stopping) {
      await outbox.releaseOutbox(db.kysely, row, now());
      return 'skipped';
    }
    let message: Message;
    try {
      message = JSON.parse(row.payload) as Message;
    } catch {
      return bury(row, row, row.attempts, 'payload is not valid JSON');
    }
    let held: Lease = row;
    if (row.lease - now() < leaseMs / 2) {
      // Queued in the limiter for a while: renew, so no other relay re-claims it mid-send.
      held = { id: row.id, lease: now() + leaseMs };
      if (!(await outbox.renewOutboxLease(db.kysely, row, held.lease))) return 'skipped';
    }
    const refKey = row.cardKey ? { cardKey: row.cardKey, channel: row.channel, personId: row.personId } : null;
    const ref = row.op === 'update' && refKey ? await getCardRef(db.kysely, refKey) : null;
    const attempts = row.attempts + 1;
    let result;
    try {
      const { id, channel, personId, recipient, op, cardKey } = row;
      result = await adapter.deliver({ id, channel, personId, recipient, op, cardKey, message, ref });
    } catch (err) {
      return fail(row, held, attempts, err);
    }
    // Recorded apart from the platform call: a DB error here must not look like a failed send.
    await db.kysely.transaction().execute(async (trx) => {
      const at = now();
      if (!(await outbox.markOutboxSent(trx, held, { now: at, attempts }))) {
        log.warn({ outboxId: row.id, instance }, 'outbox: delivered after losing the lease');
      }
      if (refKey && result.ref) await upsertCardRef(trx, refKey, result.ref, at);
      if (row.quotaId) await settleQuotaSend(trx, row.quotaId, at);
    });
    opts.metrics?.sent(row.channel, Math.max(0, now() - row.createdAt) / 1000);
    return 'sent';
  }

  async function fail(row: ClaimedOutboxRow, held: Lease, attempts: number, err: unknown): Promise<Outcome> {
    // Unclassified errors (a network throw the adapter did not wrap) are treated as retryable.
    const retryable = err instanceof DeliveryError ? err.retryable : true;
    const reason = err instanceof Error ? err.message : String(err);
    if (!retryable) return bury(row, held, attempts, reason);
    if (attempts >= maxAttempts) return bury(row, held, attempts, `gave up after ${attempts} attempts: ${reason}`);
    const retryAfterMs = err instanceof DeliveryError ? err.retryAfterMs : undefined;
    const at = nextAttemptAt(now(), attempts, retryAfterMs);
    await outbox.markOutboxRetry(db.kysely, held, { attempts, nextAttemptAt: at, error: reason.slice(0, 1000) });
    log.info({ outboxId: row.id, attempts, retryAt: at, reason }, 'outbox: delivery failed, will retry');
    opts.metrics?.retried(row.channel);
    return 'retry';
  }

  function dispatch(row: ClaimedOutboxRow): Promise<Outcome> {
    const adapter = channels.get(row.channel);
    const limiter = limiters.get(row.channel);
    const job =
      adapter && limiter
        ? limiter.schedule(() => deliverRow(row, adapter))
        : bury(row, row, row.attempts, `unknown channel ${row.channel}`);
    const settled = job.catch((err: unknown) => {
      // The row keeps its lease and is recovered when it expires.
      log.error({ err, outboxId: row.id }, 'outbox: relay error');
      return 'skipped' as const;
    });
    inFlight.add(settled);
    void settled.finally(() => {
      inFlight.delete(settled);
      pump.wake();
    });
    return settled;
  }

  /** Claims and dispatches; resolves with what was claimed and the earliest quota wait seen. */
  async function claimBatch(limit: number) {
    const at = now();
    if (longestWindow > 0 && at - lastPruneAt >= QUOTA_PRUNE_EVERY_MS) {
      lastPruneAt = at;
      await pruneQuotaSends(db.kysely, { now: at, olderThanMs: longestWindow });
    }
    const { claimed, deferred } = await outbox.claimOutbox(db.kysely, { now: at, limit, leaseMs, quotaOf: (c) => channels.get(c)?.quota });
    for (const d of deferred) {
      log.debug({ outboxId: d.id, retryAt: d.retryAt }, 'outbox: over quota, deferred');
      opts.metrics?.quotaDeferred(d.channel);
    }
    const earliestRetry = Math.min(...deferred.map((d) => d.retryAt));
    return { claimed: claimed.length + deferred.length, earliestRetry, done: Promise.all(claimed.map(dispatch)) };
  }

  const pump = createPump({
    log,
    name: 'outbox relay',
    pollMs,
    async step() {
      const capacity = batchSize - inFlight.size;
      // Completions wake the pump, so a full pipeline just waits for them.
      if (capacity <= 0) return { more: false, dueInMs: pollMs };
      const { claimed, earliestRetry } = await claimBatch(capacity);
      if (claimed === capacity) return { more: true };
      // While deliveries are in flight their completions wake us; otherwise sleep until the
      // next row is due, e.g. the moment a recipient's quota window frees.
      const dueAt = inFlight.size > 0 ? earliestRetry : Math.min(earliestRetry, (await outbox.nextOutboxDueAt(db.kysely)) ?? Infinity);
      return { more: false, dueInMs: Number.isFinite(dueAt) ? dueAt - now() : null };
    },
  });

  return {
    start() {
      stopping = false;
      pump.start();
    },
    async stop() {
      stopping = true;
      await pump.stop();
      await Promise.allSettled([...inFlight]);
    },
    async runOnce() {
      const { done } = await claimBatch(batchSize);
      return (await done).filter((o) => o === 'sent' || o === 'retry' || o === 'dead').length;
    },
    wake: () => pump.wake(),
  };
}
