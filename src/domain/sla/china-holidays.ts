/**
 * Mainland China's official holidays and make-up workdays (调休), from the data shipped in
 * `chinese-days`, with the years it actually covers — the package itself silently treats
 * any other year as plain Mon–Fri.
 * @module
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

// Only the date keys are used; the values are "English,中文,n" labels.
const { holidays, workdays } = data as { holidays: Record<string, string>; workdays: Record<string, string> };

const HOLIDAYS: ReadonlySet<string> = new Set(Object.keys(holidays));
const MAKEUP_WORKDAYS: ReadonlySet<string> = new Set(Object.keys(workdays));

/**
 * Years with an official notice in the installed data (2004–2026 with chinese-days 1.5.7).
 * A year counts when it has a holiday before December: a notice may start the next year's
 * New Year holiday on 12-30/12-31 (2023's began 2022-12-31), which says nothing about the
 * rest of that following year.
 */
export const OFFICIAL_CN_YEARS: readonly number[] = Object.freeze(
  [...new Set([...HOLIDAYS].filter((d) => d.slice(5, 7) !== '12').map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b),
);

const OFFICIAL_YEAR_SET: ReadonlySet<number> = new Set(OFFICIAL_CN_YEARS);

export function hasOfficialCnYear(year: number): boolean {
  return OFFICIAL_YEAR_SET.has(year);
}

/** A day off by the State Council notice (weekend days inside a holiday range included). */
export function isOfficialCnHoliday(date: string): boolean {
  return HOLIDAYS.has(date);
}

/** A weekend day that the notice turns into a full workday. */
export function isOfficialCnMakeupWorkday(date: string): boolean {
  return MAKEUP_WORKDAYS.has(date);
}
