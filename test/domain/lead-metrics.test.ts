import { describe, expect, it } from 'vitest';
import {
  computeLeadMetrics,
  firstTouchOutcome,
  median,
  metricsWindow,
  reminderFired,
  type AssignmentSpan,
  type LeadHistory,
} from '../../src/domain/leads/lead-metrics.ts';
import { percent, rateLine } from '../../cards/lead-stats.ts';

const M = 60_000;
const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2026, 2, 2, 2); // Monday 10:00 Shanghai
const NOW = T0 + 10 * D;

const span = (seq: number, ownerId: string, teamId: string | null, assignedAt: number, end?: [number, AssignmentSpan['endReason']]): AssignmentSpan => ({
  seq,
  ownerId,
  teamId,
  assignedAt,
  endedAt: end?.[0] ?? null,
  endReason: end?.[1] ?? null,
});

const lead = (id: string, over: Partial<LeadHistory>): LeadHistory => ({ id, firstAssignedAt: T0, acceptedAt: null, firstTouchAt: null, assignments: [], reminders: [], ...over });

/** Hand-built histories; the comments give each lead's expected outcome. */
const HISTORIES: LeadHistory[] = [
  // Reclaimed from tech-sales at 30 h to key-accounts, touched at 80 h: a breach of tech-sales;
  // both holders had it within the 72 hours without touching it.
  lead('L-A', {
    acceptedAt: T0 + 80 * H,
    firstTouchAt: T0 + 80 * H,
    assignments: [span(1, 'zhang-wei', 'tech-sales', T0, [T0 + 30 * H, 'reclaimed']), span(2, 'liu-yang', 'key-accounts', T0 + 30 * H)],
    reminders: [
      { seq: 1, status: 'done', firedAt: T0 + 2 * H },
      { seq: 2, status: 'cancelled', firedAt: null },
    ],
  }),
  // Reclaimed only after the 72 hours: the new rep (inside-sales) is not blamed.
  lead('L-B', {
    acceptedAt: T0 + 76 * H,
    firstTouchAt: T0 + 76 * H,
    assignments: [span(1, 'zhang-wei', 'tech-sales', T0, [T0 + 75 * H, 'reclaimed']), span(2, 'zhou-tao', 'inside-sales', T0 + 75 * H)],
    reminders: [{ seq: 1, status: 'done', firedAt: T0 + 2 * H }],
  }),
  // Accepted after 1 h, touched after 2 h.
  lead('L-C', { acceptedAt: T0 + H, firstTouchAt: T0 + 2 * H, assignments: [span(1, 'li-na', 'tech-sales', T0)] }),
  // Younger than 72 h: pending, whatever happened.
  lead('L-D', { firstAssignedAt: NOW - 10 * H, assignments: [span(1, 'wu-fang', 'inside-sales', NOW - 10 * H)] }),
  // Outside the 30-day window.
  lead('L-E', { firstAssignedAt: NOW - 31 * D, assignments: [span(1, 'zhang-wei', 'tech-sales', NOW - 31 * D)] }),
  // Declined after 10 min, accepted 30 min later by the next owner, touched at 100 h. Its
  // "done" reminder completed after the assignment ended, so it cannot have been sent.
  lead('L-F', {
    acceptedAt: T0 + 40 * M,
    firstTouchAt: T0 + 100 * H,
    assignments: [span(1, 'chen-jie', 'tech-sales', T0, [T0 + 10 * M, 'declined']), span(2, 'zhang-wei', 'tech-sales', T0 + 10 * M)],
    reminders: [{ seq: 1, status: 'done', firedAt: T0 + 20 * M }],
  }),
];

const window = metricsWindow(NOW);

describe('72-hour first-touch outcome', () => {
  it('is pending until 72 hours have fully elapsed, then touched only within the 72 hours', () => {
    expect(firstTouchOutcome({ firstAssignedAt: T0, firstTouchAt: T0 + H }, T0 + 72 * H - 1)).toBe('pending');
    expect(firstTouchOutcome({ firstAssignedAt: T0, firstTouchAt: T0 + 72 * H }, T0 + 72 * H)).toBe('touched');
    expect(firstTouchOutcome({ firstAssignedAt: T0, firstTouchAt: T0 + 72 * H + 1 }, T0 + 100 * H)).toBe('breached');
    expect(firstTouchOutcome({ firstAssignedAt: T0, firstTouchAt: null }, T0 + 72 * H)).toBe('breached');
  });
});

describe('reminders', () => {
  const a = lead('L-X', { assignments: [span(1, 'zhang-wei', 'tech-sales', T0, [T0 + 5 * H, 'reclaimed'])], firstTouchAt: T0 + 9 * H });
  it('count only when the scheduler completed them while the step still applied', () => {
    expect(reminderFired(a, { seq: 1, status: 'done', firedAt: T0 + 2 * H })).toBe(true);
    expect(reminderFired(a, { seq: 1, status: 'cancelled', firedAt: T0 + 2 * H })).toBe(false);
    expect(reminderFired(a, { seq: 1, status: 'claimed', firedAt: null })).toBe(false);
    expect(reminderFired(a, { seq: 1, status: 'done', firedAt: T0 + 6 * H })).toBe(false);
    expect(reminderFired(a, { seq: 2, status: 'done', firedAt: T0 + 2 * H })).toBe(false);
    expect(reminderFired({ ...a, assignments: [span(1, 'zhang-wei', 'tech-sales', T0)] }, { seq: 1, status: 'done', firedAt: T0 + 10 * H })).toBe(false);
  });
});

describe('median', () => {
  it('takes the middle, or the mean of the two middles', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 100])).toBe(3.5);
  });
});

describe('computeLeadMetrics', () => {
  it('rates the window: reassigned leads count against the first team, pending leads are apart', () => {
    const m = computeLeadMetrics(HISTORIES, window);
    expect(m.summary).toEqual({
      leads: 5,
      eligible: 4,
      touched: 1,
      breached: 3,
      pending: 1,
      rate: 0.25,
      medianAcceptMinutes: 60, // [30 (L-F from its 2nd owner), 60, 60, 3000]
      medianFirstTouchMinutes: (76 * 60 + 80 * 60) / 2, // [120, 4560, 4800, 6000]
      reminders: 2,
      reclaims: 2,
      declines: 1,
    });
    const team = (id: string) => m.teams.find((t) => t.teamId === id);
    expect(team('tech-sales')).toMatchObject({ leads: 4, touched: 1, breached: 3, pending: 0, reminders: 2, reclaims: 2, declines: 1 });
    // key-accounts and inside-sales took over breached leads: no breach is theirs.
    expect(team('key-accounts')).toMatchObject({ leads: 0, eligible: 0, breached: 0, rate: null, reclaims: 0 });
    expect(team('inside-sales')).toMatchObject({ leads: 1, pending: 1, eligible: 0, breached: 0, rate: null });
    expect(m.teams[0]!.teamId).toBe('tech-sales');
  });

  it('blames every rep who held a breached lead during its 72 hours, worst first', () => {
    const m = computeLeadMetrics(HISTORIES, window);
    expect(m.reps).toEqual([
      { personId: 'zhang-wei', held: 3, breaches72h: 3, reminders: 2, reclaims: 2, declines: 0 },
      { personId: 'chen-jie', held: 1, breaches72h: 1, reminders: 0, reclaims: 0, declines: 1 },
      { personId: 'liu-yang', held: 1, breaches72h: 1, reminders: 0, reclaims: 0, declines: 0 },
      { personId: 'li-na', held: 1, breaches72h: 0, reminders: 0, reclaims: 0, declines: 0 },
      { personId: 'wu-fang', held: 1, breaches72h: 0, reminders: 0, reclaims: 0, declines: 0 },
      { personId: 'zhou-tao', held: 1, breaches72h: 0, reminders: 0, reclaims: 0, declines: 0 },
    ]);
  });

  it('blames a rep once per lead however often they held it', () => {
    const pingPong = lead('L-P', {
      assignments: [
        span(1, 'zhang-wei', 'tech-sales', T0, [T0 + H, 'transferred']),
        span(2, 'li-na', 'tech-sales', T0 + H, [T0 + 2 * H, 'transferred']),
        span(3, 'zhang-wei', 'tech-sales', T0 + 2 * H),
      ],
    });
    const reps = computeLeadMetrics([pingPong], window).reps;
    expect(reps.find((r) => r.personId === 'zhang-wei')).toMatchObject({ held: 2, breaches72h: 1 });
    expect(reps.find((r) => r.personId === 'li-na')).toMatchObject({ held: 1, breaches72h: 1 });
  });

  it('a team view rates the team’s first assignments and lists only assignments held for it', () => {
    const m = computeLeadMetrics(HISTORIES, { ...window, team: 'tech-sales' });
    expect(m.summary).toEqual({ ...computeLeadMetrics(HISTORIES, window).teams.find((t) => t.teamId === 'tech-sales'), teamId: undefined });
    expect(m.summary).toMatchObject({ leads: 4, eligible: 4, touched: 1, pending: 0, rate: 0.25 });
    expect(m.reps.map((r) => r.personId)).toEqual(['zhang-wei', 'chen-jie', 'li-na']);

    const ka = computeLeadMetrics(HISTORIES, { ...window, team: 'key-accounts' });
    expect(ka.summary).toMatchObject({ leads: 0, rate: null });
    expect(ka.reps).toEqual([{ personId: 'liu-yang', held: 1, breaches72h: 1, reminders: 0, reclaims: 0, declines: 0 }]);
  });

  it('places assignments recorded without a team by the owner’s team', () => {
    const teamless = lead('L-N', { assignments: [span(1, 'zhang-wei', null, T0)] });
    expect(computeLeadMetrics([teamless], window).teams.map((t) => t.teamId)).toEqual([null]);
    const m = computeLeadMetrics([teamless], { ...window, team: 'tech-sales', fallbackTeam: (id) => (id === 'zhang-wei' ? 'tech-sales' : null) });
    expect(m.summary).toMatchObject({ leads: 1, breached: 1 });
    expect(m.reps[0]).toMatchObject({ personId: 'zhang-wei', breaches72h: 1 });
  });

  it('reads nothing outside the window or after now', () => {
    const m = computeLeadMetrics([lead('L-Z', { firstAssignedAt: NOW + 1 }), lead('L-Y', { firstAssignedAt: window.from - 1 })], window);
    expect(m.summary.leads).toBe(0);
    expect(m.reps).toEqual([]);
    expect(metricsWindow(NOW, 7)).toEqual({ from: NOW - 7 * D, now: NOW });
  });
});

describe('rate line', () => {
  it('reads like the issue, and never says 100% while a lead was missed', () => {
    const g = { eligible: 30, touched: 26, pending: 4 } as Parameters<typeof rateLine>[0];
    expect(rateLine(g, 'zh-CN')).toBe('72小时首触率 87% (26/30)，进行中 4');
    expect(rateLine(g, 'en')).toBe('72-hour first-touch rate 87% (26/30), 4 pending');
    expect(rateLine({ ...g, eligible: 0, touched: 0 }, 'zh-CN')).toBe('72小时首触率 — (0/0)，进行中 4');
    expect(percent(999, 1000)).toBe('99%');
    expect(percent(5, 5)).toBe('100%');
  });
});
