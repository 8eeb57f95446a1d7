// The official 2025/2026 calendars (shared/reference/china-calendar.md) against our workday rule.
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../src/domain/sla/business-calendar.ts';
import { calendarSchema } from '../../../src/domain/sla/calendar-schema.ts';
import { OFFICIAL_CN_YEARS } from '../../../src/domain/sla/china-holidays.ts';
import { isoDate, isoWeekday } from '../../../src/domain/sla/zoned-time.ts';

const cal = createBusinessCalendar(calendarSchema.parse({}), 'Asia/Shanghai');

function datesOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00Z`); t <= Date.parse(`${to}T00:00Z`); t += 86_400_000) out.push(isoDate(t / 86_400_000));
  return out;
}
const workdaysIn = (from: string, to: string) => datesOf(from, to).filter((d) => cal.isWorkday(d)).length;

// Typed from the reference tables, independently of the package data.
const REFERENCE = {
  2025: {
    off: [['01-01', '01-01'], ['01-28', '02-04'], ['04-04', '04-06'], ['05-01', '05-05'], ['05-31', '06-02'], ['10-01', '10-08']],
    makeup: ['01-26', '02-08', '04-27', '09-28', '10-11'],
  },
  2026: {
    off: [['01-01', '01-03'], ['02-15', '02-23'], ['04-04', '04-06'], ['05-01', '05-05'], ['06-19', '06-21'], ['09-25', '09-27'], ['10-01', '10-07']],
    makeup: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
  },
} as const;

describe('official China calendar (Asia/Shanghai, Mon–Fri, holidays: cn)', () => {
  it('matches the test vectors of the reference', () => {
    expect(workdaysIn('2025-01-01', '2025-12-31')).toBe(248);
    expect(workdaysIn('2026-01-01', '2026-12-31')).toBe(248);
    expect(workdaysIn('2026-02-01', '2026-02-28')).toBe(16);
    expect(cal.isWorkday('2026-01-04')).toBe(true); // Sunday, make-up
    expect(cal.isWorkday('2025-10-11')).toBe(true); // Saturday, make-up
    expect(cal.isWorkday('2026-02-23')).toBe(false); // Monday, Spring Festival
    expect(cal.isWorkday('2025-10-08')).toBe(false); // Wednesday, National Day
    expect(cal.isWorkday('2026-10-07')).toBe(false); // Wednesday, National Day
  });

  it.each([2025, 2026] as const)('agrees with the reference table on every day of %i', (year) => {
    const { off, makeup } = REFERENCE[year];
    const offDays = new Set(off.flatMap(([a, b]) => datesOf(`${year}-${a}`, `${year}-${b}`)));
    const makeupDays = new Set<string>(makeup.map((d) => `${year}-${d}`));
    for (const d of datesOf(`${year}-01-01`, `${year}-12-31`)) {
      const weekday = isoWeekday(Date.parse(`${d}T00:00Z`) / 86_400_000);
      const expected = makeupDays.has(d) || (weekday <= 5 && !offDays.has(d));
      expect([d, cal.isWorkday(d)]).toEqual([d, expected]);
    }
  });

  it('knows which years have official data, derived from the installed package', () => {
    expect(OFFICIAL_CN_YEARS[0]).toBe(2004);
    expect(OFFICIAL_CN_YEARS).toContain(2025);
    expect(OFFICIAL_CN_YEARS).toContain(2026);
    expect(OFFICIAL_CN_YEARS).not.toContain(2027);
    expect(cal.coveredYears()).toEqual(OFFICIAL_CN_YEARS);
  });

  it('a year without data counts plain Mon–Fri, but is reported, never silent', () => {
    expect(cal.isWorkday('2027-01-01')).toBe(true); // surely a holiday, but unknown yet
    expect(cal.isWorkday('2027-01-02')).toBe(false);
    expect(cal.missingYears(2025, 2028)).toEqual([2027, 2028]);
    expect(cal.missingYears(2025, 2026)).toEqual([]);
  });

  it('the 2022-12-31 New Year spill-over of the 2023 notice is honoured', () => {
    expect(cal.isWorkday('2022-12-30')).toBe(true);
    expect(cal.isWorkday('2023-01-02')).toBe(false); // Monday in lieu
  });
});
