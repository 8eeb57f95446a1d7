// The SLA clock as a chain: one pending step per assignment, each step scheduling the next.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import type { Lead } from '../../src/domain/leads/lead.ts';
import { createBusinessCalendar } from '../../src/domain/sla/business-calendar.ts';
import { calendarSchema } from '../../src/domain/sla/calendar-schema.ts';
import { slaLadderSchema, type SlaLadder } from '../../src/domain/sla/ladder.ts';
import type { ServiceDeps } from '../../src/services/deps.ts';
import { continueLadder, skipReminder, startLadder, stopLadder } from '../../src/services/lead-sla.ts';
import { freshDbs, testDatabases } from '../support/databases.ts';

const T0 = Date.parse('2026-03-07T23:00:00+08:00');
const always = createBusinessCalendar(calendarSchema.parse({ mode: '24x7' }), 'Asia/Shanghai');
const depsWith = (ladder: Partial<SlaLadder>) =>
  ({ routing: { calendar: always, ladderFor: () => slaLadderSchema.parse({ acceptWithin: '90s', firstTouchWithin: '10m', ...ladder }) } }) as unknown as Pick<ServiceDeps, 'routing'>;
const lead = (over: Partial<Lead> = {}): Lead =>
  ({ id: 'L-1', assignmentSeq: 1, assignedAt: T0, routeId: 'r', status: 'assigned', firstTouchAt: null, openedAt: null, ...over }) as Lead;

describe.each(testDatabases)('SLA chain on $name', (kind) => {
  const fresh = freshDbs(kind);
  const open = async (): Promise<Db> => (await fresh()).db;
  const timers = async (db: Db) =>
    (await db.kysely.selectFrom('timers').select(['id', 'status', 'due_at']).orderBy('due_at').orderBy('id').execute()).map((t) => [
      t.id.split(':').at(-1),
      t.status,
      Number(t.due_at) - T0,
    ]);

  it('schedules one step at a time, each after the one before, and nothing after the reclaim', async () => {
    const db = await open();
    const deps = depsWith({});
    await startLadder(db.kysely, deps, lead(), T0);
    expect(await timers(db)).toEqual([['remind', 'pending', 90_000]]);
    await continueLadder(db.kysely, deps, lead(), 'remind', T0);
    await continueLadder(db.kysely, deps, lead(), 'remind', T0); // a repeated fire adds nothing
    await continueLadder(db.kysely, deps, lead(), 'warn', T0);
    await continueLadder(db.kysely, deps, lead(), 'reclaim', T0);
    expect(await timers(db)).toEqual([
      ['remind', 'pending', 90_000],
      ['warn', 'pending', 450_000],
      ['reclaim', 'pending', 600_000],
    ]);
  });

  it('goes from the reminder straight to the reclaim when the warning is off', async () => {
    const db = await open();
    await continueLadder(db.kysely, depsWith({ warnAt: false }), lead(), 'remind', T0);
    expect(await timers(db)).toEqual([['reclaim', 'pending', 600_000]]);
  });

  it('accepting swaps a pending reminder for the next step once; a lead with its first touch gets no next step', async () => {
    const db = await open();
    const deps = depsWith({});
    await startLadder(db.kysely, deps, lead(), T0);
    const accepted = lead({ status: 'accepted' });
    await skipReminder(db.kysely, deps, accepted, T0);
    await skipReminder(db.kysely, deps, accepted, T0);
    expect(await timers(db)).toEqual([
      ['remind', 'cancelled', 90_000],
      ['warn', 'pending', 450_000],
    ]);
    await continueLadder(db.kysely, deps, lead({ firstTouchAt: T0 + 1 }), 'warn', T0);
    await stopLadder(db.kysely, 'L-1');
    expect(await timers(db)).toEqual([
      ['remind', 'cancelled', 90_000],
      ['warn', 'cancelled', 450_000],
    ]);
  });

  it('follows due order, and passes over a reminder that no longer applies', async () => {
    const db = await open();
    // An odd ladder: the warning (75 % of 60 s) comes before the reminder (50 s), the reclaim last.
    const deps = depsWith({ acceptWithin: '50s', firstTouchWithin: '60s' });
    await startLadder(db.kysely, deps, lead(), T0);
    expect(await timers(db)).toEqual([['warn', 'pending', 45_000]]);
    await continueLadder(db.kysely, deps, lead({ openedAt: T0 + 5 }), 'warn', T0);
    expect(await timers(db)).toEqual([
      ['warn', 'pending', 45_000],
      ['reclaim', 'pending', 60_000],
    ]);
    const other = await open();
    await continueLadder(other.kysely, deps, lead(), 'warn', T0);
    expect(await timers(other)).toEqual([['remind', 'pending', 50_000]]);
  });
});
