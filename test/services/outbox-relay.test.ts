import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import type { ChannelName } from '../../db/schema.ts';
import type { Message } from '../../cards/card.ts';
import { DeliveryError, type ChannelAdapter, type DeliveryResult, type OutboundItem, type QuotaLimit } from '../../src/channels/channel.ts';
import { createLogger } from '../../src/log.ts';
import { createMetrics, metricsText } from '../../src/metrics.ts';
import { retryDelayMs } from '../../src/services/backoff.ts';
import { createOutboxRelay, type OutboxRelayOptions } from '../../src/services/outbox-relay.ts';
import { getCardRef } from '../../src/store/card-refs.ts';
import { insertOutboxRow } from '../../src/store/outbox.ts';
import { openTestDb, testDatabases } from '../support/databases.ts';
import { ROOT, runWorker } from '../support/child-worker.ts';

const T0 = 1_700_000_000_000;

/** A fake remote platform: records every delivery; `reply` decides each outcome. */
function fakeChannel(name: ChannelName, extra: { quota?: QuotaLimit[]; reply?: (item: OutboundItem) => DeliveryResult } = {}) {
  const calls: OutboundItem[] = [];
  const adapter: ChannelAdapter = {
    name,
    quota: extra.quota,
    recipientOf: () => undefined,
    routes: () => [],
    async deliver(item) {
      calls.push(item);
      return extra.reply ? extra.reply(item) : {};
    },
  };
  return { adapter, calls };
}

function logCapture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ level: 'info', destination }), lines };
}

const text = (t: string): Message => ({ kind: 'text', text: t });
const card = (key: string, version: number): Message => ({ kind: 'card', card: { key, version, title: `card ${version}` } });

async function queue(db: Db, id: string, opts: { recipient?: string; op?: 'send' | 'update'; message?: Message; now?: number; channel?: ChannelName } = {}) {
  const message = opts.message ?? text(id);
  await insertOutboxRow(db.kysely, {
    id,
    channel: opts.channel ?? 'wecom',
    personId: opts.recipient ?? 'zhangwei',
    recipient: opts.recipient ?? 'zhangwei',
    op: opts.op ?? 'send',
    cardKey: message.kind === 'card' ? message.card.key : null,
    message,
    now: opts.now ?? T0,
  });
}

const row = (db: Db, id: string) => db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function drain(relay: { runOnce(): Promise<number> }): Promise<number> {
  let total = 0;
  for (let n = await relay.runOnce(); n > 0; n = await relay.runOnce()) total += n;
  return total;
}

/** A second relay in its own process, so SQLite's BEGIN IMMEDIATE is exercised across connections. */
function relayInChild(url: string): { ready: Promise<void>; done: Promise<string[]> } {
  const code = `
    const { connect } = await import(${JSON.stringify(`${ROOT}db/connect.ts`)});
    const { createOutboxRelay } = await import(${JSON.stringify(`${ROOT}src/services/outbox-relay.ts`)});
    const { createLogger } = await import(${JSON.stringify(`${ROOT}src/log.ts`)});
    const db = connect(process.env.RELAY_DB_URL, { poolSize: 4 });
    const delivered = [];
    const adapter = { name: 'wecom', recipientOf: () => undefined, routes: () => [],
      async deliver(item) { await new Promise((r) => setTimeout(r, 5)); delivered.push(item.id); return {}; } };
    const relay = createOutboxRelay({ db, channels: [adapter], log: createLogger({ level: 'silent', pretty: false }), batchSize: 4 });
    console.log('ready');
    for (;;) {
      if ((await relay.runOnce()) === 0) await new Promise((r) => setTimeout(r, 2));
      const left = await db.kysely.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).limit(1).execute();
      if (left.length === 0) break;
    }
    console.log(JSON.stringify(delivered));
    await db.close();`;
  return runWorker(code, { RELAY_DB_URL: url });
}

describe.each(testDatabases)('outbox relay on $name', (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  async function setup(channels: ChannelAdapter[], extra: Partial<OutboxRelayOptions> = {}) {
    const t = await openTestDb(kind);
    cleanups.push(t.cleanup);
    const clock = { now: T0 };
    const { log, lines } = logCapture();
    const make = (more: Partial<OutboxRelayOptions> = {}) => createOutboxRelay({ db: t.db, channels, log, now: () => clock.now, ...extra, ...more });
    return { db: t.db, url: t.url, clock, lines, relay: make(), make };
  }

  it('delivers in created order per recipient, stores the card ref, and an update waits for its send', async () => {
    const wecom = fakeChannel('wecom', { reply: (item) => (item.op === 'send' ? { ref: { responseCode: `rc-${item.id}` } } : {}) });
    const { db, relay, clock } = await setup([wecom.adapter]);
    // Queued in one transaction with the same timestamp: the send still goes first.
    await queue(db, 'b-update', { op: 'update', message: card('lead:L-1', 2) });
    await queue(db, 'a-send', { message: card('lead:L-1', 1) });
    await queue(db, 'c-text', { now: T0 + 1 });
    await queue(db, 'lisi-1', { recipient: 'lisi' });

    expect(await relay.runOnce()).toBe(2); // one per recipient in flight
    expect(wecom.calls.map((c) => c.id)).toEqual(['a-send', 'lisi-1']);
    expect(await getCardRef(db.kysely, { cardKey: 'lead:L-1', channel: 'wecom', personId: 'zhangwei' })).toEqual({ responseCode: 'rc-a-send' });
    clock.now = T0 + 1;
    await drain(relay);
    expect(wecom.calls.map((c) => c.id)).toEqual(['a-send', 'lisi-1', 'b-update', 'c-text']);
    expect(wecom.calls[2]?.ref).toEqual({ responseCode: 'rc-a-send' });
    expect((await row(db, 'c-text')).status).toBe('sent');
    expect(await relay.runOnce()).toBe(0); // never twice
  });

  it('retries with jittered backoff but never before Retry-After, then dead-letters after maxAttempts', async () => {
    let failures = 0;
    const wecom = fakeChannel('wecom', {
      reply: () => {
        failures++;
        throw new DeliveryError('45009 frequency', true, failures === 1 ? 90_000 : undefined);
      },
    });
    const { db, relay, clock, lines } = await setup([wecom.adapter], { maxAttempts: 3 });
    await queue(db, 'm1');

    expect(await relay.runOnce()).toBe(1);
    let r = await row(db, 'm1');
    expect(r).toMatchObject({ status: 'pending', attempts: 1, last_error: '45009 frequency', next_attempt_at: T0 + 90_000 });
    clock.now = T0 + 89_999;
    expect(await relay.runOnce()).toBe(0);
    clock.now = T0 + 90_000;
    expect(await relay.runOnce()).toBe(1);
    r = await row(db, 'm1');
    const delay = Number(r.next_attempt_at) - clock.now; // attempt 2: nominal 2 s, jittered into [1 s, 2 s]
    expect(delay).toBeGreaterThanOrEqual(1_000);
    expect(delay).toBeLessThanOrEqual(2_000);
    clock.now = Number(r.next_attempt_at);
    expect(await relay.runOnce()).toBe(1);
    expect(await row(db, 'm1')).toMatchObject({ status: 'dead', attempts: 3, last_error: 'gave up after 3 attempts: 45009 frequency' });
    expect(lines.find((l) => l.msg === 'outbox: dead letter')).toMatchObject({ level: 40, outboxId: 'm1' });
    expect(wecom.calls).toHaveLength(3);
  });

  it('dead-letters permanent errors and unknown channels at once, with the reason', async () => {
    const wecom = fakeChannel('wecom', {
      reply: () => {
        throw new DeliveryError('81013 all recipients invalid', false);
      },
    });
    const { db, relay, lines } = await setup([wecom.adapter]);
    await queue(db, 'bad-user');
    await queue(db, 'to-slack', { channel: 'slack' });
    expect(await relay.runOnce()).toBe(2);
    expect(await row(db, 'bad-user')).toMatchObject({ status: 'dead', attempts: 1, last_error: '81013 all recipients invalid' });
    expect(await row(db, 'to-slack')).toMatchObject({ status: 'dead', attempts: 0, last_error: 'unknown channel slack' });
    expect(lines.filter((l) => l.msg === 'outbox: dead letter').map((l) => l.reason)).toHaveLength(2);
  });

  it('backoff grows ×2 to a 10-minute cap', () => {
    expect([1, 2, 3].map((a) => retryDelayMs(a, () => 0.999999))).toEqual([1_000, 2_000, 4_000]);
    expect(retryDelayMs(1, () => 0)).toBe(500);
    expect(retryDelayMs(30, () => 0.999999)).toBe(600_000);
  });

  it('holds the per-recipient quota: 30 in the first window, the rest when it frees, across a restart', async () => {
    const quota = [{ max: 30, windowMs: 60_000 }];
    const wecom = fakeChannel('wecom', { quota });
    const { db, relay, clock, make } = await setup([wecom.adapter]);
    for (let i = 0; i < 40; i++) await queue(db, `m${String(i).padStart(2, '0')}`, { now: T0 - 1_000 + i });

    expect(await drain(relay)).toBe(30);
    expect(wecom.calls.map((c) => c.id)).toEqual(Array.from({ length: 30 }, (_, i) => `m${String(i).padStart(2, '0')}`));
    expect(await row(db, 'm30')).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: T0 + 60_000 });

    clock.now = T0 + 30_000; // a "restart": a new relay over the same database
    expect(await drain(make())).toBe(0);
    clock.now = T0 + 60_000;
    expect(await drain(make())).toBe(10);
    expect(wecom.calls).toHaveLength(40);
  });

  it('redelivers a row left sending by a crashed relay once its lease expired (at-least-once)', async () => {
    const wecom = fakeChannel('wecom');
    const { db, relay } = await setup([wecom.adapter]);
    await queue(db, 'crashed');
    await queue(db, 'in-flight', { recipient: 'lisi' });
    await db.kysely.updateTable('outbox').set({ status: 'sending', lease_until: T0 - 1 }).where('id', '=', 'crashed').execute();
    await db.kysely.updateTable('outbox').set({ status: 'sending', lease_until: T0 + 5_000 }).where('id', '=', 'in-flight').execute();
    expect(await relay.runOnce()).toBe(1);
    expect(wecom.calls.map((c) => c.id)).toEqual(['crashed']);
    expect((await row(db, 'in-flight')).status).toBe('sending');
  });

  it('never delivers a row twice with two relay processes on one database', async () => {
    const ids: string[] = [];
    const { db, url } = await setup([]);
    for (let i = 0; i < 60; i++) {
      ids.push(`r${i}`);
      await queue(db, `r${i}`, { recipient: `u${i % 6}`, now: T0 + i });
    }
    const wecom = fakeChannel('wecom', { reply: () => ({}) });
    wecom.adapter.deliver = async (item) => {
      await new Promise((r) => setTimeout(r, 5));
      wecom.calls.push(item);
      return {};
    };
    const mine = createOutboxRelay({ db, channels: [wecom.adapter], log: createLogger({ level: 'silent', pretty: false }), batchSize: 4 });
    const child = relayInChild(url);
    await child.ready;
    for (;;) {
      if ((await mine.runOnce()) === 0) await new Promise((r) => setTimeout(r, 2));
      const left = await db.kysely.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).execute();
      if (left.length === 0) break;
    }
    const theirs = await child.done;
    const all = [...wecom.calls.map((c) => c.id), ...theirs];
    expect(all.sort()).toEqual([...ids].sort());
    expect(wecom.calls.length).toBeGreaterThan(0);
    expect(theirs.length).toBeGreaterThan(0);
  });

  it('runs on its own once started, wakes when a quota window frees, feeds metrics and drains on stop', async () => {
    const wecom = fakeChannel('wecom', { quota: [{ max: 1, windowMs: 300 }] });
    const sentAt: number[] = [];
    const deliver = wecom.adapter.deliver.bind(wecom.adapter);
    wecom.adapter.deliver = (item) => (sentAt.push(Date.now()), deliver(item));
    const t = await openTestDb(kind);
    cleanups.push(t.cleanup);
    const metrics = createMetrics(t.db, { defaultMetrics: false });
    // A poll interval far longer than the test: only wake() and the quota's retryAt can drive it.
    const relay = createOutboxRelay({ db: t.db, channels: [wecom.adapter], log: createLogger({ level: 'silent', pretty: false }), pollMs: 60_000, metrics: metrics.relay });
    relay.start();
    await queue(t.db, 'live-1', { now: Date.now() });
    await queue(t.db, 'live-2', { now: Date.now() });
    relay.wake();
    await expect.poll(() => wecom.calls.length, { timeout: 3_000 }).toBe(2);
    await relay.stop();
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(300);
    expect(sentAt[1]! - sentAt[0]!).toBeLessThan(1_000);
    const text = await metricsText(metrics);
    expect(text).toContain('closeloop_outbox_sent_total{channel="wecom"} 2');
    expect(text).toMatch(/closeloop_outbox_quota_deferred_total\{channel="wecom"\} [1-9]/);
    expect(text).toContain('closeloop_outbox_messages{channel="wecom",status="sent"} 2');
    expect(text).toContain('closeloop_outbox_messages{channel="wecom",status="dead"} 0');
  });
});
