import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabases, openTestDb } from '../support/databases.ts';
import { migrateToLatest } from '../../db/migrate.ts';

describe.each(testDatabases)('migrations on $name', (kind) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  it('creates every table and is idempotent on a second run', async () => {
    const t = await openTestDb(kind);
    cleanup = t.cleanup;
    const again = await migrateToLatest(t.db);
    expect(again.results).toEqual([]);
    await t.db.kysely
      .insertInto('timers')
      .values({ id: 'x', kind: 'k', subject: 's', due_at: Date.now(), status: 'pending', attempts: 0, payload: '{}', created_at: 1, claimed_by: null, lease_until: null, fired_at: null })
      .execute();
    const row = await t.db.kysely.selectFrom('timers').selectAll().executeTakeFirstOrThrow();
    expect(typeof row.due_at).toBe('number');
    const tables = await sql<{ n: number }>`select count(*) as n from timers`.execute(t.db.kysely);
    expect(Number(tables.rows[0]?.n)).toBe(1);
  });
});
