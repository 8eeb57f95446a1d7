// Business time in a DST zone (America/New_York) and other offsets: nothing assumes UTC+8.
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../src/domain/sla/business-calendar.ts';
import { calendarSchema, type CalendarConfigInput } from '../../../src/domain/sla/calendar-schema.ts';
import { createZone, dayNumber } from '../../../src/domain/sla/zoned-time.ts';

const H = 3_600_000;
const ny = (input: CalendarConfigInput = {}) => createBusinessCalendar(calendarSchema.parse({ holidays: 'none', ...input }), 'America/New_York');
const iso = (t: number) => new Date(t).toISOString().slice(0, 16) + 'Z';

describe('America/New_York across DST changes', () => {
  const cal = ny();

  it('spring forward (2026-03-08): Fri 17:00 EST + 2h → Mon 10:00 EDT', () => {
    expect(iso(cal.addBusinessTime(Date.parse('2026-03-06T17:00-05:00'), 2 * H))).toBe('2026-03-09T14:00Z');
    expect(cal.businessTimeBetween(Date.parse('2026-03-06T09:00-05:00'), Date.parse('2026-03-09T18:00-04:00'))).toBe(18 * H);
  });

  it('fall back (2026-11-01): Fri 17:00 EDT + 2h → Mon 10:00 EST', () => {
    expect(iso(cal.addBusinessTime(Date.parse('2026-10-30T17:00-04:00'), 2 * H))).toBe('2026-11-02T15:00Z');
    expect(iso(cal.nextOpening(Date.parse('2026-10-31T12:00-04:00')))).toBe('2026-11-02T14:00Z');
  });

  it('an overnight shift through the change is 7 real hours in spring and 9 in autumn', () => {
    const saturdayNights = ny({ workdays: [6], workingHours: { start: '22:00', end: '06:00' } });
    expect(saturdayNights.businessTimeBetween(Date.parse('2026-03-07T00:00-05:00'), Date.parse('2026-03-09T00:00-04:00'))).toBe(7 * H);
    expect(saturdayNights.businessTimeBetween(Date.parse('2026-10-31T00:00-04:00'), Date.parse('2026-11-02T00:00-05:00'))).toBe(9 * H);
    expect(saturdayNights.businessTimeBetween(Date.parse('2026-03-14T00:00-04:00'), Date.parse('2026-03-16T00:00-04:00'))).toBe(8 * H);
  });

  it('hours that contain the skipped hour lose it', () => {
    const sundays = ny({ workdays: [7], workingHours: { start: '01:00', end: '05:00' } });
    expect(sundays.businessTimeBetween(Date.parse('2026-03-08T00:00-05:00'), Date.parse('2026-03-09T00:00-04:00'))).toBe(3 * H);
    expect(sundays.isWorkingInstant(Date.parse('2026-03-08T03:30-04:00'))).toBe(true);
  });

  it('the civil date is the company’s, not the server’s or UTC', () => {
    const t = Date.parse('2026-03-09T03:00Z');
    expect(cal.dateOf(t)).toBe('2026-03-08');
    expect(createBusinessCalendar(calendarSchema.parse({}), 'Asia/Shanghai').dateOf(t)).toBe('2026-03-09');
  });
});

describe('wall-clock conversion', () => {
  it('resolves gaps forward and repeated times to the earlier instant', () => {
    const zone = createZone('America/New_York');
    expect(iso(zone.instantOf(dayNumber('2026-03-08'), 150))).toBe('2026-03-08T07:30Z'); // 02:30 → 03:30 EDT
    expect(iso(zone.instantOf(dayNumber('2026-11-01'), 90))).toBe('2026-11-01T05:30Z'); // first 01:30 (EDT)
    expect(iso(zone.instantOf(dayNumber('2026-07-01'), 1440))).toBe('2026-07-02T04:00Z');
  });

  it('handles half-hour and quarter-hour offsets', () => {
    const kathmandu = createBusinessCalendar(calendarSchema.parse({ holidays: 'none' }), 'Asia/Kathmandu'); // UTC+5:45
    expect(iso(kathmandu.addBusinessTime(Date.parse('2026-03-06T17:00+05:45'), 2 * H))).toBe('2026-03-09T04:15Z');
  });
});
