/** From configured routes to the matcher's input: first matching route, its people, whether to relax preferred skills. @module */
import type { Person } from '../../config/company.ts';
import { parseDuration } from '../sla/duration.ts';
import type { MatchedCondition, MatchRoute } from './decision.ts';
import type { Route, RouteTarget } from './route-schema.ts';

export interface RouteMatch<R> {
  route: R;
  /** The route's tag keys the lead has. */
  matchedTags: string[];
  /** The `when` conditions that held, with the lead's values, for the explanation. */
  conditions: MatchedCondition[];
}

/**
 * The first route that applies, in file order. A route applies when the lead has ANY of its
 * `tags` (if given) AND its `when` holds (if given); with neither it takes every lead.
 * `evaluateWhen` is the tag-rule engine: the conditions that held, or `null` when `when` fails.
 */
export function firstMatchingRoute<R extends Pick<Route, 'tags' | 'when'>>(
  routes: readonly R[],
  leadTags: readonly string[],
  evaluateWhen: (when: unknown) => MatchedCondition[] | null,
): RouteMatch<R> | undefined {
  const has = new Set(leadTags);
  for (const route of routes) {
    const matchedTags = route.tags?.filter((t) => has.has(t)) ?? [];
    if (route.tags !== undefined && matchedTags.length === 0) continue;
    const conditions = route.when === undefined ? [] : evaluateWhen(route.when);
    if (conditions === null) continue;
    return { route, matchedTags, conditions };
  }
  return undefined;
}

/** The people a route sends leads to, in company-file order (`people`: in the route's order). Inactive ones stay, to be explained. */
export function targetPeople(to: RouteTarget, people: readonly Person[]): Person[] {
  if ('team' in to) return people.filter((p) => p.team === to.team);
  if ('role' in to) return people.filter((p) => p.roles.includes(to.role));
  return to.people.flatMap((id) => people.filter((p) => p.id === id));
}

/** True once a lead has waited `relaxPreferredAfter` (wall-clock, since `waitingSince`, epoch ms) for an owner who fits. */
export function preferredRelaxed(route: Pick<Route, 'relaxPreferredAfter'>, waitingSince: number, now: number): boolean {
  return route.relaxPreferredAfter !== undefined && now - waitingSince >= parseDuration(route.relaxPreferredAfter);
}

/** The matcher's view of a configured route. */
export function toMatchRoute(route: Route, relaxPreferred: boolean): MatchRoute {
  return {
    id: route.id,
    ...(route.label === undefined ? {} : { label: route.label }),
    requiredSkills: route.requiredSkills,
    preferredSkills: route.preferredSkills,
    weights: route.weights,
    relaxPreferred,
  };
}
