/**
 * Outbox benchmark: the relay against a WeCom-like remote on 127.0.0.1 that enforces a
 * per-member quota (scaled down to 30 per 3 s) and, like WeCom, silently drops the excess.
 * @module
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { connect } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import * as outboxRecipientOrder from '../db/migrations/2026-11-26T0002-outbox-recipient-order.ts';
import { DeliveryError, type ChannelAdapter, type QuotaLimit } from '../src/channels/channel.ts';
import { createLogger } from '../src/log.ts';
import { createOutboxRelay } from '../src/services/outbox-relay.ts';
import { insertOutboxRow } from '../src/store/outbox.ts';

const MEMBERS = 5;
const PER_MEMBER = 150;
const MAX = 30;
const WINDOW_MS = 3_000;
const QUOTA: QuotaLimit[] = [
  { max: MAX, windowMs: WINDOW_MS },
  { max: 1000, windowMs: 3_600_000 },
];

/** The fake remote: counts, per member, messages received while `MAX` were already in the window. */
function fakeWecom() {
  const accepted = new Map<string, number[]>();
  const stats = { received: 0, overLimit: 0, lastAt: 0 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const at = Date.now();
      const { touser } = JSON.parse(body) as { touser: string };
      const sends = (accepted.get(touser) ?? []).filter((t) => at - t < WINDOW_MS);
      if (sends.length >= MAX) stats.overLimit++; // WeCom drops it without an error
      else sends.push(at);
      accepted.set(touser, sends);
      stats.received++;
      stats.lastAt = at;
      res.setHeader('content-type', 'application/json');
      res.end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  return { server, stats };
}

function wecomAdapter(base: string): ChannelAdapter {
  return {
    name: 'wecom',
    quota: QUOTA,
    pacing: { maxConcurrent: 10, minTimeMs: 0 },
    recipientOf: () => undefined,
    routes: () => [],
    async deliver(item) {
      const res = await fetch(`${base}/cgi-bin/message/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ touser: item.recipient, msgtype: 'text', text: { content: item.id }, enable_duplicate_check: 1 }),
      });
      const reply = (await res.json()) as { errcode: number; errmsg: string };
      if (reply.errcode !== 0) throw new DeliveryError(`${reply.errcode} ${reply.errmsg}`, true);
      return {};
    },
  };
}

/**
 * Queues MEMBERS × PER_MEMBER messages and runs the relay until all arrived. A sliding window
 * allows MAX at once and MAX more per window after that, so over a busy period T at most
 * members·MAX·(T/W + 1) can be sent; the ratio is achieved ÷ that bound (1.0 = no time lost).
 */
export async function benchOutbox(): Promise<{ outbox_limit_ratio: number; outbox_over_limit_sends: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'closeloop-bench-'));
  const db = connect(`file:${join(dir, 'bench.db')}`);
  const { server, stats } = fakeWecom();
  try {
    await migrateToLatest(db);
    // Idempotent (IF NOT EXISTS): covers the time before the migration is registered in index.ts.
    await outboxRecipientOrder.up(db.kysely as unknown as Kysely<unknown>);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const total = MEMBERS * PER_MEMBER;
    const queuedAt = Date.now();
    await db.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < PER_MEMBER; i++) {
        for (let m = 0; m < MEMBERS; m++) {
          const recipient = `member${m}`;
          await insertOutboxRow(trx, {
            id: `bench:${m}:${i}`,
            channel: 'wecom',
            personId: recipient,
            recipient,
            op: 'send',
            cardKey: null,
            message: { kind: 'text', text: `message ${i}` },
            now: queuedAt,
          });
        }
      }
    });
    const relay = createOutboxRelay({ db, channels: [wecomAdapter(base)], log: createLogger({ level: 'warn', pretty: false }) });
    const startedAt = Date.now();
    relay.start();
    const deadline = startedAt + 60_000;
    while (stats.received < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await relay.stop();
    if (stats.received < total) throw new Error(`outbox bench: only ${stats.received} of ${total} messages arrived`);
    const busyMs = Math.max(1, stats.lastAt - startedAt);
    const bound = MEMBERS * MAX * (busyMs / WINDOW_MS + 1);
    return {
      outbox_limit_ratio: Number(((stats.received - stats.overLimit) / bound).toFixed(3)),
      outbox_over_limit_sends: stats.overLimit,
    };
  } finally {
    server.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
