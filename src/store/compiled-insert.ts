/**
 * Inserts on hot paths without rebuilding the query each time (about 10 µs of Kysely per row,
 * more than SQLite's own work): the SQL only depends on the table, the column list, the number
 * of rows and the dialect, so it is compiled once per shape (`compileOnce`) and then run with
 * the rows' values as parameters.
 * `RowBatch` gathers the rows of a whole unit of work (an intake batch) and writes each table's
 * rows with a few multi-row statements instead of one statement per row.
 * @module
 */
import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { compileOnce } from './compile-once.ts';

type Table = keyof Database & string;
type Row = Record<string, unknown>;

export interface InsertOptions<T extends Table> {
  /** An existing row with this key is left untouched (the new one is skipped). */
  ignoreDuplicate?: { column: keyof Database[T] & string };
}

/** Rows keyed by a deterministic `id`: one that exists already is left as it is (outbox, timers). */
export const KEEP_EXISTING_ID = { ignoreDuplicate: { column: 'id' } } as const;

/**
 * Rows per statement: a batch is cut into these sizes (63 rows → 32+16+8+4+2+1), so each table
 * has at most seven compiled shapes and 64 × the widest table's columns stays far inside every
 * driver's parameter limit (SQLite 32,766; PostgreSQL 65,535).
 */
const CHUNKS = [64, 32, 16, 8, 4, 2, 1] as const;

function compiledSql(db: Kysely<Database>, table: Table, columns: readonly string[], rows: number, ignore: string | undefined): string {
  const shape = `insert:${table}(${columns.join(',')})x${rows}${ignore ? `!${ignore}` : ''}`;
  return compileOnce(db, shape, () => {
    const placeholder = Object.fromEntries(columns.map((c) => [c, null]));
    const base = db.insertInto(table).values(Array.from({ length: rows }, () => placeholder) as never);
    return (ignore ? base.onConflict((oc) => oc.column(ignore as never).doNothing()) : base).compile();
  }).sql;
}

/** Kysely leaves out undefined values; so does the shape, so parameters stay in step. */
function columnsOf(row: Row): string[] {
  return Object.keys(row).filter((c) => row[c] !== undefined);
}

/**
 * Inserts `row` into `table`; returns whether a row was inserted. Every value must be a
 * primitive (JSON columns are stringified by the caller), so the parameters line up with the
 * compiled columns.
 */
export async function insertRow<T extends Table>(db: Kysely<Database>, table: T, row: Insertable<Database[T]>, opts: InsertOptions<T> = {}): Promise<boolean> {
  return (await insertRows(db, table, [row], opts)) > 0;
}

/** Inserts rows of one table with as few statements as the chunk sizes allow; returns how many were inserted. */
export async function insertRows<T extends Table>(db: Kysely<Database>, table: T, rows: readonly Insertable<Database[T]>[], opts: InsertOptions<T> = {}): Promise<number> {
  const byShape = new Map<string, { columns: string[]; rows: Row[] }>();
  for (const row of rows as readonly Row[]) {
    const columns = columnsOf(row);
    const key = columns.join(',');
    const group = byShape.get(key) ?? byShape.set(key, { columns, rows: [] }).get(key)!;
    group.rows.push(row);
  }
  let inserted = 0;
  for (const { columns, rows: group } of byShape.values()) {
    let at = 0;
    while (at < group.length) {
      const size = CHUNKS.find((n) => n <= group.length - at)!;
      const parameters: unknown[] = [];
      for (let i = at; i < at + size; i++) for (const c of columns) parameters.push(group[i]![c]);
      const text = compiledSql(db, table, columns, size, opts.ignoreDuplicate?.column);
      const result = await db.executeQuery(CompiledQuery.raw(text, parameters));
      inserted += Number(result.numAffectedRows ?? 0n);
      at += size;
    }
  }
  return inserted;
}

/**
 * The rows of one unit of work, written together at its end: tables in the order they were
 * first added, each table's rows in the order they were added.
 */
export class RowBatch {
  readonly #tables = new Map<Table, { rows: Row[]; opts: InsertOptions<Table> }>();

  add<T extends Table>(table: T, row: Insertable<Database[T]>, opts: InsertOptions<T> = {}): void {
    const entry = this.#tables.get(table);
    if (entry) {
      if (entry.opts.ignoreDuplicate?.column !== opts.ignoreDuplicate?.column) throw new Error(`RowBatch: ${table} added with different options`);
      entry.rows.push(row as Row);
    } else {
      this.#tables.set(table, { rows: [row as Row], opts: opts as InsertOptions<Table> });
    }
  }

  async write(db: Kysely<Database>): Promise<void> {
    for (const [table, { rows, opts }] of this.#tables) await insertRows(db, table, rows as never[], opts);
    this.#tables.clear();
  }
}
