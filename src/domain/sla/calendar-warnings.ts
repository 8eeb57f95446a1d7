/**
 * Start-up and `check-config` warnings for a calendar that will soon reach a year without the
 * official China holiday notice (that year would otherwise count as plain weekdays, silently).
 * @module
 */
import type { BusinessCalendar } from './business-calendar.ts';
import { DAY_MS } from './zoned-time.ts';

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Mon–Fri" for a run of days, else a list like "Mon, Wed, Sat". */
function weekdayLabel(days: readonly number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first !== undefined && last !== undefined && sorted.length > 2 && last - first === sorted.length - 1) {
    return `${WEEKDAY_NAMES[first - 1]}–${WEEKDAY_NAMES[last - 1]}`;
  }
  return sorted.map((d) => WEEKDAY_NAMES[d - 1]).join(', ');
}

/**
 * One warning per year without official data that `now … now + horizonDays` touches (dates in
 * the company zone). Empty for holidays: none, 24x7, or years listed in calendar.manualYears.
 * @example
 * calendarWarnings(createBusinessCalendar(company.calendar, company.timezone), Date.now());
 * // ["2027 has no official China holiday calendar yet (published each November by …"]
 */
export function calendarWarnings(calendar: BusinessCalendar, now: number, horizonDays = 400): string[] {
  const fromYear = Number(calendar.dateOf(now).slice(0, 4));
  const toYear = Number(calendar.dateOf(now + horizonDays * DAY_MS).slice(0, 4));
  const days = weekdayLabel(calendar.config.workdays);
  return calendar
    .missingYears(fromYear, toYear)
    .map(
      (y) =>
        `${y} has no official China holiday calendar yet (published each November by the State Council). ` +
        `Until then ${y} counts ${days} as workdays. Add the days under calendar.extraHolidays / ` +
        `calendar.extraWorkdays in the company file and list ${y} under calendar.manualYears, ` +
        `or update the chinese-days package.`,
    );
}
