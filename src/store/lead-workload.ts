/** Per-rep workload the router needs: open leads (no first touch yet) and leads assigned today. */
import type { Kysely, SelectQueryBuilder } from 'kysely';
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
  const open = db.selectFrom('leads').where('first_touch_at', 'is', null);
  const today = db.selectFrom('lead_assignments').where('assigned_at', '>=', startOfDay);
  if (capsOf) {
    for (const id of personIds) {
      const caps = capsOf(id);
      const w = out.get(id)!;
      if (caps.openLeads !== undefined) w.openLeads = await countUpTo(db, open.where('owner_id', '=', id).select('id'), caps.openLeads);
      if (caps.perDay !== undefined) w.assignedToday = await countUpTo(db, today.where('owner_id', '=', id).select('id'), caps.perDay);
    }
    return out;
  }
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

/** How many rows `rows` has, counting no further than `max`. */
async function countUpTo<T extends keyof Database>(db: Kysely<Database>, rows: SelectQueryBuilder<Database, T, { id: string }>, max: number): Promise<number> {
  const row = await db
    .selectFrom(rows.limit(max).as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
