/** Fair-rotation state per route, so the weighted rotation survives restarts. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export async function loadRotation(db: Kysely<Database>, routeId: string): Promise<Record<string, number>> {
  const row = await db.selectFrom('rotation_state').select('state').where('route_id', '=', routeId).executeTakeFirst();
  return row ? (JSON.parse(row.state) as Record<string, number>) : {};
}

export async function saveRotation(db: Kysely<Database>, routeId: string, state: Record<string, number>, now: number): Promise<void> {
  const json = JSON.stringify(state);
  await db
    .insertInto('rotation_state')
    .values({ route_id: routeId, state: json, updated_at: now })
    .onConflict((oc) => oc.column('route_id').doUpdateSet({ state: json, updated_at: now }))
    .execute();
}
