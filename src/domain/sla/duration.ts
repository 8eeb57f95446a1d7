/**
 * SLA durations written like `90s`, `15m`, `2h`, `3d`, `1h30m`: parsing, business-day
 * conversion and display in Chinese or English.
 * @module
 */
import type { Locale } from '../../config/company.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './zoned-time.ts';

export class DurationError extends Error {
  constructor(readonly input: unknown, reason: string) {
    super(`invalid duration ${JSON.stringify(input)}: ${reason}; write it like 90s, 15m, 2h, 3d or 1h30m`);
    this.name = 'DurationError';
  }
}

type Unit = 'd' | 'h' | 'm' | 's';
const ORDER: readonly Unit[] = ['d', 'h', 'm', 's'];
const PARTS = /^(?:\d+[dhms]\s*)+$/;

/** `{ d, h, m, s }` counts; units in order d → h → m → s, each at most once. */
function parseParts(text: string): Record<Unit, number> {
  if (typeof text !== 'string') throw new DurationError(text, 'expected a string');
  const trimmed = text.trim();
  if (/\d[.,]\d/.test(trimmed)) throw new DurationError(text, 'use whole numbers (1h30m, not 1.5h)');
  if (!PARTS.test(trimmed)) throw new DurationError(text, 'expected whole numbers with a unit d, h, m or s');
  const parts: Record<Unit, number> = { d: 0, h: 0, m: 0, s: 0 };
  let last = -1;
  for (const [, n, unit] of trimmed.matchAll(/(\d+)([dhms])/g)) {
    const at = ORDER.indexOf(unit as Unit);
    if (at <= last) throw new DurationError(text, 'give each unit once, largest first (1d2h, not 2h1d)');
    last = at;
    parts[unit as Unit] = Number(n);
  }
  return parts;
}

function total(parts: Record<Unit, number>, dayMs: number, text: string): number {
  const ms = parts.d * dayMs + parts.h * HOUR_MS + parts.m * MINUTE_MS + parts.s * SECOND_MS;
  if (!Number.isSafeInteger(ms)) throw new DurationError(text, 'too large');
  return ms;
}

/**
 * Wall-clock milliseconds of a duration; `d` is 24 hours here.
 * @example parseDuration('1h30m') // 5_400_000
 * @throws DurationError for anything else ('1.5h', '2 hours', '', '30m1h')
 */
export function parseDuration(text: string): number {
  return total(parseParts(text), DAY_MS, text);
}

/**
 * Business-time milliseconds of a duration for `addBusinessTime`: `s`, `m` and `h` are
 * literal, but `d` is one *working day* of the calendar — 9 h for 09:00–18:00, 8 h for an
 * overnight 22:00–06:00 shift, 24 h in 24x7 mode. So "3d" means three working days.
 * @example businessDurationMs('3d', calendar) // 97_200_000 (27 h) for 09:00–18:00
 */
export function businessDurationMs(spec: string, calendar: { readonly workingDayMs: number }): number {
  return total(parseParts(spec), calendar.workingDayMs, spec);
}

const UNITS: Record<Locale, Record<Unit, string>> = {
  'zh-CN': { d: '天', h: '小时', m: '分钟', s: '秒' },
  en: { d: 'd', h: 'h', m: 'm', s: 's' },
};

/**
 * Display form: "2小时" / "2h", "1天3小时" / "1d 3h", "90秒" / "90s". Rounds to whole seconds;
 * under two minutes a value that is not whole minutes stays in seconds ("90s" reads better in
 * a fast demo than "1m 30s"). Pass `dayMs: calendar.workingDayMs` to show business days.
 * @example formatDuration(97_200_000, 'en', { dayMs: 9 * 3_600_000 }) // "3d"
 */
export function formatDuration(ms: number, locale: Locale, options: { dayMs?: number } = {}): string {
  const unit = UNITS[locale];
  const join = (parts: string[]) => parts.join(locale === 'en' ? ' ' : '');
  const sign = ms < 0 ? '-' : '';
  let seconds = Math.round(Math.abs(ms) / SECOND_MS);
  if (seconds < 120 && seconds % 60 !== 0) return `${sign}${seconds}${unit.s}`;
  const dayS = Math.round((options.dayMs ?? DAY_MS) / SECOND_MS);
  const out: string[] = [];
  for (const [u, size] of [['d', dayS], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(seconds / size);
    if (n > 0) out.push(`${n}${unit[u]}`);
    seconds -= n * size;
  }
  return sign + (out.length ? join(out) : `0${unit.s}`);
}
