/**
 * The databases every store/flow test runs on: a fresh SQLite file, and — when
 * TEST_DATABASE_URL is set (CI sets it) — a fresh schema on the local PostgreSQL.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach } from 'vitest';
import { connect, type Db } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** Creates a fresh, migrated database and returns its URL; `drop` removes it. */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

const sqlite: TestDatabase = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'closeloop-test-'));
    const url = `file:${join(dir, 'test.db')}`;
    return { url, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

function postgres(baseUrl: string): TestDatabase {
  return {
    name: 'postgres',
    async create() {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      const sep = baseUrl.includes('?') ? '&' : '?';
      // No parallel query workers: they resolve the search_path on their own and can race a fresh schema.
      const url = `${baseUrl}${sep}options=${encodeURIComponent(`-c search_path=${schema} -c max_parallel_workers_per_gather=0`)}`;
      return {
        url,
        drop: async () => {
          const c = new pg.Client({ connectionString: baseUrl });
          await c.connect();
          await c.query(`drop schema if exists ${schema} cascade`);
          await c.end();
        },
      };
    },
  };
}

/** SQLite always; PostgreSQL when TEST_DATABASE_URL is set. Use with `describe.each`. */
export const testDatabases: TestDatabase[] = process.env.TEST_DATABASE_URL
  ? [sqlite, postgres(process.env.TEST_DATABASE_URL)]
  : [sqlite];

/** A fresh migrated Db for one test; call `cleanup` in afterEach/afterAll. */
export async function openTestDb(kind: TestDatabase): Promise<{ db: Db; url: string; cleanup(): Promise<void> }> {
  const { url, drop } = await kind.create();
  const db = connect(url, { poolSize: 4 });
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.close();
    await drop();
    throw err;
  }
  return {
    db,
    url,
    cleanup: async () => {
      await db.close();
      await drop();
    },
  };
}

/**
 * For a `describe.each(testDatabases)` block: returns `fresh()`, which opens a new migrated
 * database for the running test; every one is closed and dropped after the test.
 */
export function freshDbs(kind: TestDatabase): () => Promise<{ db: Db; url: string }> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return async () => {
    const t = await openTestDb(kind);
    cleanups.push(t.cleanup);
    return t;
  };
}
