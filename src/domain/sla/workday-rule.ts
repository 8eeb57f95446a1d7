/**
 * Which civil dates are workdays under a company calendar: configured weekdays, official China
 * holidays and make-up days, and the company's own extra days — plus which years lack data.
 * @module
 */
import type { CalendarConfig } from './calendar-schema.ts';
import { OFFICIAL_CN_YEARS, hasOfficialCnYear, isOfficialCnHoliday, isOfficialCnMakeupWorkday } from './china-holidays.ts';
import { dayNumber, isoDate, isoWeekday } from './zoned-time.ts';

export interface WorkdayRule {
  /** `day` is a day number (see zoned-time.ts). */
  isWorkday(day: number): boolean;
  /** Years whose official days are in use: the package's years plus `manualYears`. */
  coveredYears(): number[];
  /** Years in [fromYear, toYear] without official data, when holidays: cn. */
  missingYears(fromYear: number, toYear: number): number[];
}

/**
 * Precedence, strongest first: extraWorkdays, extraHolidays, official make-up day, official
 * holiday, configured weekday. A year without official data falls through to plain weekdays
 * (what `chinese-days` does too) but shows up in `missingYears` so the app can say so.
 */
export function createWorkdayRule(config: CalendarConfig): WorkdayRule {
  if (config.mode === '24x7') {
    return { isWorkday: () => true, coveredYears: () => [], missingYears: () => [] };
  }
  const extraWork = new Set(config.extraWorkdays.map(dayNumber));
  const extraOff = new Set<number>();
  for (const { from, to } of config.extraHolidays) {
    for (let d = dayNumber(from), last = dayNumber(to); d <= last; d++) extraOff.add(d);
  }
  const weekdays = new Set(config.workdays);
  const official = config.holidays === 'cn';
  const manual = new Set(config.manualYears);
  const isWorkday = (day: number): boolean => {
    if (extraWork.has(day)) return true;
    if (extraOff.has(day)) return false;
    if (official) {
      const date = isoDate(day);
      if (isOfficialCnMakeupWorkday(date)) return true;
      if (isOfficialCnHoliday(date)) return false;
    }
    return weekdays.has(isoWeekday(day));
  };
  return {
    isWorkday,
    coveredYears: () => (official ? [...new Set([...OFFICIAL_CN_YEARS, ...manual])].sort((a, b) => a - b) : []),
    missingYears(fromYear, toYear) {
      if (!official) return [];
      const missing: number[] = [];
      for (let y = fromYear; y <= toYear; y++) if (!hasOfficialCnYear(y) && !manual.has(y)) missing.push(y);
      return missing;
    },
  };
}
