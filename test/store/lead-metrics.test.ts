import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { insertLead } from '../../src/store/leads.ts';
import { loadLeadHistories, queryLeadMetrics, REMIND_TIMER_KIND } from '../../src/store/lead-metrics.ts';
import { computeLeadMetrics, metricsWindow, type AssignmentSpan, type LeadHistory } from '../../src/domain/leads/lead-metrics.ts';
import { SLA_KIND } from '../../src/services/lead-sla.ts';
import { createMetrics, metricsText } from '../../src/metrics.ts';
import type { Lead } from '../../src/domain/leads/lead.ts';
import { openTestDb, testDatabases } from '../support/databases.ts';

const M = 60_000;
const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2026, 2, 2, 2);
const NOW = T0 + 20 * D;

const span = (seq: number, ownerId: string, teamId: string | null, assignedAt: number, end?: [number, AssignmentSpan['endReason']]): AssignmentSpan => ({
  seq, ownerId, teamId, assignedAt, endedAt: end?.[0] ?? null, endReason: end?.[1] ?? null,
});

/** What the database should give back for the window (only completed reminders are read). */
const HISTORIES: LeadHistory[] = [
  {
    id: 'L-1001', firstAssignedAt: T0, acceptedAt: null, firstTouchAt: null,
    assignments: [span(1, 'zhang-wei', 'tech-sales', T0, [T0 + 24 * H, 'reclaimed']), span(2, 'liu-yang', 'key-accounts', T0 + 24 * H, [T0 + 30 * H, 'declined']), span(3, 'wu-fang', null, T0 + 30 * H)],
    reminders: [{ seq: 1, status: 'done', firedAt: T0 + 2 * H }, { seq: 2, status: 'done', firedAt: T0 + 26 * H }],
  },
  {
    id: 'L-1002', firstAssignedAt: T0 + D, acceptedAt: T0 + D + 15 * M, firstTouchAt: T0 + D + 3 * H,
    assignments: [span(1, 'li-na', 'tech-sales', T0 + D)], reminders: [],
  },
  {
    id: 'L-1003', firstAssignedAt: T0 + 2 * D, acceptedAt: T0 + 2 * D + 5 * H, firstTouchAt: T0 + 2 * D + 71 * H,
    assignments: [span(1, 'zhou-tao', 'inside-sales', T0 + 2 * D, [T0 + 2 * D + 4 * H, 'transferred']), span(2, 'sun-li', 'inside-sales', T0 + 2 * D + 4 * H)],
    reminders: [{ seq: 1, status: 'done', firedAt: T0 + 2 * D + 2 * H }],
  },
  {
    id: 'L-1004', firstAssignedAt: NOW - 5 * H, acceptedAt: null, firstTouchAt: null,
    assignments: [span(1, 'chen-jie', 'tech-sales', NOW - 5 * H)], reminders: [{ seq: 1, status: 'done', firedAt: NOW - 3 * H }],
  },
];

async function writeHistory(db: Db, h: LeadHistory): Promise<void> {
  const last = h.assignments.at(-1)!;
  const lead: Lead = {
    id: h.id, company: `${h.id} 公司`, contactName: '王', contactTitle: '校长', industry: 'education', budget: 1, websiteDwellSeconds: 0,
    decisionChainSize: 1, interactionCount: 0, custom: {}, ownerId: last.ownerId, status: h.acceptedAt === null ? 'assigned' : 'accepted',
    acceptedBy: h.acceptedAt === null ? null : last.ownerId, acceptedAt: h.acceptedAt, createdAt: h.firstAssignedAt, updatedAt: h.firstAssignedAt,
    tags: [], score: 0, ruleVersion: null, routeId: null, assignmentSeq: last.seq, firstAssignedAt: h.firstAssignedAt, assignedAt: last.assignedAt,
    firstTouchAt: h.firstTouchAt, firstTouchBy: h.firstTouchAt === null ? null : last.ownerId, touchChannel: h.firstTouchAt === null ? null : 'phone', openedAt: null,
  };
  await insertLead(db.kysely, lead);
  for (const a of h.assignments) {
    await db.kysely.insertInto('lead_assignments').values({
      id: `${h.id}-${a.seq}`, lead_id: h.id, seq: a.seq, owner_id: a.ownerId, team_id: a.teamId, via: a.seq === 1 ? 'route' : 'reclaim',
      assigned_at: a.assignedAt, ended_at: a.endedAt, end_reason: a.endReason, explanation: '{}',
    }).execute();
  }
  for (const step of ['remind', 'warn', 'reclaim'] as const) {
    for (const a of h.assignments) {
      const fired = step === 'remind' ? h.reminders.find((r) => r.seq === a.seq) : undefined;
      // Every unfired step, and every step of another kind, is noise the query must skip.
      await timer(db, { id: `sla:${h.id}:a${a.seq}:${step}`, kind: SLA_KIND[step], subject: h.id, status: fired ? 'done' : step === 'warn' ? 'done' : 'cancelled', firedAt: fired?.firedAt ?? a.assignedAt + H, seq: a.seq });
    }
  }
}

async function timer(db: Db, t: { id: string; kind: string; subject: string; status: 'pending' | 'claimed' | 'done' | 'cancelled'; firedAt: number | null; seq?: number; payload?: string }) {
  await db.kysely.insertInto('timers').values({
    id: t.id, kind: t.kind, subject: t.subject, due_at: T0, status: t.status, attempts: 1, claimed_by: null, lease_until: null,
    payload: t.payload ?? JSON.stringify({ seq: t.seq, step: 'remind' }), created_at: T0, fired_at: t.firedAt,
  }).execute();
}

describe.each(testDatabases)('lead metrics queries on $name', (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  async function seeded(): Promise<Db> {
    const t = await openTestDb(kind);
    cleanups.push(t.cleanup);
    for (const h of HISTORIES) await writeHistory(t.db, h);
    // Outside the window, and a lead from before routing (no first assignment): never read.
    await writeHistory(t.db, { ...HISTORIES[1]!, id: 'L-0999', firstAssignedAt: NOW - 40 * D, assignments: [span(1, 'li-na', 'tech-sales', NOW - 40 * D)] });
    await insertLead(t.db.kysely, legacyLead());
    // An in-flight reminder has not fired.
    await timer(t.db, { id: 'sla:L-1002:a9:remind', kind: REMIND_TIMER_KIND, subject: 'L-1002', status: 'claimed', firedAt: null, seq: 9 });
    return t.db;
  }

  it('reads back the histories of the window, with completed reminders only', async () => {
    const db = await seeded();
    const got = await loadLeadHistories(db.kysely, { from: NOW - 30 * D, to: NOW });
    expect(got).toEqual(HISTORIES);
  });

  it('computes the same metrics as the pure function over the hand-built histories', async () => {
    const db = await seeded();
    const fallbackTeam = (id: string) => (id === 'wu-fang' ? 'inside-sales' : undefined);
    for (const team of [undefined, 'tech-sales', 'key-accounts', 'inside-sales']) {
      const scope = { ...metricsWindow(NOW), team, fallbackTeam };
      expect(await queryLeadMetrics(db.kysely, scope)).toEqual(computeLeadMetrics(HISTORIES, scope));
    }
    const m = await queryLeadMetrics(db.kysely, { ...metricsWindow(NOW), fallbackTeam });
    expect(m.summary).toMatchObject({ leads: 4, eligible: 3, touched: 2, breached: 1, pending: 1, rate: 2 / 3, reminders: 4, reclaims: 1, declines: 1 });
    expect(m.reps.slice(0, 2).map((r) => r.personId)).toEqual(['zhang-wei', 'liu-yang']);
  });

  it('falls back to the timer id when a reminder payload has no seq', async () => {
    const t = await openTestDb(kind);
    cleanups.push(t.cleanup);
    await writeHistory(t.db, { ...HISTORIES[1]!, reminders: [] });
    await timer(t.db, { id: 'sla:L-1002:a1:remind-old', kind: REMIND_TIMER_KIND, subject: 'L-1002', status: 'done', firedAt: T0 + D + H, payload: '{}' });
    const [h] = await loadLeadHistories(t.db.kysely, { from: T0, to: NOW });
    expect(h!.reminders).toEqual([{ seq: 1, status: 'done', firedAt: T0 + D + H }]);
  });

  it('exposes the lead gauges at scrape time, by team', async () => {
    const db = await seeded();
    const metrics = createMetrics(db, { defaultMetrics: false, now: () => NOW, teamOf: (id) => (id === 'wu-fang' ? 'inside-sales' : undefined) });
    const text = await metricsText(metrics);
    expect(text).toContain('closeloop_lead_first_touch_72h_ratio{team="tech-sales"} 0.5');
    expect(text).toContain('closeloop_lead_first_touch_72h_ratio{team="inside-sales"} 1');
    expect(text).not.toMatch(/closeloop_lead_first_touch_72h_ratio\{team="key-accounts"\}/);
    expect(text).toContain('closeloop_lead_sla_breaches{team="tech-sales"} 2');
    expect(text).toContain('closeloop_lead_sla_breaches{team="key-accounts"} 1');
    expect(text).toContain('closeloop_lead_reclaims_total{team="tech-sales"} 1');
    expect(text).toContain('closeloop_lead_declines{team="key-accounts"} 1');
    expect(text).toContain('closeloop_lead_first_touch_72h_leads{team="tech-sales",outcome="pending"} 1');
    expect(text).toContain('closeloop_lead_first_touch_72h_leads{team="tech-sales",outcome="breached"} 1');
    expect(text).toContain(`closeloop_lead_median_first_touch_minutes{team="tech-sales"} ${3 * 60}`);
    // Existing gauges still work alongside.
    expect(text).toMatch(/closeloop_timers\{status="claimed"\} 1/);
  });
});

it('reads the same reminder kind the SLA ladder schedules', () => {
  expect(REMIND_TIMER_KIND).toBe(SLA_KIND.remind);
});

function legacyLead(): Lead {
  return {
    id: 'L-0001', company: '老线索', contactName: '李', contactTitle: '主任', industry: 'education', budget: 1, websiteDwellSeconds: 0,
    decisionChainSize: 1, interactionCount: 0, custom: {}, ownerId: 'zhang-wei', status: 'assigned', acceptedBy: null, acceptedAt: null,
    createdAt: T0, updatedAt: T0, tags: [], score: 0, ruleVersion: null, routeId: null, assignmentSeq: 1, firstAssignedAt: null,
    assignedAt: null, firstTouchAt: null, firstTouchBy: null, touchChannel: null, openedAt: null,
  };
}
