/** Per-rep workload the router needs: open leads (no first touch yet) and leads assigned today. */
import { CompiledQuery, type Kysely } from 'kysely';
import { compileOnce } from './compile-once.ts';
import type { Database } from '../../db/schema.ts';

export interface Workload {
  openLeads: number;
  assignedToday: number;
}

/** A person's caps (company file `capacity`); a count is only needed where there is a cap. */
export interface WorkloadCaps {
  openLeads?: number;
  perDay?: number;
}

/**
 * Exact counts, or with `capsOf` only what a router needs: whether each person has reached a
 * cap. Counts then stop at the cap (a person over it reads as at it) and are not made where
 * there is no cap, so routing reads at most a cap's worth of rows per person however many open
 * leads someone has piled up.
 */
export async function workloadOf(
  db: Kysely<Database>,
  personIds: readonly string[],
  startOfDay: number,
  capsOf?: (personId: string) => WorkloadCaps,
): Promise<Map<string, Workload>> {
  const out = new Map<string, Workload>(personIds.map((id) => [id, { openLeads: 0, assignedToday: 0 }]));
  if (personIds.length === 0) return out;
  if (capsOf) {
    for (const id of personIds) {
      const caps = capsOf(id);
      const w = out.get(id)!;
      if (caps.openLeads !== undefined) w.openLeads = await countUpTo(db, 'open', id, caps.openLeads, startOfDay);
      if (caps.perDay !== undefined) w.assignedToday = await countUpTo(db, 'today', id, caps.perDay, startOfDay);
    }
    return out;
  }
  const open = db.selectFrom('leads').where('first_touch_at', 'is', null);
  const today = db.selectFrom('lead_assignments').where('assigned_at', '>=', startOfDay);
  const openRows = await open
    .select(['owner_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('owner_id', 'in', personIds)
    .groupBy('owner_id')
    .execute();
  for (const r of openRows) out.get(r.owner_id)!.openLeads = Number(r.n);
  const todayRows = await today
    .select(['owner_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('owner_id', 'in', personIds)
    .groupBy('owner_id')
    .execute();
  for (const r of todayRows) out.get(r.owner_id)!.assignedToday = Number(r.n);
  return out;
}

// Sentinels the count queries are compiled with once; each run swaps in the real values, so
// the parameters follow whatever order the dialect's SQL puts them in.
const OWNER = '\u0000owner';
const LIMIT = -2_000_000_001;
const SINCE = -2_000_000_002;
function countQuery(db: Kysely<Database>, kind: 'open' | 'today'): CompiledQuery {
  return compileOnce(db, `workload:${kind}`, () => {
    const capped =
      kind === 'open'
        ? db.selectFrom('leads').select('id').where('first_touch_at', 'is', null).where('owner_id', '=', OWNER).limit(LIMIT).as('capped')
        : db.selectFrom('lead_assignments').select('id').where('assigned_at', '>=', SINCE).where('owner_id', '=', OWNER).limit(LIMIT).as('capped');
    return db
      .selectFrom(capped)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .compile();
  });
}

/**
 * How many of a person's open leads (or today's assignments) there are, counting no further
 * than `max`. Compiled once per dialect (building the query anew cost more than running it).
 */
async function countUpTo(db: Kysely<Database>, kind: 'open' | 'today', ownerId: string, max: number, since: number): Promise<number> {
  const { sql: text, parameters } = countQuery(db, kind);
  const values = parameters.map((p) => (p === OWNER ? ownerId : p === LIMIT ? max : p === SINCE ? since : p));
  const result = await db.executeQuery<{ n: number }>(CompiledQuery.raw(text, values));
  return Number(result.rows[0]?.n ?? 0);
}
