/**
 * Chooses leads' owners: evaluates the tag rules, takes the first matching route, gathers
 * each candidate's workload and time off from the database, asks the pure matcher, and saves
 * the rotation state so fair rotation survives restarts. Runs inside the caller's transaction.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { personById, type Company, type Locale, type Person } from '../../config/company.ts';
import type { RuleSubject } from '../../domain/rules/compile-condition.ts';
import { targetPeople } from '../../domain/routing/select-route.ts';
import { fullExplanation, oneLineReason } from '../../domain/routing/explain.ts';
import { loadRotation, saveRotation } from '../../store/rotation.ts';
import type { LeadRouting } from './compile.ts';
import { chooseRoute, type Assignment, type AssignOptions, type StoredExplanation } from './decide.ts';
import { createRoutingSimulator, emptyRoutingState, loadPeopleState } from './simulate.ts';

export type { Assignment, AssignOptions, StoredExplanation } from './decide.ts';

/** Chooses one lead's owner with live state: workload, time off and rotation from the database. */
export async function assignOwner(
  db: Kysely<Database>,
  company: Company,
  routing: LeadRouting,
  lead: RuleSubject & { id: string },
  opts: AssignOptions,
): Promise<Assignment> {
  const router = createLiveRouter(db, company, routing);
  const assignment = await router.assign(lead, opts);
  await router.flush();
  return assignment;
}

export interface LiveRouter {
  /** Routes one lead; its owner's counts and the route's rotation move on in memory. */
  assign(lead: RuleSubject & { id: string }, opts: AssignOptions): Promise<Assignment>;
  /** Saves the rotation of every route used, so fair rotation survives restarts. */
  flush(): Promise<void>;
}

/**
 * Routing for one transaction (one lead, or a batch of them): each candidate's workload and
 * time off and each route's rotation are read once, when first needed, then kept in memory
 * and updated as leads are routed (the dry run's simulator over live state).
 */
export function createLiveRouter(db: Kysely<Database>, company: Company, routing: LeadRouting): LiveRouter {
  const state = emptyRoutingState();
  const simulator = createRoutingSimulator(company, routing, state);
  const loadedPeople = new Set<string>();
  const loadedRoutes = new Set<string>();
  const usedRoutes = new Set<string>();
  let lastNow = 0;

  async function load(routeId: string | null, people: readonly string[], now: number): Promise<void> {
    const missing = people.filter((id) => !loadedPeople.has(id));
    const [, rotation] = await Promise.all([
      // Capped counts: a live router only asks whether someone has reached a cap.
      loadPeopleState(db, routing, state, missing, now, (id) => personById(company, id)?.capacity ?? {}),
      routeId && !loadedRoutes.has(routeId) ? loadRotation(db, routeId) : Promise.resolve(null),
    ]);
    for (const id of missing) loadedPeople.add(id);
    if (routeId && rotation) {
      state.rotation[routeId] = rotation;
      loadedRoutes.add(routeId);
    }
  }

  return {
    async assign(lead, opts) {
      // Counts are per company day: a router lives within one transaction, one "now".
      if (lastNow && routing.calendar.dateOf(lastNow) !== routing.calendar.dateOf(opts.now)) {
        throw new Error('a live router serves one day; create another');
      }
      lastNow = opts.now;
      const choice = chooseRoute(routing, lead);
      const { route } = choice;
      await load(route?.id ?? null, route ? targetPeople(route.to, company.people).map((p) => p.id) : [], opts.now);
      const assignment = simulator.assign(lead, opts, choice);
      if (route) usedRoutes.add(route.id);
      return assignment;
    },
    async flush() {
      for (const routeId of usedRoutes) await saveRotation(db, routeId, state.rotation[routeId] ?? {}, lastNow);
      usedRoutes.clear();
    },
  };
}

/** The one-line reason for the owner's card. */
export function reasonLine(e: StoredExplanation, owner: Person, locale: Locale): string {
  if (!e.decision) {
    return locale === 'zh-CN' ? '没有匹配的分配规则，由默认负责人接收' : 'No routing rule matched; sent to the default owner';
  }
  return oneLineReason(e.decision, e.matched, locale, owner.skills, e.preferredSkills);
}

/** The full "why me?" explanation. */
export function explanationLines(e: StoredExplanation, ownerName: string, locale: Locale): string[] {
  if (!e.decision) return [locale === 'zh-CN' ? '没有匹配的分配规则，由默认负责人接收。' : 'No routing rule matched; the lead went to the default owner.'];
  return fullExplanation(
    e.decision,
    { matched: e.matched, matchedTags: e.matchedTags, preferredSkills: e.preferredSkills, ownerName, ...(e.routeLabel ? { routeLabel: e.routeLabel } : {}) },
    locale,
  );
}
