/**
 * Routing without writing: the same decision as `assignOwner` (tag rules, first matching route,
 * the pure matcher, fallback), but workload, rotation and time off live in memory, so
 * `closeloop route --dry-run` and `--compare` can route thousands of leads and touch nothing.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { personById, type Company } from '../../config/company.ts';
import type { RuleSubject } from '../../domain/rules/compile-condition.ts';
import type { Evaluation } from '../../domain/rules/tag-rules.ts';
import type { MatchedCondition, RotationState } from '../../domain/routing/decision.ts';
import { chooseOwner } from '../../domain/routing/matcher.ts';
import { firstMatchingRoute, preferredRelaxed, targetPeople, toMatchRoute } from '../../domain/routing/select-route.ts';
import { createZone } from '../../domain/sla/zoned-time.ts';
import { workloadOf } from '../../store/lead-workload.ts';
import { loadRotation } from '../../store/rotation.ts';
import { timeOffOverlapping, type TimeOff } from '../../store/time-off.ts';
import type { Assignment, AssignOptions, StoredExplanation } from './assign.ts';
import type { LeadRouting } from './compile.ts';

/** What `assignOwner` reads from the database, held in memory and updated as leads are routed. */
export interface RoutingState {
  /** Open leads (no first touch yet) per person. */
  open: Map<string, number>;
  /** Leads assigned per person and company-zone day ('YYYY-MM-DD'), for the per-day caps. */
  assigned: Map<string, Map<string, number>>;
  rotation: RotationState;
  timeOff: readonly Pick<TimeOff, 'personId' | 'firstDay' | 'lastDay'>[];
}

export function emptyRoutingState(timeOff: RoutingState['timeOff'] = []): RoutingState {
  return { open: new Map(), assigned: new Map(), rotation: {}, timeOff };
}

/**
 * The state a lead arriving at `now` would meet: open leads, today's assignments, every route's
 * rotation and today's time off, from the database. Reads only, so a read-only connection will do.
 */
export async function loadRoutingState(db: Kysely<Database>, company: Company, routing: LeadRouting, now: number): Promise<RoutingState> {
  const ids = company.people.map((p) => p.id);
  const today = routing.calendar.dateOf(now);
  const [workload, timeOff, rotations] = await Promise.all([
    workloadOf(db, ids, startOfDay(routing, now)),
    timeOffOverlapping(db, ids, today, today),
    Promise.all(routing.routes.map(async (r) => [r.route.id, await loadRotation(db, r.route.id)] as const)),
  ]);
  const state = emptyRoutingState(timeOff);
  for (const [id, w] of workload) {
    state.open.set(id, w.openLeads);
    state.assigned.set(id, new Map([[today, w.assignedToday]]));
  }
  for (const [routeId, rotation] of rotations) state.rotation[routeId] = rotation;
  return state;
}

export interface RoutingSimulator {
  /** Routes one lead as `assignOwner` would and records it in the state (the owner's counts, the rotation). */
  assign(lead: RuleSubject & { id: string }, opts: AssignOptions): Assignment;
  /** A lead of `personId` got its first touch: it no longer counts against their open-lead cap. */
  release(personId: string): void;
  readonly state: RoutingState;
}

/**
 * @example
 * const sim = createRoutingSimulator(company, compileLeadRouting(company), emptyRoutingState());
 * for (const lead of leads) console.log(sim.assign(lead, { exclude: [], now, waitingSince: now }).owner.name);
 */
export function createRoutingSimulator(company: Company, routing: LeadRouting, state: RoutingState): RoutingSimulator {
  const byWhen = new Map(routing.routes.filter((r) => r.when).map((r) => [r.route.when, r.when!]));
  const byRoute = new Map(routing.routes.map((r) => [r.route, r]));

  function record(personId: string, day: string): void {
    state.open.set(personId, (state.open.get(personId) ?? 0) + 1);
    const days = state.assigned.get(personId) ?? new Map<string, number>();
    days.set(day, (days.get(day) ?? 0) + 1);
    state.assigned.set(personId, days);
  }

  function route(lead: RuleSubject & { id: string }, opts: AssignOptions, day: string): Assignment {
    const evaluation = routing.rules.evaluate(lead);
    const tags = evaluation.tags.map((t) => t.key);
    const match = firstMatchingRoute(
      routing.routes.map((r) => r.route),
      tags,
      (when) => {
        const compiled = byWhen.get(when);
        return compiled && compiled.test(lead) ? compiled.explain(lead) : null;
      },
    );
    const tagMatches = evaluation.tags.filter((t) => match?.matchedTags.includes(t.key)).flatMap((t) => t.matched);
    const matched = [...(match?.conditions ?? []), ...tagMatches];
    if (!match) return fallback(company, evaluation, matched, opts.exclude);

    const route = byRoute.get(match.route)!.route;
    const people = targetPeople(route.to, company.people);
    const decision = chooseOwner({
      lead: { id: lead.id, tags },
      route: toMatchRoute(route, preferredRelaxed(route, opts.waitingSince, opts.now)),
      candidates: people.map((p) => ({
        person: { id: p.id, name: p.name, skills: p.skills, active: p.active, capacity: p.capacity },
        openLeads: state.open.get(p.id) ?? 0,
        assignedToday: state.assigned.get(p.id)?.get(day) ?? 0,
        // As in assignOwner: company hours pause the SLA clock for everyone; they skip nobody.
        onDuty: true,
        timeOff: state.timeOff.some((t) => t.personId === p.id && t.firstDay <= day && t.lastDay >= day),
      })),
      exclude: opts.exclude,
      rotation: { [route.id]: state.rotation[route.id] ?? {} },
      fallbackOwnerId: company.leads.fallbackOwner ?? company.leads.defaultOwner,
    });
    state.rotation[route.id] = decision.rotation[route.id] ?? {};
    const explanation: StoredExplanation = {
      decision,
      matched,
      matchedTags: match.matchedTags,
      ...(route.label ? { routeLabel: route.label } : {}),
      preferredSkills: route.preferredSkills,
      materials: route.materials ?? null,
    };
    if (decision.kind === 'unassigned') return { ...fallback(company, evaluation, matched, opts.exclude), explanation };
    const owner = personById(company, decision.ownerId)!;
    const teamId = 'team' in route.to ? route.to.team : (owner.team ?? null);
    return { owner, teamId, routeId: route.id, via: decision.via, evaluation, explanation };
  }

  return {
    state,
    assign(lead, opts) {
      const day = routing.calendar.dateOf(opts.now);
      const assignment = route(lead, opts, day);
      record(assignment.owner.id, day);
      return assignment;
    },
    release(personId) {
      state.open.set(personId, Math.max(0, (state.open.get(personId) ?? 0) - 1));
    },
  };
}

/** Same rule as assignOwner's: the fallback owner, else the default owner (assign.ts keeps its copy private). */
function fallback(company: Company, evaluation: Evaluation, matched: MatchedCondition[], exclude: readonly string[]): Assignment {
  const ids = [company.leads.fallbackOwner, company.leads.defaultOwner].filter((x): x is string => x !== undefined);
  const owner =
    ids.map((id) => personById(company, id)).find((p) => p && p.active && !exclude.includes(p.id)) ??
    personById(company, company.leads.defaultOwner)!;
  return {
    owner,
    teamId: owner.team ?? null,
    routeId: null,
    via: 'default',
    evaluation,
    explanation: { decision: null, matched, matchedTags: [], preferredSkills: [], materials: null },
  };
}

function startOfDay(routing: LeadRouting, now: number): number {
  const zone = createZone(routing.calendar.timeZone);
  return zone.instantOf(zone.dayOf(now), 0);
}
