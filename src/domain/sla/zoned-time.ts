/**
 * Wall-clock arithmetic in an IANA time zone through Intl, so DST zones work without a tz
 * library. Civil dates are "day numbers" (days since 1970-01-01) for cheap loops and keys.
 * @module
 */

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a real civil date 'YYYY-MM-DD', or undefined (e.g. for 2026-02-30). */
export function parseIsoDate(date: string): number | undefined {
  const m = ISO_DATE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return t / DAY_MS;
}

/** Day number of 'YYYY-MM-DD'; throws on anything else. */
export function dayNumber(date: string): number {
  const day = parseIsoDate(date);
  if (day === undefined) throw new RangeError(`not a date: "${date}"; use YYYY-MM-DD like 2026-10-08`);
  return day;
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

export interface Zone {
  readonly timeZone: string;
  /** The civil date (day number) of an instant in this zone. */
  dayOf(at: number): number;
  /**
   * The instant of a wall-clock time (`minute` 0…1440 after midnight of `day`). A time in a
   * DST gap moves forward by the gap; a time that happens twice takes the earlier one
   * (Temporal's "compatible" rule).
   */
  instantOf(day: number, minute: number): number;
}

const zones = new Map<string, Zone>();

/** The zone for an IANA name; built once per name, since Intl formatters are costly to create. */
export function createZone(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = buildZone(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}

function buildZone(timeZone: string): Zone {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  /** Offset from UTC (ms) in effect at instant `t`, asking Intl (slow: about 10 µs). */
  const exactOffset = (t: number): number => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const wall = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
    return wall - Math.floor(t / SECOND_MS) * SECOND_MS;
  };
  /**
   * Offsets by hour: when the offset at an hour's start equals the one at its end, no
   * transition happens inside it (zones change offset at most once within hours), so the whole
   * hour shares it. An hour with a transition is always asked exactly.
   */
  const hours = new Map<number, number | null>();
  const offset = (t: number): number => {
    const hour = Math.floor(t / HOUR_MS);
    let known = hours.get(hour);
    if (known === undefined) {
      const start = exactOffset(hour * HOUR_MS);
      known = start === exactOffset(hour * HOUR_MS + HOUR_MS - 1) ? start : null;
      if (hours.size >= 50_000) hours.clear();
      hours.set(hour, known);
    }
    return known ?? exactOffset(t);
  };
  return {
    timeZone,
    dayOf: (at) => Math.floor((at + offset(at)) / DAY_MS),
    instantOf(day, minute) {
      const wall = day * DAY_MS + minute * MINUTE_MS;
      const before = offset(wall - DAY_MS);
      const after = offset(wall + DAY_MS);
      if (before === after) return wall - before;
      const early = wall - before;
      const late = wall - after;
      const earlyOk = offset(early) === before;
      const lateOk = offset(late) === after;
      if (earlyOk && lateOk) return Math.min(early, late);
      if (earlyOk) return early;
      if (lateOk) return late;
      return wall - before;
    },
  };
}
