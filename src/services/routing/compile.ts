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
  return {
    rules,
    routes,
    calendar: createBusinessCalendar(company.calendar, company.timezone),
    ladderFor: (routeId) => (routeId !== null && byId.get(routeId)) || leads.sla,
  };
}
