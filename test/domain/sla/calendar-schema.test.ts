// The company file's `calendar` section: defaults, normalisation and errors that say the fix.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, calendarSchema } from '../../../src/domain/sla/calendar-schema.ts';

const problems = (input: unknown) => {
  const r = calendarSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('calendarSchema', () => {
  it('fills in 09:00–18:00, Mon–Fri and the official China calendar', () => {
    expect(DEFAULT_CALENDAR).toEqual({
      mode: 'business',
      workingHours: { start: '09:00', end: '18:00' },
      workdays: [1, 2, 3, 4, 5],
      holidays: 'cn',
      extraHolidays: [],
      extraWorkdays: [],
      manualYears: [],
    });
  });

  it('normalises single extra holidays to ranges and sorts weekdays', () => {
    const c = calendarSchema.parse({
      workingHours: { start: '22:00', end: '06:00' },
      workdays: [6, 1],
      extraHolidays: ['2026-12-31', { from: '2027-01-01', to: '2027-01-03', name: 'New Year' }],
      extraWorkdays: ['2027-01-09'],
    });
    expect(c.extraHolidays).toEqual([{ from: '2026-12-31', to: '2026-12-31' }, { from: '2027-01-01', to: '2027-01-03', name: 'New Year' }]);
    expect(c.workdays).toEqual([1, 6]);
    expect(calendarSchema.parse({ mode: '24x7' }).mode).toBe('24x7');
    expect(calendarSchema.parse({ workingHours: { start: '08:00', end: '24:00' } }).workingHours.end).toBe('24:00');
  });

  it.each([
    [{ mode: 'always' }, 'mode: use mode: business (working hours) or mode: 24x7'],
    [{ workingHours: { start: '9:00', end: '18:00' } }, 'workingHours.start: use HH:MM like 09:00'],
    [{ workingHours: { start: '09:00', end: 1800 } }, 'workingHours.end: use HH:MM like 18:00'],
    [{ workingHours: { start: '09:00', end: '09:00' } }, 'workingHours: start and end are the same time; for round-the-clock use mode: 24x7'],
    [{ workingHours: { start: '09:00', end: '18:00', lunch: '12:00' } }, 'workingHours: unknown key lunch; allowed: start, end'],
    [{ workdays: [0, 1] }, 'workdays.0: use ISO weekday numbers 1 (Mon) … 7 (Sun)'],
    [{ workdays: [] }, 'workdays: give at least one weekday'],
    [{ workdays: [1, 1] }, 'workdays: a weekday is listed twice'],
    [{ holidays: 'china' }, 'holidays: use holidays: cn'],
    [{ extraHolidays: ['2026-02-30'] }, 'extraHolidays.0: use a real date YYYY-MM-DD like 2026-10-08'],
    [{ extraHolidays: [20261001] }, 'extraHolidays.0: use a date like 2026-10-08 or a range like { from:'],
    [{ extraHolidays: [{ from: '2026-10-07', to: '2026-10-01' }] }, 'extraHolidays.0.to: "to" (2026-10-01) is before "from" (2026-10-07); swap them'],
    [{ extraHolidays: [{ from: '2026-01-01', to: '2027-06-01' }] }, 'extraHolidays.0.to: a range longer than 366 days'],
    [{ extraWorkdays: ['2026/10/10'] }, 'extraWorkdays.0: use a real date YYYY-MM-DD'],
    [{ extraHolidays: [{ from: '2026-10-01', to: '2026-10-07' }], extraWorkdays: ['2026-10-03'] }, 'extraWorkdays.0: 2026-10-03 is also under extraHolidays; keep it in one list'],
    [{ mode: '24x7', workingHours: { start: '09:00', end: '18:00' } }, 'workingHours: 24x7 counts every instant, so workingHours does not apply'],
    [{ timezone: 'Asia/Shanghai' }, ': unknown key timezone; allowed: mode, workingHours,'],
  ])('%j → %s', (input, message) => {
    expect(problems(input).join('\n')).toContain(message);
  });
});
