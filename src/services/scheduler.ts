/**
 * The scheduler: claims due timers and runs the handler for each timer's kind. A claimed timer
 * never runs on two instances at once (claim under lease, SKIP LOCKED on PostgreSQL), but a
 * handler may still run twice — after a crash, or when it outlives its lease — so every
 * handler must be idempotent: re-read the subject's state and do nothing if the step is moot
 * (lead already accepted, level already escalated), and write outbox rows with deterministic ids.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import type { Logger } from '../log.ts';
import * as timers from '../store/timers.ts';
import type { TimerRow } from '../store/timers.ts';
import { nextAttemptAt } from './backoff.ts';
import { createPump } from './pump.ts';

export type { TimerRow };

/**
 * Runs a due timer. Resolving `'completed'` says the handler marked its own timer done inside
 * its transaction (fired and recorded in one commit), so the scheduler leaves it alone;
 * otherwise the scheduler marks it done with the rest of the batch.
 */
export type TimerHandler = (timer: TimerRow, ctx: { now: number }) => Promise<void | 'completed'>;

/** Hooks the scheduler calls; `createMetrics().scheduler` implements them. */
export interface SchedulerMetrics {
  /** A handler was invoked, `lagSeconds` after the timer was due. */
  fired(kind: string, lagSeconds: number): void;
  failed(kind: string): void;
}

export interface SchedulerOptions {
  db: Db;
  handlers: Record<string, TimerHandler>;
  log: Logger;
  now?: () => number;
  pollMs?: number;
  instanceId?: string;
  leaseMs?: number;
  batchSize?: number;
  /** Failures after which a timer is given up (cancelled, logged at error). */
  maxAttempts?: number;
  metrics?: SchedulerMetrics;
}

export interface Scheduler {
  start(): void;
  stop(): Promise<void>;
  /** Claims and runs one batch of due timers; resolves with how many handlers ran. */
  runOnce(): Promise<number>;
  wake(): void;
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const { db, log } = opts;
  const now = opts.now ?? Date.now;
  const pollMs = opts.pollMs ?? 1_000;
  const leaseMs = opts.leaseMs ?? 60_000;
  const batchSize = opts.batchSize ?? 20;
  const maxAttempts = opts.maxAttempts ?? 10;
  const instanceId = opts.instanceId ?? randomUUID();

  /** Runs one timer's handler; 'fired' timers are completed together by the batch. */
  async function fire(timer: TimerRow): Promise<'fired' | 'completed' | 'failed' | 'skipped'> {
    const handler = Object.hasOwn(opts.handlers, timer.kind) ? opts.handlers[timer.kind] : undefined;
    if (!handler) {
      // Retrying cannot help: keep the row for the record and stop claiming it.
      await timers.abandonTimer(db.kysely, timer, now());
      log.warn({ timerId: timer.id, kind: timer.kind }, 'scheduler: no handler for timer kind, cancelled');
      return 'skipped';
    }
    const startedAt = now();
    opts.metrics?.fired(timer.kind, Math.max(0, startedAt - timer.dueAt) / 1000);
    let outcome: void | 'completed';
    try {
      outcome = await handler(timer, { now: startedAt });
    } catch (err) {
      opts.metrics?.failed(timer.kind);
      if (timer.attempts >= maxAttempts) {
        await timers.abandonTimer(db.kysely, timer, now());
        log.error({ err, timerId: timer.id, attempts: timer.attempts }, 'scheduler: timer failed too often, cancelled');
      } else {
        const retryAt = nextAttemptAt(now(), timer.attempts);
        await timers.retryTimer(db.kysely, timer, retryAt);
        log.warn({ err, timerId: timer.id, attempts: timer.attempts, retryAt }, 'scheduler: timer failed, will retry');
      }
      return 'failed';
    }
    return outcome === 'completed' ? 'completed' : 'fired';
  }

  /**
   * Marks the batch's fired timers done in one commit (with synchronous=FULL a commit is a disk
   * flush, so one per timer would cap the rate at the disk's). A crash before it re-fires them
   * after the lease, which idempotent handlers allow.
   */
  async function completeAll(fired: TimerRow[]): Promise<void> {
    if (fired.length === 0) return;
    const done = await timers.completeTimers(db.kysely, fired, now());
    for (const timer of fired) {
      if (done.has(timer.id)) continue;
      // A handler may complete its own timer inside its transaction; only a lost claim is news.
      if ((await timers.getTimer(db.kysely, timer.id))?.status !== 'done') {
        log.warn({ timerId: timer.id }, 'scheduler: timer finished after its claim was lost or cancelled');
      }
    }
  }

  async function runBatch(): Promise<{ claimed: number; ran: number }> {
    const claimed = await timers.claimDueTimers(db.kysely, { now: now(), limit: batchSize, instanceId, leaseMs });
    let ran = 0;
    const fired: TimerRow[] = [];
    // One at a time: handlers write in transactions, and a batch must finish inside its lease.
    for (const timer of claimed) {
      try {
        const outcome = await fire(timer);
        if (outcome !== 'skipped') ran++;
        if (outcome === 'fired') fired.push(timer);
      } catch (err) {
        log.error({ err, timerId: timer.id }, 'scheduler: could not record timer outcome; lease expiry will retry it');
      }
    }
    try {
      await completeAll(fired);
    } catch (err) {
      log.error({ err, timers: fired.length }, 'scheduler: could not mark fired timers done; lease expiry will re-fire them');
    }
    return { claimed: claimed.length, ran };
  }

  const pump = createPump({
    name: 'scheduler',
    log,
    pollMs,
    async step() {
      const { claimed } = await runBatch();
      if (claimed === batchSize) return { more: true };
      const dueAt = await timers.nextTimerDueAt(db.kysely);
      return { more: false, dueInMs: dueAt === null ? null : dueAt - now() };
    },
  });

  return {
    start: () => pump.start(),
    stop: () => pump.stop(),
    runOnce: async () => (await runBatch()).ran,
    wake: () => pump.wake(),
  };
}
