/**
 * Opens the database named by a URL: `file:./data/x.db` or `:memory:` → better-sqlite3,
 * `postgres://…` → pg. SQLite gets WAL, busy_timeout, foreign keys and BEGIN IMMEDIATE for
 * write transactions, so two writers never deadlock on a lock upgrade.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import type { Database } from './schema.ts';
import { startCheckpointer } from './checkpointer.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export type SqliteSynchronous = 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';

/**
 * NORMAL (design.md §4): with WAL a commit survives a crash of the process, but the last
 * commits may be lost if the machine itself goes down. FULL flushes every commit to disk, so an
 * interaction acknowledged to Slack or WeCom survives a power cut too; group commit (inbox, lead
 * intake, timer completions) keeps that to one flush per batch, at about 15 % of the Slack
 * acknowledgement throughput (README, Performance).
 */
export const DEFAULT_SQLITE_SYNCHRONOUS: SqliteSynchronous = 'NORMAL';

/**
 * 'background': a worker thread with its own connection checkpoints (db/checkpointer.ts), so
 * a commit only appends to the log; 'inline': SQLite does it inside the commit that fills the
 * log (that commit stalls 10–35 ms). In-memory databases have no log and ignore this.
 */
export type SqliteCheckpoint = 'background' | 'inline';
export const DEFAULT_SQLITE_CHECKPOINT: SqliteCheckpoint = 'background';

export interface ConnectOptions {
  /** Who copies a SQLite file's write-ahead log back into it (default DEFAULT_SQLITE_CHECKPOINT). */
  sqliteCheckpoint?: SqliteCheckpoint;
  /** Reports background checkpoint failures. */
  onCheckpointError?: (message: string) => void;
  /** SQLite `synchronous` pragma (default NORMAL, see DEFAULT_SQLITE_SYNCHRONOUS). */
  sqliteSynchronous?: SqliteSynchronous;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

// int8 (COUNT, bigint columns) comes back as a string by default; our values fit in a double.
pg.types.setTypeParser(20, (v: string) => Number(v));
// numeric → number too (SUM over integers returns numeric).
pg.types.setTypeParser(1700, (v: string) => Number(v));

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Kysely prepares every statement afresh; SQLite's prepare is a large share of a small
 * insert. Reusing prepared statements by SQL text (bounded) keeps hot paths cheap.
 */
function withStatementCache(sqlite: BetterSqlite3.Database, max = 500) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = sqlite.prepare(sqlText);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
  };
}

export function dialectOf(url: string): Dialect {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/** `file:./data/closeloop.db` → `./data/closeloop.db`; `:memory:` stays. */
export function sqlitePath(url: string): string {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:';
  return url.startsWith('file:') ? url.slice('file:'.length) : url;
}

export function connect(url: string, options: ConnectOptions = {}): Db {
  if (dialectOf(url) === 'postgres') {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
  }
  const path = sqlitePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? DEFAULT_SQLITE_SYNCHRONOUS}`);
  const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  const checkpointer =
    (options.sqliteCheckpoint ?? DEFAULT_SQLITE_CHECKPOINT) === 'background' && path !== ':memory:'
      ? startCheckpointer(path, (pages) => sqlite.pragma(`wal_autocheckpoint = ${pages}`), options.onCheckpointError ? { onError: options.onCheckpointError } : {})
      : undefined;
  return {
    kysely,
    dialect: 'sqlite',
    async close() {
      // The worker's connection goes first, so the last one to close (ours) can fold the log back in.
      await checkpointer?.stop();
      await kysely.destroy();
    },
  };
}
