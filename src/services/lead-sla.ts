/**
 * The lead SLA clock as a chain of timers. Each assignment has at most one pending step: the
 * next one due (normally remind, then warn, then reclaim). A step's handler schedules the step
 * after it in its own transaction; accepting or the owner's first look skips the reminder (its
 * timer is cancelled and the next step scheduled in the same transaction); the first touch and
 * every change of hands cancel whatever is pending. Timer ids carry the assignment number and
 * the step, so a reassigned lead gets a fresh clock and no step is ever scheduled twice.
 * One row per assignment instead of three keeps intake's writes and the timers table small.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Lead } from '../domain/leads/lead.ts';
import { ladderTimers, shouldFire, type SlaStep } from '../domain/sla/ladder.ts';
import { cancelTimers, scheduleTimer, type NewTimer } from '../store/timers.ts';
import type { ServiceDeps } from './deps.ts';

export const SLA_KIND: Record<SlaStep, string> = { remind: 'sla.remind', warn: 'sla.warn', reclaim: 'sla.reclaim' };

export interface SlaPayload {
  seq: number;
  step: SlaStep;
}

export function slaTimerId(leadId: string, seq: number, step: SlaStep): string {
  return `sla:${leadId}:a${seq}:${step}`;
}

/** Every step of the lead's current assignment, in due order, counted from when the owner got it. */
function stepsOf(deps: Pick<ServiceDeps, 'routing'>, lead: Lead, now: number): NewTimer[] {
  const ladder = deps.routing.ladderFor(lead.routeId);
  return ladderTimers(lead.assignedAt ?? now, ladder, deps.routing.calendar)
    .sort((a, b) => a.dueAt - b.dueAt)
    .map((t) => ({
      id: slaTimerId(lead.id, lead.assignmentSeq, t.step),
      kind: SLA_KIND[t.step],
      subject: lead.id,
      dueAt: t.dueAt,
      payload: { seq: lead.assignmentSeq, step: t.step } satisfies SlaPayload,
      now,
    }));
}

const stepOf = (t: NewTimer) => (t.payload as SlaPayload).step;

/** The first step of the lead's current assignment (for a `RowBatch`; `startLadder` schedules it at once). */
export function firstLadderTimer(deps: Pick<ServiceDeps, 'routing'>, lead: Lead, now: number): NewTimer {
  return stepsOf(deps, lead, now)[0]!;
}

/** Starts the clock of the lead's current assignment. */
export async function startLadder(db: Kysely<Database>, deps: Pick<ServiceDeps, 'routing'>, lead: Lead, now: number): Promise<void> {
  await scheduleTimer(db, firstLadderTimer(deps, lead, now));
}

/**
 * Schedules the step due after `step` on the lead's current assignment, passing over a
 * reminder that no longer applies (accepted or opened). Nothing after the last step, and
 * nothing once the lead has its first touch.
 */
export async function continueLadder(db: Kysely<Database>, deps: Pick<ServiceDeps, 'routing'>, lead: Lead, step: SlaStep, now: number): Promise<void> {
  if (lead.firstTouchAt !== null) return;
  const steps = stepsOf(deps, lead, now);
  const next = steps.slice(steps.findIndex((t) => stepOf(t) === step) + 1).find((t) => stepOf(t) !== 'remind' || shouldFire('remind', lead.assignmentSeq, lead));
  if (next) await scheduleTimer(db, next);
}

/** The owner accepted or opened the lead: level 1 no longer applies, so a pending reminder gives way to the next step. */
export async function skipReminder(db: Kysely<Database>, deps: Pick<ServiceDeps, 'routing'>, lead: Lead, now: number): Promise<void> {
  if ((await cancelTimers(db, { subject: lead.id, kind: SLA_KIND.remind })) > 0) await continueLadder(db, deps, lead, 'remind', now);
}

/** Cancels the pending step of a lead's clock (first touch, change of hands). */
export async function stopLadder(db: Kysely<Database>, leadId: string): Promise<void> {
  await cancelTimers(db, { subject: leadId });
}
