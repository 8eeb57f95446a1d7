/**
 * Single-row inserts on hot paths without rebuilding the query each time. Kysely builds and
 * compiles a fresh AST for every insert (about 10 µs of JavaScript per row, more than SQLite's
 * own work); the SQL only depends on the table, the column list and the dialect, so it is
 * compiled once per shape and then run with the row's values as parameters.
 * @module
 */
import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Table = keyof Database & string;

/** Compiled SQL by dialect adapter (a transaction shares its parent's), then by shape. */
const compiledByAdapter = new WeakMap<object, Map<string, string>>();

/**
 * Inserts `row` into `table`; with `ignoreDuplicate` an existing primary key leaves the stored
 * row untouched. Returns whether a row was inserted. Every value must be a primitive (JSON
 * columns are stringified by the caller), so the parameters line up with the compiled columns.
 */
export async function insertRow<T extends Table>(
  db: Kysely<Database>,
  table: T,
  row: Insertable<Database[T]>,
  opts: { ignoreDuplicate?: { column: keyof Database[T] & string } } = {},
): Promise<boolean> {
  const values = row as Record<string, unknown>;
  // Kysely leaves out undefined values; so does the shape, so parameters stay in step.
  const columns = Object.keys(values).filter((c) => values[c] !== undefined);
  const shape = `${table}(${columns.join(',')})${opts.ignoreDuplicate ? `!${opts.ignoreDuplicate.column}` : ''}`;
  const executor = db.getExecutor();
  let cache = compiledByAdapter.get(executor.adapter);
  if (!cache) {
    cache = new Map();
    compiledByAdapter.set(executor.adapter, cache);
  }
  let text = cache.get(shape);
  if (text === undefined) {
    const base = db.insertInto(table).values(Object.fromEntries(columns.map((c) => [c, values[c]])) as never);
    const ignore = opts.ignoreDuplicate;
    text = (ignore ? base.onConflict((oc) => oc.column(ignore.column as never).doNothing()) : base).compile().sql;
    cache.set(shape, text);
  }
  const result = await db.executeQuery(CompiledQuery.raw(text, columns.map((c) => values[c])));
  return Number(result.numAffectedRows ?? 0n) > 0;
}
