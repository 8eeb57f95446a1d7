import { describe, expect, it } from 'vitest';
import type { MatchDecision, MatchInput } from '../../../src/domain/routing/decision.ts';
import { chooseOwner } from '../../../src/domain/routing/matcher.ts';
import { candidate, input, route, techSales } from './fixtures.ts';

/** Routes `n` leads in a row, carrying the rotation state like the caller would. */
function owners(base: MatchInput, n: number): string[] {
  let rotation = base.rotation;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = chooseOwner({ ...base, rotation });
    out.push(d.kind === 'assigned' ? d.ownerId : '-');
    rotation = d.rotation;
  }
  return out;
}

const explanationOf = (d: MatchDecision, id: string) => d.candidates.find((c) => c.personId === id);

describe('required skills are hard', () => {
  it('never chooses someone without every required skill, and says which one is missing', () => {
    const base = input({ route: route({ requiredSkills: ['技术方案'] }) });
    expect(new Set(owners(base, 30))).toEqual(new Set(['wang-qiang', 'zhang-wei', 'li-na']));
    expect(explanationOf(chooseOwner(base), 'chen-jie')).toEqual({
      personId: 'chen-jie', name: '陈杰', outcome: 'skipped', reason: 'missing_skill', detail: { skill: '技术方案' },
    });
  });

  it('leaves the lead unassigned rather than break the rule', () => {
    const d = chooseOwner(input({ route: route({ requiredSkills: ['制造业'] }) }));
    expect(d).toMatchObject({ kind: 'unassigned', reason: 'nobody_eligible' });
  });
});

describe('preferred skills', () => {
  const preferred = route({ preferredSkills: ['教育行业', '高层拜访'] });

  it('score by how many are held; only the top tier rotates', () => {
    const d = chooseOwner(input({ route: preferred }));
    expect(d).toMatchObject({ kind: 'assigned', via: 'route', ownerId: 'wang-qiang', score: 2, preferred: 'applied', tier: ['wang-qiang'] });
    expect(d.candidates.map((c) => [c.personId, c.outcome, c.score])).toEqual([
      ['wang-qiang', 'chosen', 2], ['zhang-wei', 'eligible', 1], ['li-na', 'eligible', 0], ['chen-jie', 'eligible', 1],
    ]);
  });

  it('fall to the next tier when the best fit is unavailable', () => {
    const candidates = [candidate('wang-qiang', { openLeads: 5 }), ...techSales.slice(1).map((id) => candidate(id))];
    const base = input({ route: preferred, candidates });
    expect(new Set(owners(base, 10))).toEqual(new Set(['zhang-wei', 'chen-jie']));
    expect(chooseOwner(base)).toMatchObject({ score: 1, preferred: 'applied', tier: ['zhang-wei', 'chen-jie'] });
  });

  it('are relaxed, and recorded so, when no eligible person holds any', () => {
    const d = chooseOwner(input({ route: route({ preferredSkills: ['制造业'] }) }));
    expect(d).toMatchObject({ kind: 'assigned', preferred: 'relaxed_nobody_has', score: 0, tier: techSales });
  });

  it('stop narrowing the choice once the route’s wait is over', () => {
    const base = input({ route: { ...preferred, relaxPreferred: true } });
    expect(chooseOwner(base)).toMatchObject({ preferred: 'relaxed_after_wait', tier: techSales });
    expect(new Set(owners(base, 4))).toEqual(new Set(techSales));
  });

  it('are not configured on a route without them', () => {
    expect(chooseOwner(input())).toMatchObject({ preferred: 'not_configured', score: 0 });
  });
});

describe('capacity caps', () => {
  it('skip people at their open-lead cap with the numbers (李娜 8/8)', () => {
    const candidates = [candidate('li-na', { openLeads: 8 }), candidate('zhang-wei')];
    const d = chooseOwner(input({ candidates }));
    expect(d).toMatchObject({ kind: 'assigned', ownerId: 'zhang-wei' });
    expect(explanationOf(d, 'li-na')).toMatchObject({ outcome: 'skipped', reason: 'open_cap', detail: { open: 8, cap: 8 } });
    expect(chooseOwner(input({ candidates: [candidate('li-na', { openLeads: 7 })] }))).toMatchObject({ ownerId: 'li-na' });
  });

  it('skip people at their per-day cap', () => {
    const candidates = [candidate('zhang-wei', { assignedToday: 5 }), candidate('li-na', { assignedToday: 50 })];
    const d = chooseOwner(input({ candidates }));
    expect(d).toMatchObject({ ownerId: 'li-na' });
    expect(explanationOf(d, 'zhang-wei')).toMatchObject({ reason: 'daily_cap', detail: { today: 5, cap: 5 } });
  });
});

describe('who is never chosen', () => {
  it('previous owners, on reassignment', () => {
    const base = input({ exclude: ['wang-qiang', 'zhang-wei'] });
    expect(new Set(owners(base, 20))).toEqual(new Set(['li-na', 'chen-jie']));
    expect(explanationOf(chooseOwner(base), 'zhang-wei')).toMatchObject({ outcome: 'skipped', reason: 'previous_owner' });
  });

  it('people on time off, off duty or deactivated, each with its reason', () => {
    const candidates = [
      candidate('wang-qiang', { timeOff: true }),
      candidate('zhang-wei', { onDuty: false }),
      candidate('li-na', { active: false }),
      candidate('chen-jie'),
    ];
    const base = input({ candidates });
    expect(new Set(owners(base, 50))).toEqual(new Set(['chen-jie']));
    expect(chooseOwner(base).candidates.map((c) => c.reason ?? c.outcome)).toEqual(['time_off', 'off_duty', 'inactive', 'chosen']);
  });

  it('reports the first rule broken, in a fixed order', () => {
    const d = chooseOwner(input({ candidates: [candidate('li-na', { active: false, timeOff: true, openLeads: 99 })], exclude: ['li-na'] }));
    expect(d.candidates[0]?.reason).toBe('inactive');
  });
});

describe('fallback owner', () => {
  const nobody = techSales.map((id) => candidate(id, { timeOff: true }));

  it('takes the lead when nobody is eligible, recorded as fallback', () => {
    const base = input({ candidates: nobody, fallbackOwnerId: 'lin-xue', rotation: { edu: { 'zhang-wei': 1 } } });
    const d = chooseOwner(base);
    expect(d).toMatchObject({ kind: 'assigned', via: 'fallback', ownerId: 'lin-xue', score: 0 });
    expect(d.rotation).toBe(base.rotation);
    expect(d.candidates.every((c) => c.reason === 'time_off')).toBe(true);
  });

  it('is not used while a candidate is eligible', () => {
    expect(chooseOwner(input({ fallbackOwnerId: 'lin-xue' }))).toMatchObject({ via: 'route' });
  });

  it('without one, or when it cannot be used, the lead stays unassigned with the reason', () => {
    expect(chooseOwner(input({ candidates: nobody }))).toMatchObject({ kind: 'unassigned', reason: 'nobody_eligible' });
    expect(chooseOwner(input({ candidates: [] }))).toMatchObject({ kind: 'unassigned', reason: 'no_candidates', candidates: [] });
    expect(chooseOwner(input({ candidates: nobody, fallbackOwnerId: 'zhang-wei', exclude: ['zhang-wei'] }))).toMatchObject({
      kind: 'unassigned', reason: 'fallback_previous_owner',
    });
    const inactive = [candidate('wang-qiang', { active: false })];
    expect(chooseOwner(input({ candidates: inactive, fallbackOwnerId: 'wang-qiang' }))).toMatchObject({ reason: 'fallback_inactive' });
  });
});

describe('working hours', () => {
  it('skip people off duty while someone who could take the lead is on duty', () => {
    const shifts = input({ candidates: techSales.map((id) => candidate(id, { onDuty: id === 'li-na' })) });
    const d = chooseOwner(shifts);
    expect(d).toMatchObject({ kind: 'assigned', via: 'route', ownerId: 'li-na' });
    expect(explanationOf(d, 'zhang-wei')).toMatchObject({ outcome: 'skipped', reason: 'off_duty' });
    expect(d).not.toHaveProperty('nobodyOnDuty');
  });

  it('do not narrow the choice when nobody who could take it is on duty (night, holiday), and say so', () => {
    const night = input({ candidates: techSales.map((id) => candidate(id, { onDuty: false })) });
    expect(new Set(owners(night, 12))).toEqual(new Set(owners(input(), 12)));
    expect(chooseOwner(night)).toMatchObject({ kind: 'assigned', via: 'route', nobodyOnDuty: true });
    // The one on duty is at the cap: the off-duty rest may take it.
    const busy = input({ candidates: techSales.map((id) => candidate(id, id === 'li-na' ? { onDuty: true, openLeads: 8 } : { onDuty: false })) });
    const d = chooseOwner(busy);
    expect(d).toMatchObject({ kind: 'assigned', via: 'route', nobodyOnDuty: true });
    expect(explanationOf(d, 'li-na')).toMatchObject({ reason: 'open_cap' });
  });
});

describe('determinism', () => {
  it('equal inputs give equal decisions, the input is never mutated, candidate order does not matter', () => {
    const base = input({ route: route({ weights: { 'li-na': 3 } }), rotation: { edu: { 'li-na': -2, 'zhang-wei': 1 }, other: { x: 1 } } });
    const before = structuredClone(base);
    const a = chooseOwner(base);
    expect(chooseOwner(structuredClone(base))).toEqual(a);
    expect(base).toEqual(before);
    expect(a.rotation.other).toEqual({ x: 1 });
    const reversed = chooseOwner({ ...base, candidates: [...base.candidates].reverse() });
    expect(reversed).toMatchObject({ ownerId: (a as { ownerId: string }).ownerId, rotation: a.rotation });
  });

  it('considers a person listed twice once', () => {
    const d = chooseOwner(input({ candidates: [candidate('li-na'), candidate('li-na', { onDuty: false })] }));
    expect(d.candidates).toHaveLength(1);
    expect(d).toMatchObject({ ownerId: 'li-na', rotation: { edu: { 'li-na': 0 } } });
  });
});
