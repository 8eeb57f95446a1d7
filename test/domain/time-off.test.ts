/** `/closeloop ooo` ranges: every accepted form and every refusal, without a database. */
import { describe, expect, it } from 'vitest';
import { checkTimeOff, formatDayRange, MAX_TIME_OFF_DAYS } from '../../src/domain/leads/time-off.ts';

const today = '2026-11-20';

describe('checkTimeOff: accepted forms', () => {
  it('reads a month-day range as the next such dates', () => {
    expect(checkTimeOff('12-01..12-05', today, [])).toEqual({ ok: true, firstDay: '2026-12-01', lastDay: '2026-12-05', days: 5 });
  });

  it('reads full dates, a single day, today, and unpadded months', () => {
    expect(checkTimeOff('2026-12-01..2026-12-05', today, [])).toMatchObject({ ok: true, firstDay: '2026-12-01', lastDay: '2026-12-05' });
    expect(checkTimeOff('12-24', today, [])).toEqual({ ok: true, firstDay: '2026-12-24', lastDay: '2026-12-24', days: 1 });
    expect(checkTimeOff('11-20', today, [])).toMatchObject({ ok: true, firstDay: '2026-11-20', days: 1 });
    expect(checkTimeOff('1-5..1-6', today, [])).toMatchObject({ ok: true, firstDay: '2027-01-05', lastDay: '2027-01-06' });
  });

  it('accepts the separators people type in Chinese chat', () => {
    for (const text of ['12-01~12-05', '12-01 ～ 12-05', '12-01至12-05', '12-01 到 12-05', '12-01 .. 12-05']) {
      expect(checkTimeOff(text, today, [])).toMatchObject({ ok: true, firstDay: '2026-12-01', lastDay: '2026-12-05' });
    }
  });

  it('spans the new year when the end month-day comes before the start', () => {
    expect(checkTimeOff('12-28..01-03', '2026-12-20', [])).toEqual({ ok: true, firstDay: '2026-12-28', lastDay: '2027-01-03', days: 7 });
    expect(checkTimeOff('2026-12-30..01-02', today, [])).toMatchObject({ ok: true, lastDay: '2027-01-02', days: 4 });
  });

  it('takes a month-day long past as next year, and a leap day in the next leap year', () => {
    expect(checkTimeOff('03-01..03-02', today, [])).toMatchObject({ ok: true, firstDay: '2027-03-01', lastDay: '2027-03-02' });
    expect(checkTimeOff('02-29', today, [])).toMatchObject({ ok: true, firstDay: '2028-02-29' });
  });

  it('allows exactly the maximum length and touching an existing range', () => {
    expect(checkTimeOff('2026-12-01..2027-01-29', today, [])).toMatchObject({ ok: true, days: MAX_TIME_OFF_DAYS });
    expect(checkTimeOff('12-07..12-08', today, [{ firstDay: '2026-12-03', lastDay: '2026-12-06' }])).toMatchObject({ ok: true });
  });
});

describe('checkTimeOff: refusals', () => {
  it.each(['', 'tomorrow', '12/01', '12-01..', '12-01 12-05', '2026-12', '12-01..12-05..12-09'])('malformed: %j', (text) => {
    expect(checkTimeOff(text, today, [])).toEqual({ ok: false, problem: { code: 'malformed', text: text.trim() } });
  });

  it('names an impossible date', () => {
    expect(checkTimeOff('13-01', today, [])).toEqual({ ok: false, problem: { code: 'invalid_date', token: '13-01' } });
    expect(checkTimeOff('12-01..02-30', today, [])).toEqual({ ok: false, problem: { code: 'invalid_date', token: '02-30' } });
    expect(checkTimeOff('2027-02-29', today, [])).toEqual({ ok: false, problem: { code: 'invalid_date', token: '2027-02-29' } });
  });

  it('refuses an end before the start', () => {
    expect(checkTimeOff('2026-12-05..2026-12-01', today, [])).toEqual({ ok: false, problem: { code: 'end_before_start', first: '2026-12-05', last: '2026-12-01' } });
    // Month-days written backwards would otherwise wrap to a year-long span.
    expect(checkTimeOff('12-05..12-01', today, [])).toMatchObject({ ok: false, problem: { code: 'end_before_start' } });
    expect(checkTimeOff('2026-12-05..12-01', today, [])).toMatchObject({ ok: false, problem: { code: 'end_before_start' } });
  });

  it('refuses the past: full dates, and month-days of the last 30 days', () => {
    expect(checkTimeOff('12-01..12-05', '2026-12-03', [])).toEqual({ ok: false, problem: { code: 'in_past', token: '12-01', date: '2026-12-01' } });
    expect(checkTimeOff('11-19', today, [])).toEqual({ ok: false, problem: { code: 'in_past', token: '11-19', date: '2026-11-19' } });
    expect(checkTimeOff('2026-11-19..2026-11-25', today, [])).toMatchObject({ ok: false, problem: { code: 'in_past', token: '2026-11-19' } });
    // Across the new year: on 2027-01-05, "12-28" is last week, not next December.
    expect(checkTimeOff('12-28', '2027-01-05', [])).toEqual({ ok: false, problem: { code: 'in_past', token: '12-28', date: '2026-12-28' } });
  });

  it('refuses more than 60 days', () => {
    expect(checkTimeOff('12-01..01-30', today, [])).toEqual({ ok: false, problem: { code: 'too_long', days: 61, max: 60 } });
    expect(checkTimeOff('2026-12-01..2027-06-01', today, [])).toMatchObject({ ok: false, problem: { code: 'too_long', days: 183 } });
  });

  it('refuses an overlap and names the booked range', () => {
    const existing = [{ firstDay: '2026-12-03', lastDay: '2026-12-06' }];
    for (const text of ['12-01..12-05', '12-06', '12-02..12-10', '12-04..12-05']) {
      expect(checkTimeOff(text, today, existing)).toEqual({ ok: false, problem: { code: 'overlap', existing: existing[0] } });
    }
  });
});

describe('formatDayRange', () => {
  it('drops the current year, keeps other years, shows one day once', () => {
    expect(formatDayRange({ firstDay: '2026-12-03', lastDay: '2026-12-06' }, today)).toBe('12-03..12-06');
    expect(formatDayRange({ firstDay: '2026-12-30', lastDay: '2027-01-02' }, today)).toBe('12-30..2027-01-02');
    expect(formatDayRange({ firstDay: '2026-12-24', lastDay: '2026-12-24' }, today)).toBe('12-24');
  });
});
