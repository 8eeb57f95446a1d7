/**
 * Business-time arithmetic for SLA timers: working windows per civil day in the company time
 * zone, walked a day at a time (never a minute at a time) and cached per day.
 * @module
 */
import type { CalendarConfig } from './calendar-schema.ts';
import { createWorkdayRule } from './workday-rule.ts';
import { DAY_MS, MINUTE_MS, createZone, dayNumber, isoDate } from './zoned-time.ts';

/** Ten years without a single working minute means the calendar is broken, not quiet. */
const MAX_IDLE_DAYS = 3_660;

export interface BusinessCalendar {
  readonly config: CalendarConfig;
  readonly timeZone: string;
  /** Length of one working day: working hours (09:00–18:00 → 9 h), or 24 h for 24x7. */
  readonly workingDayMs: number;
  /** The company-zone civil date of an instant, 'YYYY-MM-DD'. */
  dateOf(at: number): string;
  /** 'YYYY-MM-DD' in the company zone. Always true in 24x7 mode. */
  isWorkday(date: string): boolean;
  isWorkingInstant(at: number): boolean;
  /**
   * The instant at which `ms` of working time has elapsed, counting from `start` — or from the
   * next opening if `start` is outside working hours (so `ms = 0` gives `nextOpening(start)`).
   * A result may be a closing time: Fri 16:00 + 2h → Fri 18:00, not Mon 09:00.
   * @example cal.addBusinessTime(Date.parse('2026-03-06T17:00+08:00'), 2 * HOUR_MS) // Mon 2026-03-09 10:00
   */
  addBusinessTime(start: number, ms: number): number;
  /** Working milliseconds in [a, b); 0 when b ≤ a. */
  businessTimeBetween(a: number, b: number): number;
  /** The first working instant ≥ `at` (`at` itself when the calendar is open at `at`). */
  nextOpening(at: number): number;
  /** Years of official China data in use (plus manualYears); empty for holidays: none / 24x7. */
  coveredYears(): number[];
  /** Years in [fromYear, toYear] that would silently count as plain weekdays (holidays: cn). */
  missingYears(fromYear: number, toYear: number): number[];
}

type Window = readonly [open: number, close: number];

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/**
 * @param config the parsed `calendar` section (`calendarSchema`)
 * @param timeZone IANA zone of the company file, e.g. Asia/Shanghai
 * @example
 * const cal = createBusinessCalendar(calendarSchema.parse({}), 'Asia/Shanghai');
 * cal.isWorkday('2026-02-14'); // true — a make-up Saturday
 */
export function createBusinessCalendar(config: CalendarConfig, timeZone: string): BusinessCalendar {
  const zone = createZone(timeZone);
  const rule = createWorkdayRule(config);
  const base = {
    config,
    timeZone,
    dateOf: (at: number) => isoDate(zone.dayOf(at)),
    isWorkday: (date: string) => rule.isWorkday(dayNumber(date)),
    coveredYears: rule.coveredYears,
    missingYears: rule.missingYears,
  };
  if (config.mode === '24x7') {
    return {
      ...base,
      workingDayMs: DAY_MS,
      isWorkingInstant: () => true,
      addBusinessTime: (start, ms) => start + checkedMs(ms),
      businessTimeBetween: (a, b) => Math.max(0, b - a),
      nextOpening: (at) => at,
    };
  }

  const open = minutes(config.workingHours.start);
  const close = minutes(config.workingHours.end);
  const overnight = close <= open; // the schema rejects equal times
  const workingDayMs = (close - open + (overnight ? 1440 : 0)) * MINUTE_MS;
  const cache = new Map<number, Window | null>();

  /** The working window that starts on civil day `day` (an overnight one ends the next day). */
  const windowOf = (day: number): Window | null => {
    let w = cache.get(day);
    if (w === undefined) {
      w = null;
      if (rule.isWorkday(day)) {
        const o = zone.instantOf(day, open);
        const c = zone.instantOf(overnight ? day + 1 : day, close);
        if (c > o) w = [o, c]; // a window swallowed by a DST gap stays closed
      }
      cache.set(day, w);
    }
    return w;
  };

  /** Calls `visit` with each window that ends after `from`, in order, until it returns true. */
  const walk = (from: number, visit: (w: Window) => boolean): void => {
    // The previous day's window may still be open (overnight shift, or ends at 24:00).
    for (let day = zone.dayOf(from) - 1, idle = 0; ; day++) {
      const w = windowOf(day);
      if (w && w[1] > from) {
        if (visit(w)) return;
        idle = 0;
      } else if (++idle > MAX_IDLE_DAYS) {
        throw new Error(`calendar has no working time in ${MAX_IDLE_DAYS} days after ${isoDate(zone.dayOf(from))}; check calendar.workdays and extraHolidays`);
      }
    }
  };

  return {
    ...base,
    workingDayMs,
    isWorkingInstant(at) {
      const day = zone.dayOf(at);
      return [windowOf(day - 1), windowOf(day)].some((w) => w !== null && w[0] <= at && at < w[1]);
    },
    addBusinessTime(start, ms) {
      let remaining = checkedMs(ms);
      let end = start;
      walk(start, ([o, c]) => {
        const from = Math.max(o, start);
        if (remaining <= c - from) {
          end = from + remaining;
          return true;
        }
        remaining -= c - from;
        return false;
      });
      return end;
    },
    businessTimeBetween(a, b) {
      if (!(b > a)) return 0;
      let total = 0;
      for (let day = zone.dayOf(a) - 1, last = zone.dayOf(b); day <= last; day++) {
        const w = windowOf(day);
        if (w) total += Math.max(0, Math.min(w[1], b) - Math.max(w[0], a));
      }
      return total;
    },
    nextOpening(at) {
      let next = at;
      walk(at, ([o]) => {
        next = Math.max(o, at);
        return true;
      });
      return next;
    },
  };
}

function checkedMs(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`business time must be a finite number of ms ≥ 0, got ${ms}`);
  return ms;
}
