// Duration strings: parsing, business days, display in both locales.
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../src/domain/sla/business-calendar.ts';
import { calendarSchema } from '../../../src/domain/sla/calendar-schema.ts';
import { DurationError, businessDurationMs, formatDuration, parseDuration } from '../../../src/domain/sla/duration.ts';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;

describe('parseDuration', () => {
  it.each([
    ['90s', 90 * S],
    ['15m', 15 * M],
    ['2h', 2 * H],
    ['3d', 72 * H],
    ['1h30m', 90 * M],
    ['1d 2h 3m 4s', 26 * H + 3 * M + 4 * S],
    [' 2h ', 2 * H],
    ['0s', 0],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each([
    ['', /expected whole numbers with a unit/],
    ['2', /expected whole numbers with a unit/],
    ['2 hours', /expected whole numbers with a unit/],
    ['-2h', /expected whole numbers with a unit/],
    ['1.5h', /whole numbers \(1h30m, not 1.5h\)/],
    ['30m1h', /largest first/],
    ['1h1h', /largest first/],
    ['2H', /expected whole numbers/],
    ['99999999999999999d', /too large/],
  ])('rejects %j', (text, reason) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
    expect(() => parseDuration(text)).toThrow(reason);
    expect(() => parseDuration(text)).toThrow(/write it like 90s, 15m, 2h, 3d or 1h30m/);
  });

  it('rejects a number where a string is expected', () => {
    expect(() => parseDuration(7200 as unknown as string)).toThrow(/expected a string/);
  });
});

describe('businessDurationMs', () => {
  it('a day is one working day of the calendar; s, m and h are literal', () => {
    const office = createBusinessCalendar(calendarSchema.parse({}), 'Asia/Shanghai');
    const night = createBusinessCalendar(calendarSchema.parse({ workingHours: { start: '22:00', end: '06:00' } }), 'Asia/Shanghai');
    const always = createBusinessCalendar(calendarSchema.parse({ mode: '24x7' }), 'Asia/Shanghai');
    expect(businessDurationMs('3d', office)).toBe(27 * H);
    expect(businessDurationMs('1d2h', office)).toBe(11 * H);
    expect(businessDurationMs('1d', night)).toBe(8 * H);
    expect(businessDurationMs('3d', always)).toBe(72 * H);
    expect(businessDurationMs('90s', office)).toBe(90 * S);
    expect(() => businessDurationMs('3 days', office)).toThrow(DurationError);
  });

  it('3 working days from Friday afternoon end Wednesday afternoon', () => {
    const office = createBusinessCalendar(calendarSchema.parse({}), 'Asia/Shanghai');
    const due = office.addBusinessTime(Date.parse('2026-03-06T15:00+08:00'), businessDurationMs('3d', office));
    expect(due).toBe(Date.parse('2026-03-11T15:00+08:00'));
  });
});

describe('formatDuration', () => {
  it.each([
    [2 * H, '2小时', '2h'],
    [27 * H, '1天3小时', '1d 3h'],
    [90 * S, '90秒', '90s'],
    [60 * S, '1分钟', '1m'],
    [150 * S, '2分钟30秒', '2m 30s'],
    [90 * M, '1小时30分钟', '1h 30m'],
    [0, '0秒', '0s'],
    [-2 * H, '-2小时', '-2h'],
    [1_499, '1秒', '1s'],
  ])('%i ms', (ms, zh, en) => {
    expect(formatDuration(ms, 'zh-CN')).toBe(zh);
    expect(formatDuration(ms, 'en')).toBe(en);
  });

  it('shows business days when given the working-day length', () => {
    expect(formatDuration(27 * H, 'en', { dayMs: 9 * H })).toBe('3d');
    expect(formatDuration(10 * H, 'zh-CN', { dayMs: 9 * H })).toBe('1天1小时');
  });

  it('round-trips with parseDuration', () => {
    for (const text of ['90s', '15m', '2h', '3d', '1h30m', '1d3h']) {
      expect(parseDuration(formatDuration(parseDuration(text), 'en').replaceAll(' ', ''))).toBe(parseDuration(text));
    }
  });
});
