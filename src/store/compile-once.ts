/**
 * Queries on hot paths compiled once per dialect: Kysely builds and compiles a fresh AST for
 * every query (often more JavaScript than the database's own work), while the SQL of a fixed
 * shape never changes. Keyed by the executor's adapter, which a transaction shares with its parent.
 * @module
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

const compiledByAdapter = new WeakMap<object, Map<string, CompiledQuery>>();

/** The query `build` compiles, built only the first time `key` is asked for on this dialect. */
export function compileOnce(db: Kysely<Database>, key: string, build: () => CompiledQuery): CompiledQuery {
  const adapter = db.getExecutor().adapter;
  const cache = compiledByAdapter.get(adapter) ?? compiledByAdapter.set(adapter, new Map()).get(adapter)!;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = build();
    cache.set(key, compiled);
  }
  return compiled;
}
