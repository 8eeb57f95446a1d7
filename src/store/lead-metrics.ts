/**
 * The rows behind lead metrics: the leads first assigned in a window, their owner history and
 * their completed level-1 reminders, as `LeadHistory` values for the pure computation.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { computeLeadMetrics, type AssignmentSpan, type LeadHistory, type LeadMetrics, type MetricsScope, type ReminderTimer } from '../domain/leads/lead-metrics.ts';

/** `SLA_KIND.remind` of src/services/lead-sla.ts (the store does not import services; a test keeps them equal). */
export const REMIND_TIMER_KIND = 'sla.remind';

export interface MetricsWindow {
  from: number;
  to: number;
}

function cohort(db: Kysely<Database>, w: MetricsWindow) {
  return db.selectFrom('leads').select('id').where('first_assigned_at', '>=', w.from).where('first_assigned_at', '<=', w.to);
}

/** Seq of an `sla:<lead>:a<seq>:remind` timer, from its payload, else from its id. */
function seqOf(id: string, payload: string): number | null {
  try {
    const seq = (JSON.parse(payload) as { seq?: unknown }).seq;
    if (typeof seq === 'number' && Number.isInteger(seq)) return seq;
  } catch {
    // fall through to the id
  }
  const m = /:a(\d+):/.exec(id);
  return m ? Number(m[1]) : null;
}

/** Histories of the leads first assigned in [from, to]; three queries whatever the lead count. */
export async function loadLeadHistories(db: Kysely<Database>, w: MetricsWindow): Promise<LeadHistory[]> {
  const leads = await db
    .selectFrom('leads')
    .select(['id', 'first_assigned_at', 'accepted_at', 'first_touch_at'])
    .where('first_assigned_at', '>=', w.from)
    .where('first_assigned_at', '<=', w.to)
    .orderBy('first_assigned_at')
    .orderBy('id')
    .execute();
  if (leads.length === 0) return [];
  const assignments = await db
    .selectFrom('lead_assignments')
    .select(['lead_id', 'seq', 'owner_id', 'team_id', 'assigned_at', 'ended_at', 'end_reason'])
    .where('lead_id', 'in', cohort(db, w))
    .orderBy('lead_id')
    .orderBy('seq')
    .execute();
  // Only completed reminders can count, so the rest are not read.
  const timers = await db
    .selectFrom('timers')
    .select(['id', 'subject', 'status', 'fired_at', 'payload'])
    .where('kind', '=', REMIND_TIMER_KIND)
    .where('status', '=', 'done')
    .where('subject', 'in', cohort(db, w))
    .orderBy('subject')
    .orderBy('id')
    .execute();

  const spans = new Map<string, AssignmentSpan[]>();
  for (const a of assignments) {
    const list = spans.get(a.lead_id) ?? spans.set(a.lead_id, []).get(a.lead_id)!;
    list.push({
      seq: Number(a.seq),
      ownerId: a.owner_id,
      teamId: a.team_id,
      assignedAt: Number(a.assigned_at),
      endedAt: a.ended_at === null ? null : Number(a.ended_at),
      endReason: a.end_reason,
    });
  }
  const reminders = new Map<string, ReminderTimer[]>();
  for (const t of timers) {
    const seq = seqOf(t.id, t.payload);
    if (seq === null) continue;
    const list = reminders.get(t.subject) ?? reminders.set(t.subject, []).get(t.subject)!;
    list.push({ seq, status: t.status, firedAt: t.fired_at === null ? null : Number(t.fired_at) });
  }
  return leads.map((l) => ({
    id: l.id,
    firstAssignedAt: Number(l.first_assigned_at),
    acceptedAt: l.accepted_at === null ? null : Number(l.accepted_at),
    firstTouchAt: l.first_touch_at === null ? null : Number(l.first_touch_at),
    assignments: spans.get(l.id) ?? [],
    reminders: reminders.get(l.id) ?? [],
  }));
}

/** Loads the scope's window and computes its metrics. */
export async function queryLeadMetrics(db: Kysely<Database>, scope: MetricsScope): Promise<LeadMetrics> {
  return computeLeadMetrics(await loadLeadHistories(db, { from: scope.from, to: scope.now }), scope);
}
