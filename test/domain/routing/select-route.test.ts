import { describe, expect, it } from 'vitest';
import { personById } from '../../../src/config/company.ts';
import type { CandidateState, MatchedCondition } from '../../../src/domain/routing/decision.ts';
import { oneLineReason } from '../../../src/domain/routing/explain.ts';
import { chooseOwner } from '../../../src/domain/routing/matcher.ts';
import { routesSchema } from '../../../src/domain/routing/route-schema.ts';
import { firstMatchingRoute, preferredRelaxed, targetPeople, toMatchRoute } from '../../../src/domain/routing/select-route.ts';
import { company } from './fixtures.ts';

const routes = routesSchema.parse([
  { id: 'big', when: { budgetAtLeast: 500_000 }, tags: ['高意向'], to: { team: 'tech-sales' }, preferredSkills: ['技术方案'], relaxPreferredAfter: '30m' },
  { id: 'hot', tags: ['高意向', '回访'], to: { people: ['zhao-min', 'liu-yang'] } },
  { id: 'rest', to: { role: 'rep' } },
]);
/** A stand-in for the tag-rule engine: `{ budgetAtLeast }` against a fixed budget. */
const budgetIs = (budget: number) => (when: unknown): MatchedCondition[] | null => {
  const min = (when as { budgetAtLeast: number }).budgetAtLeast;
  return budget >= min ? [{ field: 'budget', op: 'gte', expected: min, actual: budget }] : null;
};

describe('choosing the route', () => {
  it('takes the first route whose tags (any) and when (all) hold, with what matched', () => {
    expect(firstMatchingRoute(routes, ['高意向'], budgetIs(600_000))).toEqual({
      route: routes[0], matchedTags: ['高意向'], conditions: [{ field: 'budget', op: 'gte', expected: 500_000, actual: 600_000 }],
    });
    expect(firstMatchingRoute(routes, ['高意向'], budgetIs(100))?.route.id).toBe('hot');
    expect(firstMatchingRoute(routes, ['回访', 'x'], budgetIs(600_000))).toMatchObject({ route: { id: 'hot' }, matchedTags: ['回访'] });
    expect(firstMatchingRoute(routes, [], budgetIs(600_000))).toMatchObject({ route: { id: 'rest' }, matchedTags: [], conditions: [] });
    expect(firstMatchingRoute(routes.slice(0, 2), [], budgetIs(600_000))).toBeUndefined();
  });

  it('sends to a team, a role or named people', () => {
    const ids = (r: (typeof routes)[number]) => targetPeople(r.to, company.people).map((p) => p.id);
    expect(ids(routes[0]!)).toEqual(['wang-qiang', 'zhang-wei', 'li-na', 'chen-jie']);
    expect(ids(routes[1]!)).toEqual(['zhao-min', 'liu-yang']);
    expect(ids(routes[2]!)).toHaveLength(10);
  });

  it('relaxes preferred skills once the lead has waited relaxPreferredAfter', () => {
    const t0 = Date.UTC(2026, 2, 2, 2, 0);
    expect(preferredRelaxed(routes[0]!, t0, t0 + 29 * 60_000)).toBe(false);
    expect(preferredRelaxed(routes[0]!, t0, t0 + 30 * 60_000)).toBe(true);
    expect(preferredRelaxed(routes[1]!, t0, t0 + 1e9)).toBe(false);
  });
});

describe('from the company file to the lead card', () => {
  it('routes a big education lead to 张伟 and says why', () => {
    const match = firstMatchingRoute(routes, ['高意向'], budgetIs(600_000))!;
    const people = targetPeople(match.route.to, company.people);
    const load: Record<string, number> = { 'wang-qiang': 5, 'li-na': 8 };
    const candidates: CandidateState[] = people.map((p) => ({
      person: p, openLeads: load[p.id] ?? 0, assignedToday: 0, onDuty: true, timeOff: false,
    }));
    const route = toMatchRoute(match.route, false);
    expect(route).toEqual({ id: 'big', requiredSkills: [], preferredSkills: ['技术方案'], weights: {}, relaxPreferred: false });
    const d = chooseOwner({ lead: { id: 'L-7', tags: ['高意向'] }, route, candidates, exclude: [], rotation: {} });
    expect(d).toMatchObject({ kind: 'assigned', ownerId: 'zhang-wei' });
    const owner = personById(company, 'zhang-wei')!;
    expect(oneLineReason(d, match.conditions, 'zh-CN', owner.skills, route.preferredSkills)).toBe(
      '预算 ≥ 50万 · 你有『技术方案』技能; 王强已满 5/5、李娜已满 8/8',
    );
  });
});
