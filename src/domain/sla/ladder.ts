/**
 * The lead SLA ladder (PagerDuty-style levels): level 1 reminds the rep and copies the
 * supervisor when a lead is not accepted in time; level 2 reclaims it when nobody logged a
 * first touch, with a warning before. Pure: the caller persists the timers it returns and
 * asks `shouldFire` when one comes due, so a late or repeated fire is harmless.
 * @module
 */
import { z } from 'zod';
import type { BusinessCalendar } from './business-calendar.ts';
import { businessDurationMs, parseDuration } from './duration.ts';

const duration = z.string().refine((s) => {
  try {
    parseDuration(s);
    return true;
  } catch {
    return false;
  }
}, 'use a duration like 90s, 30m, 2h or 3d');

export const slaLadderSchema = z
  .object({
    /** Level 1: not accepted within this much business time → urgent reminder + supervisor copy. */
    acceptWithin: duration.default('2h'),
    /** Level 2: no first touch within this much business time → reclaim and reassign. */
    firstTouchWithin: duration.default('24h'),
    /** Warn the rep when this share of level 2 has passed; false turns the warning off. */
    warnAt: z.union([z.number().gt(0).lt(1), z.literal(false)]).default(0.75),
  })
  .strict();

export type SlaLadder = z.output<typeof slaLadderSchema>;

export type SlaStep = 'remind' | 'warn' | 'reclaim';

export interface LadderTimer {
  step: SlaStep;
  dueAt: number;
}

/** The timers of one assignment, counted in business time from when the owner got the lead. */
export function ladderTimers(assignedAt: number, ladder: SlaLadder, calendar: BusinessCalendar): LadderTimer[] {
  const accept = businessDurationMs(ladder.acceptWithin, calendar);
  const touch = businessDurationMs(ladder.firstTouchWithin, calendar);
  const timers: LadderTimer[] = [{ step: 'remind', dueAt: calendar.addBusinessTime(assignedAt, accept) }];
  if (ladder.warnAt !== false) timers.push({ step: 'warn', dueAt: calendar.addBusinessTime(assignedAt, Math.round(touch * ladder.warnAt)) });
  timers.push({ step: 'reclaim', dueAt: calendar.addBusinessTime(assignedAt, touch) });
  return timers;
}

export interface LeadClock {
  assignmentSeq: number;
  status: 'assigned' | 'accepted';
  firstTouchAt: number | null;
  /** The owner opened the lead in chat: as good as accepted for level 1. */
  openedAt: number | null;
}

/**
 * Whether a due step still applies: only for the assignment it was set for (a reassigned
 * lead has a new clock) and only while its condition still holds.
 */
export function shouldFire(step: SlaStep, timerSeq: number, lead: LeadClock): boolean {
  if (lead.assignmentSeq !== timerSeq || lead.firstTouchAt !== null) return false;
  switch (step) {
    case 'remind':
      return lead.status === 'assigned' && lead.openedAt === null;
    case 'warn':
    case 'reclaim':
      return true;
  }
}

/**
 * The deadline a rep is working to (`/lead mine`): level 1's while the lead is neither accepted
 * nor opened and that time has not passed, else the reclaim. No deadline after the first touch.
 * Computed from the ladder, as the clock keeps only its next step as a timer.
 */
export function nextDeadline(lead: LeadClock & { assignedAt: number }, ladder: SlaLadder, calendar: BusinessCalendar, now: number): number | null {
  if (lead.firstTouchAt !== null) return null;
  const steps = ladderTimers(lead.assignedAt, ladder, calendar);
  const remind = steps.find((t) => t.step === 'remind');
  if (remind && remind.dueAt > now && shouldFire('remind', lead.assignmentSeq, lead)) return remind.dueAt;
  return steps.find((t) => t.step === 'reclaim')?.dueAt ?? null;
}

/** Business time left until `dueAt`, for "will be reclaimed in 6 h". */
export function remaining(now: number, dueAt: number, calendar: BusinessCalendar): number {
  return dueAt <= now ? 0 : calendar.businessTimeBetween(now, dueAt);
}
