/**
 * The routing decision shared by live intake (`assignOwner`, state from the database) and the
 * dry run (`createRoutingSimulator`, state in memory): tag the lead, take the first matching
 * route, ask the pure matcher, and turn its answer into an Assignment with its explanation.
 * @module
 */
import { personById, type Company, type Person } from '../../config/company.ts';
import type { RuleSubject } from '../../domain/rules/compile-condition.ts';
import type { Evaluation } from '../../domain/rules/tag-rules.ts';
import type { MatchDecision, MatchedCondition } from '../../domain/routing/decision.ts';
import { chooseOwner } from '../../domain/routing/matcher.ts';
import type { Route } from '../../domain/routing/route-schema.ts';
import { firstMatchingRoute, preferredRelaxed, targetPeople, toMatchRoute } from '../../domain/routing/select-route.ts';
import { createZone } from '../../domain/sla/zoned-time.ts';
import type { LeadRouting } from './compile.ts';

export interface StoredExplanation {
  decision: MatchDecision | null;
  matched: MatchedCondition[];
  matchedTags: string[];
  routeLabel?: string;
  preferredSkills: string[];
  materials: { industries: string[]; tags: string[]; max: number } | null;
}

export interface Assignment {
  owner: Person;
  teamId: string | null;
  routeId: string | null;
  via: 'route' | 'fallback' | 'default';
  evaluation: Evaluation;
  /** Everything needed to explain the decision later ("为什么是我?"). */
  explanation: StoredExplanation;
}

export interface AssignOptions {
  exclude: readonly string[];
  now: number;
  /** When the lead first arrived: preferred skills relax after the route's wait. */
  waitingSince: number;
}

/** The tags and the route a lead gets, before anyone is chosen. */
export interface RouteChoice {
  evaluation: Evaluation;
  tags: string[];
  route: Route | null;
  matchedTags: string[];
  matched: MatchedCondition[];
}

export function chooseRoute(routing: LeadRouting, lead: RuleSubject): RouteChoice {
  const evaluation = routing.rules.evaluate(lead);
  const tags = evaluation.tags.map((t) => t.key);
  const match = firstMatchingRoute(
    routing.routes.map((r) => r.route),
    tags,
    (when) => {
      const compiled = routing.routes.find((r) => r.route.when === when)?.when;
      return compiled && compiled.test(lead) ? compiled.explain(lead) : null;
    },
  );
  const tagMatches = evaluation.tags.filter((t) => match?.matchedTags.includes(t.key)).flatMap((t) => t.matched);
  return { evaluation, tags, route: match?.route ?? null, matchedTags: match?.matchedTags ?? [], matched: [...(match?.conditions ?? []), ...tagMatches] };
}

/** What the matcher needs to know about each of the route's people right now. */
export interface CandidateFacts {
  openLeads: number;
  assignedToday: number;
  timeOff: boolean;
  /** Within their working hours now (`LeadRouting.onDuty`). */
  onDuty: boolean;
}

export interface Decided {
  assignment: Assignment;
  /** The route's new rotation state, to be saved by the caller. */
  rotation: { routeId: string; state: Record<string, number> } | null;
}

export function decideOwner(
  company: Company,
  leadId: string,
  choice: RouteChoice,
  facts: (personId: string) => CandidateFacts,
  rotation: Record<string, number>,
  opts: AssignOptions,
): Decided {
  const { route } = choice;
  if (!route) return { assignment: fallback(company, choice, opts.exclude), rotation: null };
  const decision = chooseOwner({
    lead: { id: leadId, tags: choice.tags },
    route: toMatchRoute(route, preferredRelaxed(route, opts.waitingSince, opts.now)),
    candidates: targetPeople(route.to, company.people).map((p) => ({
      person: { id: p.id, name: p.name, skills: p.skills, active: p.active, capacity: p.capacity },
      ...facts(p.id),
    })),
    exclude: opts.exclude,
    rotation: { [route.id]: rotation },
    fallbackOwnerId: company.leads.fallbackOwner ?? company.leads.defaultOwner,
  });
  const explanation: StoredExplanation = {
    decision,
    matched: choice.matched,
    matchedTags: choice.matchedTags,
    ...(route.label ? { routeLabel: route.label } : {}),
    preferredSkills: route.preferredSkills,
    materials: route.materials ?? null,
  };
  const next = { routeId: route.id, state: decision.rotation[route.id] ?? {} };
  if (decision.kind === 'unassigned') return { assignment: { ...fallback(company, choice, opts.exclude), explanation }, rotation: next };
  const owner = personById(company, decision.ownerId)!;
  const teamId = 'team' in route.to ? route.to.team : (owner.team ?? null);
  return { assignment: { owner, teamId, routeId: route.id, via: decision.via, evaluation: choice.evaluation, explanation }, rotation: next };
}

/** No route applies (or nobody can take it): the fallback owner, else the default owner. */
function fallback(company: Company, choice: RouteChoice, exclude: readonly string[]): Assignment {
  const ids = [company.leads.fallbackOwner, company.leads.defaultOwner].filter((x): x is string => x !== undefined);
  const owner =
    ids.map((id) => personById(company, id)).find((p) => p && p.active && !exclude.includes(p.id)) ??
    personById(company, company.leads.defaultOwner)!;
  return {
    owner,
    teamId: owner.team ?? null,
    routeId: null,
    via: 'default',
    evaluation: choice.evaluation,
    explanation: { decision: null, matched: choice.matched, matchedTags: [], preferredSkills: [], materials: null },
  };
}

/** Midnight today in the company's time zone: "assigned today" caps count from there. */
export function startOfDay(routing: LeadRouting, now: number): number {
  const zone = createZone(routing.calendar.timeZone);
  return zone.instantOf(zone.dayOf(now), 0);
}
