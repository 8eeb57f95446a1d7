/**
 * Chooses a lead's owner: evaluates the tag rules, takes the first matching route, gathers
 * each candidate's workload and time off from the database, asks the pure matcher, and saves
 * the rotation state so fair rotation survives restarts. Runs inside the caller's transaction.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Company, Locale, Person } from '../../config/company.ts';
import { personById } from '../../config/company.ts';
import type { RuleSubject } from '../../domain/rules/compile-condition.ts';
import type { Evaluation } from '../../domain/rules/tag-rules.ts';
import type { MatchDecision, MatchedCondition } from '../../domain/routing/decision.ts';
import { chooseOwner } from '../../domain/routing/matcher.ts';
import { firstMatchingRoute, preferredRelaxed, targetPeople, toMatchRoute } from '../../domain/routing/select-route.ts';
import { fullExplanation, oneLineReason } from '../../domain/routing/explain.ts';
import { workloadOf } from '../../store/lead-workload.ts';
import { loadRotation, saveRotation } from '../../store/rotation.ts';
import { timeOffOverlapping } from '../../store/time-off.ts';
import { createZone } from '../../domain/sla/zoned-time.ts';
import type { CompiledRoute, LeadRouting } from './compile.ts';

export interface Assignment {
  owner: Person;
  teamId: string | null;
  routeId: string | null;
  via: 'route' | 'fallback' | 'default';
  evaluation: Evaluation;
  /** Everything needed to explain the decision later ("为什么是我?"). */
  explanation: StoredExplanation;
}

export interface StoredExplanation {
  decision: MatchDecision | null;
  matched: MatchedCondition[];
  matchedTags: string[];
  routeLabel?: string;
  preferredSkills: string[];
  materials: { industries: string[]; tags: string[]; max: number } | null;
}

export interface AssignOptions {
  exclude: readonly string[];
  now: number;
  /** When the lead first arrived: preferred skills relax after the route's wait. */
  waitingSince: number;
}

export async function assignOwner(
  db: Kysely<Database>,
  company: Company,
  routing: LeadRouting,
  lead: RuleSubject & { id: string },
  opts: AssignOptions,
): Promise<Assignment> {
  const evaluation = routing.rules.evaluate(lead);
  const tags = evaluation.tags.map((t) => t.key);
  const byRoute = new Map(routing.routes.map((r) => [r.route, r]));
  const match = firstMatchingRoute(
    routing.routes.map((r) => r.route),
    tags,
    (when) => {
      const compiled = routing.routes.find((r) => r.route.when === when)?.when;
      return compiled && compiled.test(lead) ? compiled.explain(lead) : null;
    },
  );
  const tagMatches = evaluation.tags.filter((t) => match?.matchedTags.includes(t.key)).flatMap((t) => t.matched);
  const matched = [...(match?.conditions ?? []), ...tagMatches];
  if (!match) return fallback(company, evaluation, matched, opts.exclude);

  const compiled = byRoute.get(match.route) as CompiledRoute;
  const route = compiled.route;
  const people = targetPeople(route.to, company.people);
  const today = routing.calendar.dateOf(opts.now);
  const [workload, timeOff, rotationOfRoute] = await Promise.all([
    workloadOf(db, people.map((p) => p.id), startOfDay(routing, opts.now)),
    timeOffOverlapping(db, people.map((p) => p.id), today, today),
    loadRotation(db, route.id),
  ]);
  const away = new Set(timeOff.map((t) => t.personId));
  const decision = chooseOwner({
    lead: { id: lead.id, tags },
    route: toMatchRoute(route, preferredRelaxed(route, opts.waitingSince, opts.now)),
    candidates: people.map((p) => ({
      person: { id: p.id, name: p.name, skills: p.skills, active: p.active, capacity: p.capacity },
      openLeads: workload.get(p.id)?.openLeads ?? 0,
      assignedToday: workload.get(p.id)?.assignedToday ?? 0,
      // Company hours and holidays pause the SLA clock for everyone alike; they do not skip reps.
      onDuty: true,
      timeOff: away.has(p.id),
    })),
    exclude: opts.exclude,
    rotation: { [route.id]: rotationOfRoute },
    fallbackOwnerId: company.leads.fallbackOwner ?? company.leads.defaultOwner,
  });
  await saveRotation(db, route.id, decision.rotation[route.id] ?? {}, opts.now);
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

/** No route applies (or nobody can take it): the fallback owner, else the default owner. */
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

/** Midnight today in the company's time zone: "assigned today" caps count from there. */
function startOfDay(routing: LeadRouting, now: number): number {
  const zone = createZone(routing.calendar.timeZone);
  return zone.instantOf(zone.dayOf(now), 0);
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
