/**
 * Compiles the company's lead rules once at start: tag rules, route conditions, the business
 * calendar and each route's SLA ladder, so routing a lead runs plain functions only.
 * @module
 */
import type { Company } from '../../config/company.ts';
import { compileTagRules, type CompiledTagRules } from '../../domain/rules/tag-rules.ts';
import { compileCondition, type CompiledCondition } from '../../domain/rules/compile-condition.ts';
import { conditionSchema } from '../../domain/rules/condition-schema.ts';
import type { Route } from '../../domain/routing/route-schema.ts';
import { createBusinessCalendar, type BusinessCalendar } from '../../domain/sla/business-calendar.ts';
import { slaLadderSchema, type SlaLadder } from '../../domain/sla/ladder.ts';

export interface CompiledRoute {
  route: Route;
  when?: CompiledCondition;
  ladder: SlaLadder;
}

export interface LeadRouting {
  rules: CompiledTagRules;
  routes: CompiledRoute[];
  calendar: BusinessCalendar;
  /** The SLA ladder of a route (the company default for unknown or no route). */
  ladderFor(routeId: string | null): SlaLadder;
  /** Whether a person is within their working hours (their own, else the company's) at `at`. */
  onDuty(personId: string, at: number): boolean;
}

/**
 * A calendar per person with their own `workingHours`: the company's workdays, holidays and
 * make-up days with the person's hours (every day, no holidays, when the company runs 24x7).
 */
function personalCalendars(company: Company): Map<string, BusinessCalendar> {
  const out = new Map<string, BusinessCalendar>();
  for (const p of company.people) {
    if (!p.workingHours) continue;
    const base = company.calendar.mode === '24x7' ? { ...company.calendar, mode: 'business' as const, workdays: [1, 2, 3, 4, 5, 6, 7], holidays: 'none' as const, extraHolidays: [], extraWorkdays: [] } : company.calendar;
    out.set(p.id, createBusinessCalendar({ ...base, workingHours: p.workingHours }, company.timezone));
  }
  return out;
}

export function compileLeadRouting(company: Company): LeadRouting {
  const { leads } = company;
  const rules = compileTagRules(leads.tags, leads.customFields, leads.score);
  const routes = leads.routes.map((route, i): CompiledRoute => {
    const when = route.when === undefined ? undefined : compileCondition(conditionSchema.parse(route.when), leads.customFields, ['leads', 'routes', i, 'when']);
    const ladder = route.sla === undefined ? leads.sla : slaLadderSchema.parse({ ...leads.sla, ...(route.sla as object) });
    return when ? { route, when, ladder } : { route, ladder };
  });
  const byId = new Map(routes.map((r) => [r.route.id, r.ladder]));
  const calendar = createBusinessCalendar(company.calendar, company.timezone);
  const hours = personalCalendars(company);
  return {
    rules,
    routes,
    calendar,
    ladderFor: (routeId) => (routeId !== null && byId.get(routeId)) || leads.sla,
    onDuty: (personId, at) => (hours.get(personId) ?? calendar).isWorkingInstant(at),
  };
}
