/** Problems in a valid company file that deserve a loud warning at start and in check-config. */
import { personById, type Company } from './company.ts';
import { createBusinessCalendar } from '../domain/sla/business-calendar.ts';
import { calendarWarnings } from '../domain/sla/calendar-warnings.ts';

export function companyWarnings(company: Company, now: number): string[] {
  const warnings = calendarWarnings(createBusinessCalendar(company.calendar, company.timezone), now, 365);
  const fallback = company.leads.fallbackOwner ?? company.leads.defaultOwner;
  if (!personById(company, fallback)?.active) {
    warnings.push(`the fallback owner "${fallback}" is deactivated: leads no route can place will still go to them`);
  }
  return warnings;
}
