import { describe, expect, it } from 'vitest';
import { findDates } from '../../../../src/domain/visits/extract/dates.ts';
import { normalize } from '../../../../src/domain/visits/extract/normalize.ts';
import { NOW } from './helpers.ts';

// NOW is Wednesday 2026-03-11 in Asia/Shanghai.
const due = (t: string, now = NOW) => findDates(normalize(t), now, 'Asia/Shanghai').map((d) => d.date);

describe('dates', () => {
  it('resolves Chinese relative days and weekdays', () => {
    expect(due('今天')).toEqual(['2026-03-11']);
    expect(due('明天')).toEqual(['2026-03-12']);
    expect(due('后天')).toEqual(['2026-03-13']);
    expect(due('下周三')).toEqual(['2026-03-18']);
    expect(due('本周五')).toEqual(['2026-03-13']);
    expect(due('周一')).toEqual(['2026-03-16']);
    expect(due('下周')).toEqual(['2026-03-16']);
    expect(due('这周')).toEqual(['2026-03-13']);
  });
  it('resolves months and calendar dates', () => {
    expect(due('月底')).toEqual(['2026-03-31']);
    expect(due('下个月')).toEqual(['2026-04-01']);
    expect(due('月初')).toEqual(['2026-04-01']);
    expect(due('4月8日')).toEqual(['2026-04-08']);
    expect(due('2月1号')).toEqual(['2027-02-01']);
    expect(due('20号')).toEqual(['2026-03-20']);
    expect(due('5号')).toEqual(['2026-04-05']);
    expect(due('三天内')).toEqual(['2026-03-14']);
  });
  it('resolves English expressions', () => {
    expect(due('tomorrow')).toEqual(['2026-03-12']);
    expect(due('next Wednesday')).toEqual(['2026-03-18']);
    expect(due('by Friday')).toEqual(['2026-03-13']);
    expect(due('next week')).toEqual(['2026-03-16']);
    expect(due('end of month')).toEqual(['2026-03-31']);
    expect(due('in 3 days')).toEqual(['2026-03-14']);
    expect(due('March 20th')).toEqual(['2026-03-20']);
  });
  it('counts from the company time zone, not UTC', () => {
    // 2026-03-10 17:30 UTC is already the 11th in Shanghai.
    expect(due('明天', Date.parse('2026-03-10T17:30:00Z'))).toEqual(['2026-03-12']);
  });
  it('does not read frequencies, building numbers or words as dates', () => {
    expect(due('每周三次')).toEqual([]);
    expect(due('3号楼')).toEqual([]);
    expect(due('the market is monitored')).toEqual([]);
  });
});
