import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { createLogger } from '../../src/log.ts';
import { createMetrics, metricsText } from '../../src/metrics.ts';
import { createScheduler, type SchedulerOptions, type TimerRow } from '../../src/services/scheduler.ts';
import { cancelTimers, claimDueTimers, completeTimer, completeTimers, getTimer, scheduleTimer } from '../../src/store/timers.ts';
import { openTestDb, testDatabases } from '../support/databases.ts';
import { ROOT, runWorker } from '../support/child-worker.ts';

const T0 = 1_700_000_000_000;
const silent = createLogger({ level: 'silent', pretty: false });

const at = (db: Db, id: string, dueAt: number, kind = 'sla', subject = 'lead:L-1') =>
  scheduleTimer(db.kysely, { id, kind, subject, dueAt, payload: { level: 1 }, now: T0 - 60_000 });

/** A second scheduler in its own process, printing the ids it fired. */
function schedulerInChild(url: string): { ready: Promise<void>; done: Promise<string[]> } {
  const code = `
    const { connect } = await import(${JSON.stringify(`${ROOT}db/connect.ts`)});
    const { createScheduler } = await import(${JSON.stringify(`${ROOT}src/services/scheduler.ts`)});
    const { createLogger } = await import(${JSON.stringify(`${ROOT}src/log.ts`)});
    const db = connect(process.env.SCHED_DB_URL, { poolSize: 4 });
    const fired = [];
    const handlers = { sla: async (t) => { await new Promise((r) => setTimeout(r, 3)); fired.push(t.id); } };
    const s = createScheduler({ db, handlers, log: createLogger({ level: 'silent', pretty: false }), batchSize: 3 });
    console.log('ready');
    for (;;) {
      if ((await s.runOnce()) === 0) await new Promise((r) => setTimeout(r, 2));
      const left = await db.kysely.selectFrom('timers').select('id').where('status', 'in', ['pending', 'claimed']).limit(1).execute();
      if (left.length === 0) break;
    }
    console.log(JSON.stringify(fired));
    await db.close();`;
  return runWorker(code, { SCHED_DB_URL: url });
}

describe.each(testDatabases)('scheduler on $name', (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  async function setup(extra: Partial<SchedulerOptions> = {}) {
    const t = await openTestDb(kind);
    cleanups.push(t.cleanup);
    const clock = { now: T0 };
    const fired: TimerRow[] = [];
    const handlers = { sla: async (timer: TimerRow) => void fired.push(timer) };
    const make = (more: Partial<SchedulerOptions> = {}) =>
      createScheduler({ db: t.db, handlers, log: silent, now: () => clock.now, ...extra, ...more });
    return { db: t.db, url: t.url, clock, fired, scheduler: make(), make };
  }

  it('fires due timers once, in due order, with their payload; same id schedules nothing new', async () => {
    const { db, clock, fired, scheduler } = await setup();
    expect(await at(db, 'sla:L-1:level-2', T0 + 10)).toBe(true);
    expect(await at(db, 'sla:L-1:level-1', T0)).toBe(true);
    expect(await at(db, 'sla:L-1:level-1', T0 + 999)).toBe(false);
    expect(await scheduler.runOnce()).toBe(1);
    clock.now = T0 + 10;
    expect(await scheduler.runOnce()).toBe(1);
    expect(await scheduler.runOnce()).toBe(0);
    expect(fired.map((t) => [t.id, t.payload, t.attempts])).toEqual([
      ['sla:L-1:level-1', { level: 1 }, 1],
      ['sla:L-1:level-2', { level: 1 }, 1],
    ]);
    expect(await getTimer(db.kysely, 'sla:L-1:level-1')).toMatchObject({ status: 'done', firedAt: T0 });
  });

  it('does not fire cancelled timers, and keeps them', async () => {
    const { db, fired, scheduler } = await setup();
    await at(db, 'sla:L-1:level-1', T0);
    await at(db, 'task:T-1:due', T0, 'task', 'task:T-1');
    await at(db, 'sla:L-2:level-1', T0, 'sla', 'lead:L-2');
    expect(await cancelTimers(db.kysely, { subject: 'lead:L-1', kind: 'sla' })).toBe(1);
    expect(await cancelTimers(db.kysely, { subject: 'task:T-1' })).toBe(1);
    expect(await scheduler.runOnce()).toBe(1);
    expect(fired.map((t) => t.id)).toEqual(['sla:L-2:level-1']);
    expect((await getTimer(db.kysely, 'sla:L-1:level-1'))?.status).toBe('cancelled');
  });

  it('retries a failing handler with backoff, counting attempts, and gives up after maxAttempts', async () => {
    const { db, clock, make } = await setup();
    let calls = 0;
    const boom = async () => {
      calls++;
      throw new Error('boom');
    };
    const failing = make({ maxAttempts: 2, handlers: { sla: boom } });
    await at(db, 't1', T0);
    expect(await failing.runOnce()).toBe(1);
    const t = await getTimer(db.kysely, 't1');
    expect(t).toMatchObject({ status: 'pending', attempts: 1 });
    expect(t!.dueAt - T0).toBeGreaterThanOrEqual(500);
    expect(t!.dueAt - T0).toBeLessThanOrEqual(1_000);
    expect(await failing.runOnce()).toBe(0);
    clock.now = t!.dueAt;
    expect(await failing.runOnce()).toBe(1);
    expect(await getTimer(db.kysely, 't1')).toMatchObject({ status: 'cancelled', attempts: 2 });
    expect(calls).toBe(2);
  });

  it('cancels timers of an unknown kind instead of retrying them', async () => {
    const { db, scheduler } = await setup();
    await at(db, 'x1', T0, 'no-such-kind');
    expect(await scheduler.runOnce()).toBe(0);
    expect((await getTimer(db.kysely, 'x1'))?.status).toBe('cancelled');
  });

  it('re-claims a timer whose claimant died once the lease expired; the late claimant cannot complete it', async () => {
    const { db, clock, fired, make } = await setup({ leaseMs: 1_000 });
    await at(db, 't1', T0);
    const [dead] = await claimDueTimers(db.kysely, { now: T0, limit: 10, instanceId: 'crashed', leaseMs: 1_000 });
    expect(dead?.id).toBe('t1');
    const other = make({ instanceId: 'b' });
    clock.now = T0 + 999;
    expect(await other.runOnce()).toBe(0);
    clock.now = T0 + 1_001;
    expect(await other.runOnce()).toBe(1);
    expect(fired.map((t) => [t.id, t.attempts])).toEqual([['t1', 2]]);
    expect(await completeTimer(db.kysely, dead!, T0 + 2_000)).toBe(false);
    expect((await getTimer(db.kysely, 't1'))?.firedAt).toBe(T0 + 1_001);
  });

  it('marks a batch done in one go, each only under its own claim', async () => {
    const { db } = await setup({ leaseMs: 1_000 });
    for (const id of ['a', 'b', 'c']) await at(db, id, T0);
    const mine = await claimDueTimers(db.kysely, { now: T0, limit: 10, instanceId: 'me', leaseMs: 1_000 });
    // 'b' outlives its lease and another instance takes it over.
    await db.kysely.updateTable('timers').set({ claimed_by: 'other', lease_until: T0 + 5_000 }).where('id', '=', 'b').execute();
    const done = await completeTimers(db.kysely, mine, T0 + 100);
    expect([...done].sort()).toEqual(['a', 'c']);
    expect((await getTimer(db.kysely, 'b'))).toMatchObject({ status: 'claimed', claimedBy: 'other' });
    expect((await getTimer(db.kysely, 'c'))).toMatchObject({ status: 'done', firedAt: T0 + 100 });
  });

  it('completes what fired even when a handler of the same batch failed', async () => {
    const t = await openTestDb(kind);
    cleanups.push(t.cleanup);
    for (const id of ['ok-1', 'bad', 'ok-2']) await at(t.db, id, T0);
    const scheduler = createScheduler({
      db: t.db,
      log: silent,
      now: () => T0,
      handlers: { sla: async (timer) => { if (timer.id === 'bad') throw new Error('boom'); } },
    });
    expect(await scheduler.runOnce()).toBe(3);
    const rows = await t.db.kysely.selectFrom('timers').select(['id', 'status']).orderBy('id').execute();
    expect(rows).toEqual([{ id: 'bad', status: 'pending' }, { id: 'ok-1', status: 'done' }, { id: 'ok-2', status: 'done' }]);
  });

  it('fires each due timer exactly once with two scheduler processes', async () => {
    const { db, url } = await setup();
    const ids = Array.from({ length: 40 }, (_, i) => `sla:L-${i}:level-1`);
    for (const [i, id] of ids.entries()) await at(db, id, Date.now() - 1_000 + i);
    const fired: string[] = [];
    const mine = createScheduler({
      db,
      log: silent,
      batchSize: 3,
      handlers: { sla: async (t) => void (await new Promise((r) => setTimeout(r, 3)), fired.push(t.id)) },
    });
    const child = schedulerInChild(url);
    await child.ready;
    for (;;) {
      if ((await mine.runOnce()) === 0) await new Promise((r) => setTimeout(r, 2));
      const left = await db.kysely.selectFrom('timers').select('id').where('status', 'in', ['pending', 'claimed']).execute();
      if (left.length === 0) break;
    }
    const theirs = await child.done;
    expect([...fired, ...theirs].sort()).toEqual([...ids].sort());
    expect(theirs.length).toBeGreaterThan(0);
    expect(fired.length).toBeGreaterThan(0);
  });

  it('runs on its own once started and reports timer lag', async () => {
    const t = await openTestDb(kind);
    cleanups.push(t.cleanup);
    const metrics = createMetrics(t.db, { defaultMetrics: false });
    const fired: string[] = [];
    const scheduler = createScheduler({ db: t.db, log: silent, pollMs: 20, metrics: metrics.scheduler, handlers: { sla: async (x) => void fired.push(x.id) } });
    await scheduleTimer(t.db.kysely, { id: 'soon', kind: 'sla', subject: 's', dueAt: Date.now() + 30, payload: {}, now: Date.now() });
    scheduler.start();
    await expect.poll(() => fired, { timeout: 2_000 }).toEqual(['soon']);
    await scheduler.stop();
    expect(await metricsText(metrics)).toMatch(/closeloop_timer_lag_seconds_count\{kind="sla"\} 1/);
  });
});
