/**
 * Chooses a lead's owner: evaluates the tag rules, takes the first matching route, gathers
 * each candidate's workload and time off from the database, asks the pure matcher, and saves
 * the rotation state so fair rotation survives restarts. Runs inside the caller's transaction.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Company, Locale, Person } from '../../config/company.ts';
import type { RuleSubject } from '../../domain/rules/compile-condition.ts';
import { targetPeople } from '../../domain/routing/select-route.ts';
import { fullExplanation, oneLineReason } from '../../domain/routing/explain.ts';
import { workloadOf } from '../../store/lead-workload.ts';
import { loadRotation, saveRotation } from '../../store/rotation.ts';
import { timeOffOverlapping } from '../../store/time-off.ts';
import type { LeadRouting } from './compile.ts';
import { chooseRoute, decideOwner, startOfDay, type Assignment, type AssignOptions, type StoredExplanation } from './decide.ts';

export type { Assignment, AssignOptions, StoredExplanation } from './decide.ts';

/** Chooses the owner with live state: workload, time off and rotation from the database. */
export async function assignOwner(
  db: Kysely<Database>,
  company: Company,
  routing: LeadRouting,
  lead: RuleSubject & { id: string },
  opts: AssignOptions,
): Promise<Assignment> {
  const choice = chooseRoute(routing, lead);
  const people = choice.route ? targetPeople(choice.route.to, company.people).map((p) => p.id) : [];
  const today = routing.calendar.dateOf(opts.now);
  const [workload, timeOff, rotation] = await Promise.all([
    workloadOf(db, people, startOfDay(routing, opts.now)),
    timeOffOverlapping(db, people, today, today),
    choice.route ? loadRotation(db, choice.route.id) : Promise.resolve({}),
  ]);
  const away = new Set(timeOff.map((t) => t.personId));
  const { assignment, rotation: next } = decideOwner(
    company,
    lead.id,
    choice,
    (id) => ({ openLeads: workload.get(id)?.openLeads ?? 0, assignedToday: workload.get(id)?.assignedToday ?? 0, timeOff: away.has(id) }),
    rotation,
    opts,
  );
  if (next) await saveRotation(db, next.routeId, next.state, opts.now);
  return assignment;
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
