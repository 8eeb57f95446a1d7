/**
 * Routing without writing: the same decision as `assignOwner` (tag rules, first matching route,
 * the pure matcher, fallback), but workload, rotation and time off live in memory, so
 * `closeloop route --dry-run` and `--compare` can route thousands of leads and touch nothing.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Company } from '../../config/company.ts';
import type { RuleSubject } from '../../domain/rules/compile-condition.ts';
import type { RotationState } from '../../domain/routing/decision.ts';
import { workloadOf, type WorkloadCaps } from '../../store/lead-workload.ts';
import { loadRotation } from '../../store/rotation.ts';
import { timeOffOverlapping, type TimeOff } from '../../store/time-off.ts';
import { chooseRoute, decideOwner, startOfDay, type Assignment, type AssignOptions, type RouteChoice } from './decide.ts';
import type { LeadRouting } from './compile.ts';

/** What `assignOwner` reads from the database, held in memory and updated as leads are routed. */
export interface RoutingState {
  /** Open leads (no first touch yet) per person. */
  open: Map<string, number>;
  /** Leads assigned per person and company-zone day ('YYYY-MM-DD'), for the per-day caps. */
  assigned: Map<string, Map<string, number>>;
  rotation: RotationState;
  timeOff: Pick<TimeOff, 'personId' | 'firstDay' | 'lastDay'>[];
}

export function emptyRoutingState(timeOff: RoutingState['timeOff'] = []): RoutingState {
  return { open: new Map(), assigned: new Map(), rotation: {}, timeOff };
}

/**
 * The state a lead arriving at `now` would meet: open leads, today's assignments, every route's
 * rotation and today's time off, from the database. Reads only, so a read-only connection will do.
 */
export async function loadRoutingState(db: Kysely<Database>, company: Company, routing: LeadRouting, now: number): Promise<RoutingState> {
  const state = emptyRoutingState();
  const [, rotations] = await Promise.all([
    loadPeopleState(db, routing, state, company.people.map((p) => p.id), now),
    Promise.all(routing.routes.map(async (r) => [r.route.id, await loadRotation(db, r.route.id)] as const)),
  ]);
  for (const [routeId, rotation] of rotations) state.rotation[routeId] = rotation;
  return state;
}

/**
 * These people's open leads, assignments today and time off today, from the database into
 * `state`. With `capsOf` the counts only go as far as each person's caps (`workloadOf`): enough
 * to route, not to report.
 */
export async function loadPeopleState(
  db: Kysely<Database>,
  routing: LeadRouting,
  state: RoutingState,
  ids: readonly string[],
  now: number,
  capsOf?: (personId: string) => WorkloadCaps,
): Promise<void> {
  const today = routing.calendar.dateOf(now);
  const [workload, timeOff] = await Promise.all([workloadOf(db, ids, startOfDay(routing, now), capsOf), timeOffOverlapping(db, ids, today, today)]);
  for (const [id, w] of workload) {
    state.open.set(id, w.openLeads);
    state.assigned.set(id, new Map([[today, w.assignedToday]]));
  }
  state.timeOff.push(...timeOff);
}

export interface RoutingSimulator {
  /**
   * Routes one lead as `assignOwner` would and records it in the state (the owner's counts, the
   * rotation). `choice`: the lead's tags and route when the caller already has them.
   */
  assign(lead: RuleSubject & { id: string }, opts: AssignOptions, choice?: RouteChoice): Assignment;
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

  function record(personId: string, day: string): void {
    state.open.set(personId, (state.open.get(personId) ?? 0) + 1);
    const days = state.assigned.get(personId) ?? new Map<string, number>();
    days.set(day, (days.get(day) ?? 0) + 1);
    state.assigned.set(personId, days);
  }

  function route(lead: RuleSubject & { id: string }, opts: AssignOptions, day: string, choice: RouteChoice): Assignment {
    const rotation = choice.route ? (state.rotation[choice.route.id] ?? {}) : {};
    const { assignment, rotation: next } = decideOwner(
      company,
      lead.id,
      choice,
      (id) => ({
        openLeads: state.open.get(id) ?? 0,
        assignedToday: state.assigned.get(id)?.get(day) ?? 0,
        timeOff: state.timeOff.some((t) => t.personId === id && t.firstDay <= day && t.lastDay >= day),
        onDuty: routing.onDuty(id, opts.now),
      }),
      rotation,
      opts,
    );
    if (next) state.rotation[next.routeId] = next.state;
    return assignment;
  }

  return {
    state,
    assign(lead, opts, choice = chooseRoute(routing, lead)) {
      const day = routing.calendar.dateOf(opts.now);
      const assignment = route(lead, opts, day, choice);
      record(assignment.owner.id, day);
      return assignment;
    },
    release(personId) {
      state.open.set(personId, Math.max(0, (state.open.get(personId) ?? 0) - 1));
    },
  };
}
