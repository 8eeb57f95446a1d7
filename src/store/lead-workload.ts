/** Per-rep workload the router needs: open leads (no first touch yet) and leads assigned today. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface Workload {
  openLeads: number;
  assignedToday: number;
}

export async function workloadOf(
  db: Kysely<Database>,
  personIds: readonly string[],
  startOfDay: number,
): Promise<Map<string, Workload>> {
  const out = new Map<string, Workload>(personIds.map((id) => [id, { openLeads: 0, assignedToday: 0 }]));
  if (personIds.length === 0) return out;
  const open = await db
    .selectFrom('leads')
    .select(['owner_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('owner_id', 'in', personIds)
    .where('first_touch_at', 'is', null)
    .groupBy('owner_id')
    .execute();
  for (const r of open) out.get(r.owner_id)!.openLeads = Number(r.n);
  const today = await db
    .selectFrom('lead_assignments')
    .select(['owner_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('owner_id', 'in', personIds)
    .where('assigned_at', '>=', startOfDay)
    .groupBy('owner_id')
    .execute();
  for (const r of today) out.get(r.owner_id)!.assignedToday = Number(r.n);
  return out;
}
