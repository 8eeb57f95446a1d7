/** Personal time off (`/closeloop ooo 12-01..12-05`), by calendar day in the company zone. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface TimeOff {
  id: string;
  personId: string;
  firstDay: string;
  lastDay: string;
}

export async function addTimeOff(db: Kysely<Database>, t: Omit<TimeOff, 'id'>, now: number): Promise<TimeOff> {
  const row = { id: randomUUID(), ...t };
  await db
    .insertInto('time_off')
    .values({ id: row.id, person_id: t.personId, first_day: t.firstDay, last_day: t.lastDay, created_at: now, cancelled_at: null })
    .execute();
  return row;
}

/** Active time off of these people that overlaps [firstDay, lastDay] (ISO dates compare as text). */
export async function timeOffOverlapping(
  db: Kysely<Database>,
  personIds: readonly string[],
  firstDay: string,
  lastDay: string,
): Promise<TimeOff[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('time_off')
    .select(['id', 'person_id', 'first_day', 'last_day'])
    .where('person_id', 'in', personIds)
    .where('cancelled_at', 'is', null)
    .where('first_day', '<=', lastDay)
    .where('last_day', '>=', firstDay)
    .orderBy('first_day')
    .execute();
  return rows.map((r) => ({ id: r.id, personId: r.person_id, firstDay: r.first_day, lastDay: r.last_day }));
}

export async function cancelTimeOff(db: Kysely<Database>, personId: string, now: number, fromDay: string): Promise<number> {
  const r = await db
    .updateTable('time_off')
    .set({ cancelled_at: now })
    .where('person_id', '=', personId)
    .where('cancelled_at', 'is', null)
    .where('last_day', '>=', fromDay)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
