import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCompany } from '../../../src/config/company.ts';
import { leadsRoutingSchema, routeSchema, routesSchema, routingReferenceIssues } from '../../../src/domain/routing/route-schema.ts';

const issues = (schema: { safeParse(x: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, x: unknown) =>
  schema.safeParse(x).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('leads.routes in the company file', () => {
  it('parses the demo company with routes, filling defaults, and the ids it names exist', () => {
    const company = parseCompany(readFileSync('examples/company.yaml', 'utf8'), 'company.yaml');
    const routing = leadsRoutingSchema.parse(company.leads);
    expect(routing.routes.map((r) => r.to)).toEqual([{ team: 'tech-sales' }, { team: 'key-accounts' }, { team: 'key-accounts' }, { team: 'inside-sales' }]);
    expect(routing.routes[0]).toMatchObject({ weights: { 'zhang-wei': 2 }, materials: { industries: ['education'], tags: [], max: 3 } });
    expect(routing.routes[3]).toMatchObject({ requiredSkills: [], preferredSkills: [], weights: {} });
    const known = { personIds: new Set(company.people.map((p) => p.id)), teamIds: new Set(company.teams.map((t) => t.id)) };
    expect(routingReferenceIssues(routing, known)).toEqual([]);
  });

  it('names unknown people and teams with their paths', () => {
    const routing = leadsRoutingSchema.parse({
      fallbackOwner: 'nobody',
      routes: [{ id: 'a', tags: ['x'], to: { team: 'ghosts' } }, { id: 'b', tags: ['x'], to: { people: ['li-na', 'mystery'] }, weights: { mystery: 2 } }],
    });
    const known = { personIds: new Set(['li-na']), teamIds: new Set(['tech-sales']) };
    expect(routingReferenceIssues(routing, known).map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'routes.0.to.team: unknown team "ghosts"; declare it under teams',
      'routes.1.to.people.1: unknown person "mystery"; use an id from people',
      'routes.1.weights.mystery: unknown person "mystery"; use an id from people',
      'fallbackOwner: unknown person "nobody"; use an id from people',
    ]);
  });

  it('rejects bad routes with a message that says how to fix them', () => {
    expect(issues(routeSchema, { id: 'a', to: { team: 'x', role: 'rep' } })).toEqual(['to: give exactly one of team, role or people, e.g. to: { team: tech-sales }']);
    expect(issues(routeSchema, { id: 'a', to: { teams: 'x' } })[0]).toBe('to: unknown key(s) teams in to; allowed: team, role, people');
    expect(issues(routeSchema, { id: 'a', to: { role: 'boss' } })).toEqual(['to.role: use one of rep, supervisor, manager, finance, delivery, admin']);
    expect(issues(routeSchema, { id: 'a', to: { team: 'x' }, colour: 'red' })).toEqual([
      ': unknown key(s) colour in a route; allowed: id, label, when, tags, to, requiredSkills, preferredSkills, relaxPreferredAfter, weights, materials, sla',
    ]);
    expect(issues(routeSchema, { id: 'a', to: { team: 'x' }, preferredSkills: ['y'], relaxPreferredAfter: '30 minutes' })).toEqual([
      'relaxPreferredAfter: invalid duration "30 minutes": expected whole numbers with a unit d, h, m or s; write it like 90s, 15m, 2h, 3d or 1h30m',
    ]);
    expect(issues(routeSchema, { id: 'a', to: { team: 'x' }, weights: { 'li-na': 0 } })).toEqual([
      'weights.li-na: weights must be > 0; to stop routing to someone, leave them out of `to`',
    ]);
    expect(issues(routeSchema, { id: 'a', to: { team: 'x' }, tags: [] })).toEqual(['tags: list at least one tag key, or drop `tags` to match every lead']);
    expect(issues(routeSchema, { id: 'Bad Id', to: { team: 'x' } })[0]).toMatch(/^id: use lowercase letters/);
  });

  it('rejects settings that cannot do what they say', () => {
    expect(issues(routeSchema, { id: 'a', to: { people: ['li-na'] }, weights: { 'zhang-wei': 2 }, requiredSkills: ['x'], preferredSkills: ['x'] })).toEqual([
      'preferredSkills.0: "x" is already required; remove it from preferredSkills',
      'weights.zhang-wei: "zhang-wei" is not in to.people; add them there or drop the weight',
    ]);
    expect(issues(routeSchema, { id: 'a', to: { team: 'x' }, relaxPreferredAfter: '30m' })).toEqual([
      'relaxPreferredAfter: has no effect without preferredSkills; add preferredSkills or remove it',
    ]);
    expect(issues(routesSchema, [{ id: 'a', to: { team: 'x' } }, { id: 'a', tags: ['t'], to: { team: 'x' } }])).toEqual([
      '1.id: duplicate route id "a"; give each route its own id',
      '1: route "a" can never match: "a" before it has no when/tags and takes every lead; move it last',
    ]);
  });
});
