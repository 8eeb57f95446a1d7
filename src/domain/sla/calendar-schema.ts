/**
 * The company file's `calendar` section: working hours, workdays, official China holidays and
 * the company's own days, or round-the-clock (24x7). Parsed once at boot; errors say the fix.
 * @module
 */
import { z } from 'zod';
import { parseIsoDate } from './zoned-time.ts';

const MAX_RANGE_DAYS = 366;
const KEYS = ['mode', 'workingHours', 'workdays', 'holidays', 'extraHolidays', 'extraWorkdays', 'manualYears'] as const;

function strictKeys(allowed: readonly string[]) {
  return (iss: { code?: string; keys?: string[] }) =>
    iss.code === 'unrecognized_keys' ? `unknown key ${iss.keys?.join(', ')}; allowed: ${allowed.join(', ')}` : undefined;
}

const time = z.string({ error: 'use HH:MM like 09:00 (quote it in YAML)' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM like 09:00 (24-hour clock)');
const endTime = z
  .string({ error: 'use HH:MM like 18:00 (quote it in YAML)' })
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'use HH:MM like 18:00 (24-hour clock; 24:00 for midnight)');
const isoDay = z
  .string({ error: 'use a date YYYY-MM-DD like 2026-10-08' })
  .refine((s) => parseIsoDate(s) !== undefined, 'use a real date YYYY-MM-DD like 2026-10-08');

const holidayRange = z
  .strictObject({ from: isoDay, to: isoDay, name: z.string().min(1).max(64).optional() }, { error: strictKeys(['from', 'to', 'name']) })
  .superRefine((r, ctx) => {
    const span = (parseIsoDate(r.to) ?? 0) - (parseIsoDate(r.from) ?? 0);
    if (span < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: `"to" (${r.to}) is before "from" (${r.from}); swap them` });
    if (span >= MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `a range longer than ${MAX_RANGE_DAYS} days is probably a typo; split it` });
  });

const extraHoliday = z.union([isoDay, holidayRange], {
  error: 'use a date like 2026-10-08 or a range like { from: 2026-10-01, to: 2026-10-07, name: National Day }',
});

/** `{ start: '09:00', end: '18:00' }`; `end` before `start` is an overnight shift. */
export const workingHoursSchema = z
  .strictObject({ start: time, end: endTime }, { error: strictKeys(['start', 'end']) })
  .refine((h) => h.start !== h.end && !(h.start === '00:00' && h.end === '24:00'), {
    message: 'start and end are the same time; for round-the-clock use mode: 24x7',
  });

const rawCalendar = z
  .strictObject(
    {
      mode: z.enum(['business', '24x7'], { error: 'use mode: business (working hours) or mode: 24x7 (every instant counts)' }).optional(),
      workingHours: workingHoursSchema.optional(),
      workdays: z
        .array(z.number({ error: 'use ISO weekday numbers 1 (Mon) … 7 (Sun), e.g. [1, 2, 3, 4, 5]' }).int().min(1).max(7))
        .min(1, 'give at least one weekday, e.g. [1, 2, 3, 4, 5] for Mon–Fri')
        .refine((w) => new Set(w).size === w.length, 'a weekday is listed twice')
        .optional(),
      holidays: z.enum(['cn', 'none'], { error: 'use holidays: cn (official China calendar) or holidays: none' }).optional(),
      extraHolidays: z.array(extraHoliday).optional(),
      extraWorkdays: z.array(isoDay).optional(),
      manualYears: z
        .array(z.number({ error: 'use a year like 2027' }).int().min(2000).max(2100))
        .optional()
        .describe('years whose official days you entered yourself; silences the missing-year warning'),
    },
    { error: strictKeys(KEYS) },
  )
  .superRefine((c, ctx) => {
    if (c.mode === '24x7') {
      for (const key of KEYS) {
        if (key !== 'mode' && c[key] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [key], message: `24x7 counts every instant, so ${key} does not apply; remove it or use mode: business` });
        }
      }
    }
    const off = new Set<number>();
    for (const h of c.extraHolidays ?? []) {
      const [from, to] = typeof h === 'string' ? [h, h] : [h.from, h.to];
      const [a, b] = [parseIsoDate(from), parseIsoDate(to)];
      if (a === undefined || b === undefined || b - a >= MAX_RANGE_DAYS) continue;
      for (let d = a; d <= b; d++) off.add(d);
    }
    (c.extraWorkdays ?? []).forEach((d, i) => {
      if (off.has(parseIsoDate(d) ?? NaN)) {
        ctx.addIssue({ code: 'custom', path: ['extraWorkdays', i], message: `${d} is also under extraHolidays; keep it in one list` });
      }
    });
  });

/** Parsed `calendar` section with every default filled in; holidays normalised to ranges. */
export interface CalendarConfig {
  mode: 'business' | '24x7';
  /** `end` ≤ `start` is an overnight shift (22:00–06:00) that belongs to the day it starts on. */
  workingHours: { start: string; end: string };
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workdays: number[];
  holidays: 'cn' | 'none';
  extraHolidays: { from: string; to: string; name?: string }[];
  extraWorkdays: string[];
  /** Years the company filled in itself (no official data yet): no missing-year warning. */
  manualYears: number[];
}

/**
 * Schema for the company file's `calendar` section. Use `calendarSchema.prefault({})` in the
 * company schema so a file without `calendar` gets the defaults (09:00–18:00, Mon–Fri, cn).
 * @example
 * calendarSchema.parse({ workingHours: { start: '22:00', end: '06:00' }, extraHolidays: ['2026-12-31'] });
 */
export const calendarSchema = rawCalendar.transform(
  (c): CalendarConfig => ({
    mode: c.mode ?? 'business',
    workingHours: c.workingHours ?? { start: '09:00', end: '18:00' },
    workdays: [...(c.workdays ?? [1, 2, 3, 4, 5])].sort((a, b) => a - b),
    holidays: c.holidays ?? 'cn',
    extraHolidays: (c.extraHolidays ?? []).map((h) => (typeof h === 'string' ? { from: h, to: h } : h)),
    extraWorkdays: c.extraWorkdays ?? [],
    manualYears: c.manualYears ?? [],
  }),
);

export type CalendarConfigInput = z.input<typeof calendarSchema>;

/** The calendar a company gets when its file has no `calendar` section. */
export const DEFAULT_CALENDAR: CalendarConfig = calendarSchema.parse({});
