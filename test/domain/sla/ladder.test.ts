// The SLA ladder's pure parts: which timers an assignment gets (in business time) and whether a due step still applies.
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../src/domain/sla/business-calendar.ts';
import { calendarSchema } from '../../../src/domain/sla/calendar-schema.ts';
import { ladderTimers, nextDeadline, remaining, shouldFire, slaLadderSchema, type LeadClock, type SlaStep } from '../../../src/domain/sla/ladder.ts';

const H = 3_600_000;
const at = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`);
const show = (t: number) => new Date(t + 8 * H).toISOString().slice(0, 16).replace('T', ' ');
const office = createBusinessCalendar(calendarSchema.parse({}), 'Asia/Shanghai');
const always = createBusinessCalendar(calendarSchema.parse({ mode: '24x7' }), 'Asia/Shanghai');

describe('ladderTimers', () => {
  it('counts 2 h / 24 h / 75 % in working hours: a Friday-afternoon lead is reminded on Monday', () => {
    const ladder = slaLadderSchema.parse({});
    const timers = ladderTimers(at('2026-03-06 17:00'), ladder, office);
    expect(timers.map((t) => [t.step, show(t.dueAt)])).toEqual([
      ['remind', '2026-03-09 10:00'],
      ['warn', '2026-03-10 17:00'], // 18 working hours of 09:00–18:00 days: Fri 1 + Mon 9 + Tue 8
      ['reclaim', '2026-03-11 14:00'], // 24: Fri 1 + Mon 9 + Tue 9 + Wed 5
    ]);
  });

  it('runs around the clock with 24x7, takes seconds for demos, and leaves the warning out when warnAt is false', () => {
    const start = at('2026-03-07 23:00');
    const timers = ladderTimers(start, slaLadderSchema.parse({ acceptWithin: '90s', firstTouchWithin: '10m', warnAt: false }), always);
    expect(timers.map((t) => [t.step, t.dueAt - start])).toEqual([
      ['remind', 90_000],
      ['reclaim', 600_000],
    ]);
  });

  it('rejects a duration it cannot read', () => {
    expect(slaLadderSchema.safeParse({ acceptWithin: 'two hours' }).error?.issues[0]?.message).toBe('use a duration like 90s, 30m, 2h or 3d');
  });
});

describe('nextDeadline', () => {
  const ladder = slaLadderSchema.parse({});
  const assignedAt = at('2026-03-06 17:00'); // Friday: level 1 on Monday 10:00, reclaim Wednesday 14:00
  const lead = (over: Partial<LeadClock> = {}) => ({ assignmentSeq: 1, status: 'assigned' as const, firstTouchAt: null, openedAt: null, assignedAt, ...over });
  const shown = (t: number | null) => (t === null ? null : show(t));

  it('is level 1 while the lead waits to be accepted, the reclaim once accepted, opened or past level 1, none after a touch', () => {
    expect(shown(nextDeadline(lead(), ladder, office, assignedAt))).toBe('2026-03-09 10:00');
    expect(shown(nextDeadline(lead({ status: 'accepted' }), ladder, office, assignedAt))).toBe('2026-03-11 14:00');
    expect(shown(nextDeadline(lead({ openedAt: assignedAt + 1 }), ladder, office, assignedAt))).toBe('2026-03-11 14:00');
    expect(shown(nextDeadline(lead(), ladder, office, at('2026-03-09 10:01')))).toBe('2026-03-11 14:00');
    expect(nextDeadline(lead({ firstTouchAt: assignedAt + 1 }), ladder, office, assignedAt)).toBeNull();
  });
});

describe('shouldFire', () => {
  const clock = (over: Partial<LeadClock> = {}): LeadClock => ({ assignmentSeq: 2, status: 'assigned', firstTouchAt: null, openedAt: null, ...over });
  const fires = (c: LeadClock, seq = 2) => (['remind', 'warn', 'reclaim'] as SlaStep[]).filter((s) => shouldFire(s, seq, c));

  it('fires every step while the lead waits untouched on the same assignment', () => {
    expect(fires(clock())).toEqual(['remind', 'warn', 'reclaim']);
  });

  it('skips level 1 once the owner accepted or opened it; level 2 still applies', () => {
    expect(fires(clock({ status: 'accepted' }))).toEqual(['warn', 'reclaim']);
    expect(fires(clock({ openedAt: 1 }))).toEqual(['warn', 'reclaim']);
  });

  it('fires nothing after a first touch, or for an earlier assignment', () => {
    expect(fires(clock({ firstTouchAt: 1, status: 'accepted' }))).toEqual([]);
    expect(fires(clock(), 1)).toEqual([]);
  });
});

describe('remaining', () => {
  it('is business time until due, and zero once due', () => {
    expect(remaining(at('2026-03-06 17:00'), at('2026-03-09 12:00'), office)).toBe(4 * H);
    expect(remaining(at('2026-03-09 12:00'), at('2026-03-09 12:00'), office)).toBe(0);
  });
});
