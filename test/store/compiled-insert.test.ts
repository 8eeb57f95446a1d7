import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { insertRow, insertRows, KEEP_EXISTING_ID, RowBatch } from '../../src/store/compiled-insert.ts';
import { timerRow } from '../../src/store/timers.ts';
import { auditRow } from '../../src/store/audit.ts';
import { freshDbs, testDatabases } from '../support/databases.ts';

const timer = (i: number, dueAt = 1_000 + i) => timerRow({ id: `t-${String(i).padStart(3, '0')}`, kind: 'test', subject: `s-${i % 7}`, dueAt, payload: { i, note: i % 2 ? null : '单号' }, now: 500 });

describe.each(testDatabases)('multi-row inserts on $name', (kind) => {
  const fresh = freshDbs(kind);
  const open = async (): Promise<Db> => (await fresh()).db;
  const stored = (db: Db) => db.kysely.selectFrom('timers').selectAll().orderBy('id').execute();

  it('writes 127 rows (every chunk size) with each value in its own column and row', async () => {
    const db = await open();
    const rows = Array.from({ length: 127 }, (_, i) => timer(i));
    expect(await insertRows(db.kysely, 'timers', rows)).toBe(127);
    const back = await stored(db);
    expect(back).toHaveLength(127);
    back.forEach((r, i) => {
      expect(r).toMatchObject({ id: `t-${String(i).padStart(3, '0')}`, subject: `s-${i % 7}`, due_at: 1_000 + i, status: 'pending', claimed_by: null });
      expect(JSON.parse(r.payload)).toEqual({ i, note: i % 2 ? null : '单号' });
    });
  });

  it('skips rows whose key exists when asked to, and counts only the inserted ones', async () => {
    const db = await open();
    await insertRow(db.kysely, 'timers', timer(3, 42), KEEP_EXISTING_ID);
    expect(await insertRows(db.kysely, 'timers', [timer(1), timer(2), timer(3), timer(4)], KEEP_EXISTING_ID)).toBe(3);
    const back = await stored(db);
    expect(back.map((r) => r.id)).toEqual(['t-001', 't-002', 't-003', 't-004']);
    expect(back.find((r) => r.id === 't-003')?.due_at).toBe(42); // the stored row is left as it was
    await expect(insertRows(db.kysely, 'timers', [timer(5), timer(5)])).rejects.toThrow();
  });

  it('a RowBatch writes nothing until asked, then every table in one go, and rolls back with its transaction', async () => {
    const db = await open();
    const batch = new RowBatch();
    for (let i = 0; i < 70; i++) {
      batch.add('timers', timer(i), KEEP_EXISTING_ID);
      batch.add('audit_events', auditRow({ subject: `s-${i}`, type: 'test', actor: null, at: i }));
    }
    expect(await stored(db)).toHaveLength(0);
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await batch.write(trx);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await stored(db)).toHaveLength(0);
    const again = new RowBatch();
    for (let i = 0; i < 70; i++) again.add('audit_events', auditRow({ subject: `s-${i}`, type: 'test', actor: null, at: i }));
    again.add('timers', timer(1), KEEP_EXISTING_ID);
    await db.kysely.transaction().execute((trx) => again.write(trx));
    const audit = await db.kysely.selectFrom('audit_events').select(['subject', 'at']).orderBy('id').execute();
    expect(audit.map((a) => a.at)).toEqual(Array.from({ length: 70 }, (_, i) => i));
    expect(await stored(db)).toHaveLength(1);
    expect(() => again.add('timers', timer(2))).not.toThrow();
    expect(() => again.add('timers', timer(3), KEEP_EXISTING_ID)).toThrow(/different options/);
  });
});
