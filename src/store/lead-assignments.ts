/** The owner history of leads: one row per owner, closed when the lead changes hands. */
import { orderedId } from './ordered-id.ts';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, LeadAssignmentsTable } from '../../db/schema.ts';
import { insertRow } from './compiled-insert.ts';

export type AssignmentRow = Selectable<LeadAssignmentsTable>;

export interface NewAssignment {
  leadId: string;
  seq: number;
  ownerId: string;
  teamId: string | null;
  via: LeadAssignmentsTable['via'];
  at: number;
  explanation: unknown;
}

export async function openAssignment(db: Kysely<Database>, a: NewAssignment): Promise<void> {
  await insertRow(db, 'lead_assignments', assignmentRow(a));
}

/** The row an open assignment is stored as (for a `RowBatch`; `openAssignment` inserts it at once). */
export function assignmentRow(a: NewAssignment): Insertable<LeadAssignmentsTable> {
  return {
    id: orderedId(),
    lead_id: a.leadId,
    seq: a.seq,
    owner_id: a.ownerId,
    team_id: a.teamId,
    via: a.via,
    assigned_at: a.at,
    ended_at: null,
    end_reason: null,
    explanation: JSON.stringify(a.explanation ?? null),
  };
}

export async function closeAssignment(
  db: Kysely<Database>,
  leadId: string,
  seq: number,
  reason: NonNullable<LeadAssignmentsTable['end_reason']>,
  at: number,
): Promise<void> {
  await db
    .updateTable('lead_assignments')
    .set({ ended_at: at, end_reason: reason })
    .where('lead_id', '=', leadId)
    .where('seq', '=', seq)
    .where('ended_at', 'is', null)
    .execute();
}

export async function assignmentsOf(db: Kysely<Database>, leadId: string): Promise<AssignmentRow[]> {
  return db.selectFrom('lead_assignments').selectAll().where('lead_id', '=', leadId).orderBy('seq').execute();
}

export async function currentAssignment(db: Kysely<Database>, leadId: string, seq: number): Promise<AssignmentRow | undefined> {
  return db.selectFrom('lead_assignments').selectAll().where('lead_id', '=', leadId).where('seq', '=', seq).executeTakeFirst();
}
