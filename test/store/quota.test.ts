import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Db } from '../../db/connect.ts';
import { pruneQuotaSends, quotaRetryAt, settleQuotaSend, tryTakeQuota } from '../../src/store/quota.ts';
import { openTestDb, testDatabases } from '../support/databases.ts';

const WECOM = [
  { max: 30, windowMs: 60_000 },
  { max: 1000, windowMs: 3_600_000 },
];

describe('quotaRetryAt (window math)', () => {
  it('fits while fewer than max sends are inside the window', () => {
    expect(quotaRetryAt([], WECOM, 0)).toBeNull();
    expect(quotaRetryAt([1, 2], [{ max: 3, windowMs: 10 }], 5)).toBeNull();
    // A send exactly windowMs ago has left the window.
    expect(quotaRetryAt([0, 5, 6], [{ max: 3, windowMs: 10 }], 10)).toBeNull();
  });

  it('waits for the max-th newest send to leave, taking the latest over all limits', () => {
    expect(quotaRetryAt([3, 5, 4], [{ max: 3, windowMs: 10 }], 6)).toBe(13);
    const limits = [
      { max: 2, windowMs: 10 },
      { max: 3, windowMs: 100 },
    ];
    expect(quotaRetryAt([1, 50, 95], limits, 96)).toBe(101);
    expect(quotaRetryAt([1, 50, 60], limits, 96)).toBe(101); // the long window binds
  });
});

describe.each(testDatabases)('tryTakeQuota on $name', (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  async function open(): Promise<{ db: Db; url: string }> {
    const t = await openTestDb(kind);
    cleanups.push(t.cleanup);
    return t;
  }
  const take = (db: Db, now: number, recipient = 'zhangwei') =>
    db.kysely.transaction().execute((trx) => tryTakeQuota(trx, { channel: 'wecom', recipient, limits: WECOM, now }));

  it('allows 30 per minute per recipient, then says when the window frees', async () => {
    const { db } = await open();
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 30; i++) expect((await take(db, t0 + i * 100)).ok).toBe(true);
    expect(await take(db, t0 + 3_000)).toEqual({ ok: false, retryAt: t0 + 60_000 });
    expect((await take(db, t0 + 3_000, 'lisi')).ok).toBe(true); // other recipients are independent
    expect((await take(db, t0 + 60_000)).ok).toBe(true);
    expect(await take(db, t0 + 60_001)).toEqual({ ok: false, retryAt: t0 + 60_100 });
  });

  it('refuses to run outside a transaction', async () => {
    const { db } = await open();
    await expect(tryTakeQuota(db.kysely, { channel: 'wecom', recipient: 'x', limits: WECOM, now: 0 })).rejects.toThrow(/transaction/);
  });

  it('holds under concurrent takers (two connections on PostgreSQL)', async () => {
    const { db, url } = await open();
    // better-sqlite3 is synchronous: two connections in one process would block each other's
    // event loop, so on SQLite concurrency is one connection (BEGIN IMMEDIATE covers processes).
    let other = db;
    if (kind.name === 'postgres') {
      other = connect(url, { poolSize: 4 });
      cleanups.push(() => other.close());
    }
    const now = 1_700_000_000_000;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => take(i % 2 ? db : other, now + (i % 5))));
    expect(results.filter((r) => r.ok)).toHaveLength(30);
    const count = await db.kysely.selectFrom('quota_sends').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(30);
  });

  it('settles a slot at the delivery end and prunes sends older than every window', async () => {
    const { db } = await open();
    const t0 = 1_700_000_000_000;
    const first = await take(db, t0);
    if (!first.ok) throw new Error('expected a slot');
    await settleQuotaSend(db.kysely, first.id, t0 + 500);
    for (let i = 1; i < 30; i++) await take(db, t0 + 1_000);
    expect(await take(db, t0 + 2_000)).toEqual({ ok: false, retryAt: t0 + 60_500 });
    expect(await pruneQuotaSends(db.kysely, { now: t0 + 3_600_600, olderThanMs: 3_600_000 })).toBe(1);
  });
});
