/**
 * `/closeloop ooo` ranges: parses `12-01..12-05`, `2026-12-01..2026-12-05` or one day `12-24`
 * into company-zone calendar days and checks them (real dates, in order, not past, ≤ 60 days,
 * no overlap). Pure: takes `today` ('YYYY-MM-DD' in the company zone), does no I/O.
 * @module
 */
import { dayNumber, isoDate, parseIsoDate, yearOfDay } from '../sla/zoned-time.ts';

export const MAX_TIME_OFF_DAYS = 60;
/**
 * A month-day this many days behind today still means this year's date (and is refused as
 * past): on 12-03, "12-01" is a mistake, not a wish for next December.
 */
export const RECENT_PAST_DAYS = 30;

export interface DayRange {
  firstDay: string;
  lastDay: string;
}

export type TimeOffProblem =
  | { code: 'malformed'; text: string }
  | { code: 'invalid_date'; token: string }
  | { code: 'end_before_start'; first: string; last: string }
  | { code: 'in_past'; token: string; date: string }
  | { code: 'too_long'; days: number; max: number }
  | { code: 'overlap'; existing: DayRange };

export type TimeOffCheck = ({ ok: true } & DayRange & { days: number }) | { ok: false; problem: TimeOffProblem };

/** `..` is the documented separator; `~ ～ 至 到 …` are what people type in Chinese chat. */
const RANGE = /^(\S+?)\s*(?:\.\.|~|～|至|到|…|—)\s*(\S+)$/;
const FULL = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const MONTH_DAY = /^(\d{1,2})-(\d{1,2})$/;

type Token = { kind: 'full'; day: number } | { kind: 'md'; month: number; date: number } | { kind: 'bad' } | { kind: 'malformed' };

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function readToken(token: string): Token {
  const full = FULL.exec(token);
  if (full) {
    const day = parseIsoDate(`${full[1]}-${pad(Number(full[2]))}-${pad(Number(full[3]))}`);
    return day === undefined ? { kind: 'bad' } : { kind: 'full', day };
  }
  const md = MONTH_DAY.exec(token);
  if (!md) return { kind: 'malformed' };
  const [month, date] = [Number(md[1]), Number(md[2])];
  // Valid in some year (02-29 included), so a leap day is not "malformed".
  return parseIsoDate(`2024-${pad(month)}-${pad(date)}`) === undefined ? { kind: 'bad' } : { kind: 'md', month, date };
}

/** The first occurrence of month-day on or after `from`, looking at most `years` years ahead. */
function onOrAfter(t: { month: number; date: number }, from: number, years = 8): number | undefined {
  for (let y = yearOfDay(from); y <= yearOfDay(from) + years; y++) {
    const day = parseIsoDate(`${y}-${pad(t.month)}-${pad(t.date)}`);
    if (day !== undefined && day >= from) return day;
  }
  return undefined;
}

/**
 * Parses and checks a time-off request against the person's existing time off.
 *
 * A month-day means the next such date on or after today (a date at most 30 days ago is taken
 * as this year's and refused as past); a month-day end is the first such date on or after the
 * start, so `12-28..01-03` spans the new year.
 *
 * @example
 * checkTimeOff('12-01..12-05', '2026-11-20', [])
 * // → { ok: true, firstDay: '2026-12-01', lastDay: '2026-12-05', days: 5 }
 * checkTimeOff('12-01..12-05', '2026-12-03', [])
 * // → { ok: false, problem: { code: 'in_past', token: '12-01', date: '2026-12-01' } }
 */
export function checkTimeOff(text: string, today: string, existing: readonly DayRange[]): TimeOffCheck {
  const trimmed = text.trim();
  const range = RANGE.exec(trimmed);
  const [firstText, lastText] = range ? [range[1] ?? '', range[2] ?? ''] : [trimmed, trimmed];
  const fail = (problem: TimeOffProblem): TimeOffCheck => ({ ok: false, problem });
  const first = readToken(firstText);
  const last = range ? readToken(lastText) : first;
  if (first.kind === 'malformed' || last.kind === 'malformed' || trimmed === '') return fail({ code: 'malformed', text: trimmed });
  if (first.kind === 'bad') return fail({ code: 'invalid_date', token: firstText });
  if (last.kind === 'bad') return fail({ code: 'invalid_date', token: lastText });

  const todayDay = dayNumber(today);
  const start = first.kind === 'full' ? first.day : onOrAfter(first, todayDay - RECENT_PAST_DAYS);
  if (start === undefined) return fail({ code: 'invalid_date', token: firstText });
  const end = last.kind === 'full' ? last.day : onOrAfter(last, start);
  if (end === undefined) return fail({ code: 'invalid_date', token: lastText });

  // A month-day end written before the start (12-05..12-01) wraps to most of a year: that is a
  // reversed range, whereas 12-28..01-03 is a short span over the new year.
  const wrapped = last.kind === 'md' && `${pad(last.month)}-${pad(last.date)}` < isoDate(start).slice(5);
  const days = end - start + 1;
  if (end < start || (wrapped && days > 183)) return fail({ code: 'end_before_start', first: firstText, last: lastText });
  if (start < todayDay) return fail({ code: 'in_past', token: firstText, date: isoDate(start) });
  if (days > MAX_TIME_OFF_DAYS) return fail({ code: 'too_long', days, max: MAX_TIME_OFF_DAYS });

  const firstDay = isoDate(start);
  const lastDay = isoDate(end);
  const clash = existing.find((e) => e.firstDay <= lastDay && e.lastDay >= firstDay);
  if (clash) return fail({ code: 'overlap', existing: { firstDay: clash.firstDay, lastDay: clash.lastDay } });
  return { ok: true, firstDay, lastDay, days };
}

/** `12-03..12-06` within today's year, else full dates; one day shows once. */
export function formatDayRange(r: DayRange, today: string): string {
  const year = today.slice(0, 4);
  const short = (d: string) => (d.startsWith(year) ? d.slice(5) : d);
  return r.firstDay === r.lastDay ? short(r.firstDay) : `${short(r.firstDay)}..${short(r.lastDay)}`;
}
