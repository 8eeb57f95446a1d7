import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../db/checkpointer.ts';
import { connect } from '../../db/connect.ts';
import { sql } from 'kysely';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'closeloop-ckpt-'));
  dirs.push(dir);
  return join(dir, 'x.db');
}
const walBytes = (path: string) => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

function openWal(path: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table if not exists rows (id integer primary key, body text not null)');
  return db;
}

describe('background checkpointer', () => {
  /** Writes ~4 MB in 400 small transactions, yielding now and then; returns the log's largest size. */
  async function writeLoad(path: string, db: BetterSqlite3.Database): Promise<number> {
    const insert = db.prepare('insert into rows (body) values (?)');
    const body = 'x'.repeat(2000);
    let maxWal = 0;
    for (let t = 0; t < 400; t++) {
      db.transaction(() => {
        for (let i = 0; i < 5; i++) insert.run(body);
      })();
      maxWal = Math.max(maxWal, walBytes(path));
      if (t % 5 === 0) await settle(2);
    }
    return maxWal;
  }

  it('keeps the log near its restart size while the main connection only appends, and loses nothing', async () => {
    const unchecked = tempFile();
    const plain = openWal(unchecked);
    plain.pragma('wal_autocheckpoint = 0');
    const uncheckedWal = await writeLoad(unchecked, plain);
    plain.close();

    const path = tempFile();
    const db = openWal(path);
    const checkpointer = startCheckpointer(path, (pages) => db.pragma(`wal_autocheckpoint = ${pages}`), { intervalMs: 2, restartPages: 50 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await settle(100); // the worker's start
    const checkedWal = await writeLoad(path, db);
    await checkpointer.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(uncheckedWal).toBeGreaterThan(4_000_000);
    expect(checkedWal).toBeLessThan(uncheckedWal / 3);
    db.close();
    const reread = new BetterSqlite3(path, { readonly: true });
    expect(reread.prepare('select count(*) as n from rows').get()).toEqual({ n: 2000 });
    reread.close();
  });

  it('hands checkpoints back to SQLite and says so when the worker cannot start', async () => {
    const path = tempFile();
    const db = openWal(path);
    const errors: string[] = [];
    const checkpointer = startCheckpointer(join(path, 'missing', 'nope.db'), (pages) => db.pragma(`wal_autocheckpoint = ${pages}`), {
      onError: (m) => errors.push(m),
    });
    for (let i = 0; i < 100 && errors.length === 0; i++) await settle(20);
    await settle(200); // the crashed worker's 'exit' follows its 'error'
    expect(errors).toHaveLength(1);
    expect(errors.join(' ')).toMatch(/nope\.db|unable to open|directory/i);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpointer.stop();
    db.close();
  });
});

describe('connect and SQLite checkpoints', () => {
  it('checkpoints in the background by default, inline when asked, and folds the log in on close', async () => {
    for (const mode of ['background', 'inline', undefined] as const) {
      const path = tempFile();
      const db = connect(`file:${path}`, mode ? { sqliteCheckpoint: mode } : {});
      const row = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db.kysely);
      expect(row.rows[0]?.wal_autocheckpoint).toBe(mode === 'inline' ? 1000 : 0);
      await sql`create table t (v text)`.execute(db.kysely);
      await sql`insert into t values ('kept')`.execute(db.kysely);
      await db.close();
      expect(existsSync(`${path}-wal`)).toBe(false);
      const reread = new BetterSqlite3(path, { readonly: true });
      expect(reread.prepare('select v from t').all()).toEqual([{ v: 'kept' }]);
      reread.close();
    }
  });
});
