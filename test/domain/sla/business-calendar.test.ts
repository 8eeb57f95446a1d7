// Business-time arithmetic in Asia/Shanghai: working hours, holidays, make-up days, overnight shifts, 24x7.
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../src/domain/sla/business-calendar.ts';
import { calendarSchema, type CalendarConfigInput } from '../../../src/domain/sla/calendar-schema.ts';

const H = 3_600_000;
/** '2026-03-06 17:00' in Asia/Shanghai → epoch ms. */
const at = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`);
const show = (t: number) => new Date(t + 8 * H).toISOString().slice(0, 16).replace('T', ' ');
const calendar = (input: CalendarConfigInput = {}) => createBusinessCalendar(calendarSchema.parse(input), 'Asia/Shanghai');
const add = (cal: ReturnType<typeof calendar>, start: string, ms: number) => show(cal.addBusinessTime(at(start), ms));

describe('09:00–18:00, Mon–Fri, official China holidays', () => {
  const cal = calendar();

  it('rolls over the weekend and starts counting at the next opening', () => {
    expect(add(cal, '2026-03-06 17:00', 2 * H)).toBe('2026-03-09 10:00'); // Fri → Mon
    expect(add(cal, '2026-03-09 07:30', 2 * H)).toBe('2026-03-09 11:00'); // before opening
    expect(add(cal, '2026-03-09 19:00', 1 * H)).toBe('2026-03-10 10:00'); // after closing
    expect(add(cal, '2026-03-07 12:00', 1 * H)).toBe('2026-03-09 10:00'); // Saturday
    expect(add(cal, '2026-03-09 16:00', 2 * H)).toBe('2026-03-09 18:00'); // ends exactly at closing
    expect(add(cal, '2026-03-09 10:00', 27 * H)).toBe('2026-03-12 10:00'); // three working days
  });

  it('skips National Day and works the make-up Saturday', () => {
    expect(add(cal, '2026-10-01 09:00', 2 * H)).toBe('2026-10-08 11:00'); // 10-01…10-07 off, 10-08 Thu works
    expect(add(cal, '2026-09-30 17:00', 3 * H)).toBe('2026-10-08 11:00');
    expect(add(cal, '2026-10-09 17:00', 2 * H)).toBe('2026-10-10 10:00'); // Sat 10-10 is a make-up workday
  });

  it('crosses the 2026 Spring Festival with the 02-14 and 02-28 make-up Saturdays', () => {
    expect(add(cal, '2026-02-13 17:00', 2 * H)).toBe('2026-02-14 10:00');
    expect(add(cal, '2026-02-14 17:00', 2 * H)).toBe('2026-02-24 10:00'); // 02-15…02-23 off
    expect(add(cal, '2026-02-27 17:00', 2 * H)).toBe('2026-02-28 10:00');
    // 02-13, 02-14, 02-24…02-27, 02-28: seven working days
    expect(cal.businessTimeBetween(at('2026-02-13 00:00'), at('2026-03-01 00:00'))).toBe(63 * H);
  });

  it('answers instant questions at the edges of the window', () => {
    expect(cal.isWorkingInstant(at('2026-03-09 09:00'))).toBe(true);
    expect(cal.isWorkingInstant(at('2026-03-09 18:00'))).toBe(false);
    expect(cal.isWorkingInstant(at('2026-02-16 10:00'))).toBe(false); // Spring Festival
    expect(show(cal.nextOpening(at('2026-03-06 19:00')))).toBe('2026-03-09 09:00');
    expect(show(cal.nextOpening(at('2026-03-09 10:15')))).toBe('2026-03-09 10:15');
    expect(show(cal.addBusinessTime(at('2026-03-07 12:00'), 0))).toBe('2026-03-09 09:00');
    expect(cal.businessTimeBetween(at('2026-03-09 10:00'), at('2026-03-09 09:00'))).toBe(0);
    expect(cal.workingDayMs).toBe(9 * H);
    expect(cal.dateOf(Date.parse('2026-03-08T20:00Z'))).toBe('2026-03-09');
  });

  it('rejects negative or non-finite amounts', () => {
    expect(() => cal.addBusinessTime(at('2026-03-09 10:00'), -1)).toThrow(RangeError);
    expect(() => cal.addBusinessTime(at('2026-03-09 10:00'), Number.NaN)).toThrow(RangeError);
  });
});

describe('overnight shift 22:00–06:00 (belongs to the day it starts on)', () => {
  const cal = calendar({ workingHours: { start: '22:00', end: '06:00' } });

  it('adds across midnight', () => {
    expect(add(cal, '2026-03-09 23:00', 2 * H)).toBe('2026-03-10 01:00'); // Mon 23:00 → Tue 01:00
    expect(cal.workingDayMs).toBe(8 * H);
  });

  it('Monday 05:00 is Sunday’s shift, which is off: counting starts Monday 22:00', () => {
    expect(cal.isWorkingInstant(at('2026-03-09 05:00'))).toBe(false);
    expect(add(cal, '2026-03-09 05:00', 2 * H)).toBe('2026-03-10 00:00');
  });

  it('Tuesday 05:00 is Monday’s shift: one hour now, the rest from Tuesday 22:00', () => {
    expect(cal.isWorkingInstant(at('2026-03-10 05:00'))).toBe(true);
    expect(add(cal, '2026-03-10 05:00', 2 * H)).toBe('2026-03-10 23:00');
  });

  it('Friday’s shift runs into Saturday morning; then nothing until Monday night', () => {
    expect(cal.isWorkingInstant(at('2026-03-07 03:00'))).toBe(true);
    expect(add(cal, '2026-03-06 23:00', 8 * H)).toBe('2026-03-09 23:00');
    // Thursday's shift until Fri 06:00, Friday's, and Monday's until midnight
    expect(cal.businessTimeBetween(at('2026-03-06 00:00'), at('2026-03-10 00:00'))).toBe(6 * H + 8 * H + 2 * H);
  });

  it('a shift that starts on a holiday eve works; one that starts on a holiday does not', () => {
    expect(cal.isWorkingInstant(at('2026-10-01 03:00'))).toBe(true); // Sep 30's shift
    expect(cal.isWorkingInstant(at('2026-10-01 23:00'))).toBe(false);
    expect(add(cal, '2026-10-01 05:00', 1 * H)).toBe('2026-10-01 06:00');
    expect(add(cal, '2026-10-01 06:00', 1 * H)).toBe('2026-10-08 23:00');
  });
});

describe('24x7', () => {
  const cal = calendar({ mode: '24x7' });

  it('counts every instant, holidays included', () => {
    expect(add(cal, '2026-10-01 03:00', 30 * H)).toBe('2026-10-02 09:00');
    expect(cal.businessTimeBetween(at('2026-02-14 00:00'), at('2026-02-24 00:00'))).toBe(240 * H);
    expect(cal.isWorkingInstant(at('2026-02-17 03:00'))).toBe(true);
    expect(cal.isWorkday('2026-10-01')).toBe(true);
    expect(cal.nextOpening(123)).toBe(123);
    expect(cal.workingDayMs).toBe(24 * H);
    expect(cal.missingYears(2026, 2030)).toEqual([]);
  });
});

describe('the company’s own days', () => {
  it('extraHolidays and extraWorkdays, single days and ranges', () => {
    const cal = calendar({
      extraHolidays: ['2026-03-10', { from: '2026-03-12', to: '2026-03-13', name: 'Offsite' }],
      extraWorkdays: ['2026-03-14', '2026-10-02'],
    });
    expect(add(cal, '2026-03-09 17:00', 2 * H)).toBe('2026-03-11 10:00');
    expect(add(cal, '2026-03-11 17:00', 2 * H)).toBe('2026-03-14 10:00');
    expect(cal.isWorkday('2026-10-02')).toBe(true); // beats the official holiday
  });

  it('an extra holiday beats an official make-up day', () => {
    const cal = calendar({ extraHolidays: ['2026-02-14'] });
    expect(cal.isWorkday('2026-02-14')).toBe(false);
    expect(add(cal, '2026-02-13 17:00', 2 * H)).toBe('2026-02-24 10:00');
  });

  it('holidays: none and a six-day week', () => {
    const none = calendar({ holidays: 'none' });
    expect(none.isWorkday('2026-10-01')).toBe(true);
    expect(none.isWorkday('2026-10-10')).toBe(false);
    expect(none.missingYears(2027, 2027)).toEqual([]);
    expect(none.coveredYears()).toEqual([]);
    const sixDays = calendar({ workdays: [1, 2, 3, 4, 5, 6] });
    expect(sixDays.isWorkday('2026-03-07')).toBe(true);
    expect(add(sixDays, '2026-03-06 17:00', 2 * H)).toBe('2026-03-07 10:00');
  });

  it('manualYears count as covered', () => {
    const cal = calendar({ manualYears: [2027] });
    expect(cal.missingYears(2026, 2028)).toEqual([2028]);
    expect(cal.coveredYears().at(-1)).toBe(2027);
  });

  it('fails loudly instead of looping when nothing opens for ten years', () => {
    const years = Array.from({ length: 11 }, (_, i) => ({ from: `${2026 + i}-01-01`, to: `${2026 + i}-12-31` }));
    const never = calendar({ holidays: 'none', extraHolidays: years });
    expect(() => never.addBusinessTime(at('2026-01-01 00:00'), H)).toThrow(/no working time/);
    expect(() => never.nextOpening(at('2026-01-01 00:00'))).toThrow(/no working time/);
    expect(never.businessTimeBetween(at('2026-01-01 00:00'), at('2027-01-01 00:00'))).toBe(0);
  });
});
