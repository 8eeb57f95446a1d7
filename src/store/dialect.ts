/** Which SQL dialect a Kysely handle (or open transaction) talks to, for the few dialect-only clauses. */
import { PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * True on PostgreSQL. A transaction handle does not carry our `Db.dialect`, so we ask its
 * executor's adapter (`getExecutor` is tagged internal in Kysely but stable and public in the types).
 */
export function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
