// Loud warnings for years without the official China holiday notice.
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../src/domain/sla/business-calendar.ts';
import { calendarSchema, type CalendarConfigInput } from '../../../src/domain/sla/calendar-schema.ts';
import { calendarWarnings } from '../../../src/domain/sla/calendar-warnings.ts';

const cal = (input: CalendarConfigInput = {}) => createBusinessCalendar(calendarSchema.parse(input), 'Asia/Shanghai');
const NOW = Date.parse('2026-11-26T10:00+08:00');

describe('calendarWarnings', () => {
  it('warns about 2027 at 2026-11-26 and says how to fix it', () => {
    const warnings = calendarWarnings(cal(), NOW);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBe(
      '2027 has no official China holiday calendar yet (published each November by the State Council). ' +
        'Until then 2027 counts Mon–Fri as workdays. Add the days under calendar.extraHolidays / ' +
        'calendar.extraWorkdays in the company file and list 2027 under calendar.manualYears, ' +
        'or update the chinese-days package.',
    );
  });

  it('looks only as far as the horizon', () => {
    expect(calendarWarnings(cal(), NOW, 30)).toEqual([]);
    expect(calendarWarnings(cal(), Date.parse('2026-03-01T00:00+08:00'), 100)).toEqual([]);
    expect(calendarWarnings(cal(), NOW, 700).map((w) => w.slice(0, 4))).toEqual(['2027', '2028']);
  });

  it('names the configured weekdays', () => {
    expect(calendarWarnings(cal({ workdays: [1, 2, 3, 4, 5, 6] }), NOW)[0]).toContain('counts Mon–Sat as workdays');
    expect(calendarWarnings(cal({ workdays: [1, 3, 6] }), NOW)[0]).toContain('counts Mon, Wed, Sat as workdays');
  });

  it('stays quiet when official data does not apply or the company filled the year in', () => {
    expect(calendarWarnings(cal({ holidays: 'none' }), NOW)).toEqual([]);
    expect(calendarWarnings(cal({ mode: '24x7' }), NOW)).toEqual([]);
    expect(calendarWarnings(cal({ manualYears: [2027] }), NOW)).toEqual([]);
  });

  it('uses the company’s date, not UTC, for the year boundary', () => {
    const newYearInShanghai = Date.parse('2026-12-31T16:30Z'); // 2027-01-01 00:30 in Shanghai
    expect(calendarWarnings(cal(), newYearInShanghai, 0).map((w) => w.slice(0, 4))).toEqual(['2027']);
  });
});
