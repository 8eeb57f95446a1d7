// Property: businessTimeBetween is the inverse of addBusinessTime (2,000 seeded random cases per calendar).
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../src/domain/sla/business-calendar.ts';
import { calendarSchema, type CalendarConfigInput } from '../../../src/domain/sla/calendar-schema.ts';

/** mulberry32: small, seeded, reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const H = 3_600_000;
const FROM = Date.parse('2025-01-01T00:00Z');
const TO = Date.parse('2026-11-30T00:00Z');

const CASES: [string, CalendarConfigInput, string][] = [
  ['09:00–18:00 cn', {}, 'Asia/Shanghai'],
  ['overnight 22:00–06:00 cn', { workingHours: { start: '22:00', end: '06:00' } }, 'Asia/Shanghai'],
  ['New York, Mon–Sat 07:30–24:00', { holidays: 'none', workdays: [1, 2, 3, 4, 5, 6], workingHours: { start: '07:30', end: '24:00' } }, 'America/New_York'],
  ['24x7', { mode: '24x7' }, 'Asia/Shanghai'],
];

describe.each(CASES)('%s', (_name, input, zone) => {
  const cal = createBusinessCalendar(calendarSchema.parse(input), zone);
  const rnd = prng(20_261_126);

  it('businessTimeBetween(s, addBusinessTime(s, ms)) === ms, and the result is the earliest such instant', () => {
    for (let i = 0; i < 2_000; i++) {
      const start = FROM + Math.floor(rnd() * (TO - FROM));
      const ms = i % 10 === 0 ? 0 : Math.floor(rnd() * 3 * 7 * 9 * H); // up to three weeks of working time
      const end = cal.addBusinessTime(start, ms);
      const c = { start, ms, end };
      expect({ ...c, between: cal.businessTimeBetween(start, end) }).toEqual({ ...c, between: ms });
      expect(end).toBeGreaterThanOrEqual(start);
      if (ms > 0) expect({ ...c, last: cal.isWorkingInstant(end - 1) }).toEqual({ ...c, last: true });
      else expect(end).toBe(cal.nextOpening(start));
    }
  });

  it('addBusinessTime(a, businessTimeBetween(a, b)) lands at or before b with no working time left', () => {
    for (let i = 0; i < 2_000; i++) {
      const a = FROM + Math.floor(rnd() * (TO - FROM));
      const b = a + Math.floor(rnd() * 30 * 24 * H);
      const between = cal.businessTimeBetween(a, b);
      const t = cal.addBusinessTime(a, between);
      // Zero working time from a closed instant is defined as "at the next opening", maybe after b.
      if (between === 0) expect(t).toBe(cal.nextOpening(a));
      else expect(t).toBeLessThanOrEqual(b);
      expect(cal.businessTimeBetween(t, b)).toBe(0);
    }
  });
});
