/**
 * The lead SLA clock as timers: started for every assignment (whatever way the lead changed
 * hands), stopped by accept (level 1) and first touch (everything). Timer ids carry the
 * assignment number, so a reassigned lead gets a fresh clock and old timers do nothing.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Lead } from '../domain/leads/lead.ts';
import { ladderTimers, type SlaStep } from '../domain/sla/ladder.ts';
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

/** Schedules the ladder of the lead's current assignment, counted from when the owner got it. */
export async function startLadder(db: Kysely<Database>, deps: Pick<ServiceDeps, 'routing'>, lead: Lead, now: number): Promise<void> {
  for (const timer of ladderTimersOf(deps, lead, now)) await scheduleTimer(db, timer);
}

/** The timers of the lead's current assignment (for a `RowBatch`; `startLadder` schedules them at once). */
export function ladderTimersOf(deps: Pick<ServiceDeps, 'routing'>, lead: Lead, now: number): NewTimer[] {
  const ladder = deps.routing.ladderFor(lead.routeId);
  return ladderTimers(lead.assignedAt ?? now, ladder, deps.routing.calendar).map((t) => ({
    id: slaTimerId(lead.id, lead.assignmentSeq, t.step),
    kind: SLA_KIND[t.step],
    subject: lead.id,
    dueAt: t.dueAt,
    payload: { seq: lead.assignmentSeq, step: t.step } satisfies SlaPayload,
    now,
  }));
}

/** Cancels the given steps (default: all) of a lead's clock. */
export async function stopLadder(db: Kysely<Database>, leadId: string, steps: readonly SlaStep[] = ['remind', 'warn', 'reclaim']): Promise<void> {
  await cancelTimers(db, { subject: leadId, kind: steps.map((step) => SLA_KIND[step]) });
}
