/**
 * Timer benchmark on a temp SQLite file with 100,000 pending timers: the claim query's time
 * (direct `claimDueTimers` calls, p99), then the real scheduler firing a no-op handler for all
 * of them, due over 20 s, and how late each fired (p99). Run alone: `npx tsx bench/timers.ts`.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Db } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createLogger } from '../src/log.ts';
import { createScheduler } from '../src/services/scheduler.ts';
import { claimDueTimers } from '../src/store/timers.ts';

const TIMERS = 100_000;
const SPREAD_MS = 20_000;
/** Virtual epoch of the first due time; the scheduler's clock is shifted so it arrives 1 s after the start. */
const BASE = 1_800_000_000_000;
const STEP_MS = SPREAD_MS / TIMERS;
const BATCH = 20;
const CLAIMS = 500;

async function insertTimers(db: Db): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    for (let start = 0; start < TIMERS; start += 500) {
      const rows = Array.from({ length: Math.min(500, TIMERS - start) }, (_, k) => {
        const i = start + k;
        return {
          id: `bench:L-${i}:a1:remind`,
          kind: 'bench.noop',
          subject: `L-${i}`,
          due_at: Math.round(BASE + i * STEP_MS),
          status: 'pending' as const,
          attempts: 0,
          claimed_by: null,
          lease_until: null,
          payload: '{"seq":1,"step":"remind"}',
          created_at: BASE - 60_000,
          fired_at: null,
        };
      });
      await trx.insertInto('timers').values(rows).execute();
    }
  });
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const sortNumbers = (xs: number[]) => xs.sort((a, b) => a - b);

/** Milliseconds per claimDueTimers call with the table full: as the scheduler keeps up (≈20 due), and with all of it overdue. */
async function claimTimes(db: Db): Promise<{ steady: number[]; backlog: number[] }> {
  const claim = async (now: number) => {
    const started = performance.now();
    await claimDueTimers(db.kysely, { now, limit: BATCH, instanceId: 'bench', leaseMs: 60_000 });
    return performance.now() - started;
  };
  const steady: number[] = [];
  for (let k = 1; k <= CLAIMS; k++) steady.push(await claim(BASE + k * BATCH * STEP_MS));
  const backlog: number[] = [];
  for (let k = 0; k < 20; k++) backlog.push(await claim(BASE + SPREAD_MS + 1));
  // Back to 100,000 pending for the firing run.
  await db.kysely.updateTable('timers').set({ status: 'pending', attempts: 0, claimed_by: null, lease_until: null }).execute();
  return { steady: sortNumbers(steady), backlog: sortNumbers(backlog) };
}

/** Runs the scheduler until every timer fired (or a minute past the last due time); lateness of each in ms. */
async function fireAll(db: Db): Promise<{ late: number[]; fired: number }> {
  const late: number[] = [];
  const offset = Date.now() + 1_000 - BASE;
  const now = () => Date.now() - offset;
  const scheduler = createScheduler({
    db,
    log: createLogger({ level: 'warn', pretty: false }),
    now,
    handlers: { 'bench.noop': async (timer, ctx) => void late.push(ctx.now - timer.dueAt) },
  });
  scheduler.start();
  const deadline = BASE + SPREAD_MS + 60_000;
  while (late.length < TIMERS && now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await scheduler.stop();
  const fired = late.length;
  // A timer that never fired counts as late by the whole wait.
  while (late.length < TIMERS) late.push(deadline - BASE);
  return { late: sortNumbers(late), fired };
}

export async function benchTimers(): Promise<{ timer_p99_late_ms: number; timer_claim_ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'closeloop-bench-timers-'));
  const db = connect(`file:${join(dir, 'bench.db')}`);
  try {
    await migrateToLatest(db);
    await insertTimers(db);
    const claims = await claimTimes(db);
    const { late, fired } = await fireAll(db);
    const within1s = late.filter((ms) => ms <= 1_000).length / TIMERS;
    const f = (ms: number) => ms.toFixed(2);
    console.error(
      `bench timers: claimDueTimers(limit ${BATCH}) with ${TIMERS} pending: median ${f(percentile(claims.steady, 50))} ms, p99 ${f(percentile(claims.steady, 99))} ms; ` +
        `all overdue (backlog): median ${f(percentile(claims.backlog, 50))} ms`,
    );
    console.error(
      `bench timers: fired ${fired}/${TIMERS} due over ${SPREAD_MS / 1000} s; late median ${f(percentile(late, 50))} ms, p99 ${f(percentile(late, 99))} ms, max ${f(late[late.length - 1] ?? NaN)} ms; ${(within1s * 100).toFixed(2)} % within 1 s`,
    );
    return { timer_p99_late_ms: Number(f(percentile(late, 99))), timer_claim_ms: Number(f(percentile(claims.steady, 99))) };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchTimers());
