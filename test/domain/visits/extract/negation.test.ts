import { describe, expect, it } from 'vitest';
import { painKeys } from './helpers.ts';

describe('negation', () => {
  it('drops a pain a preceding negator in the same clause denies', () => {
    expect(painKeys('没有出现过宕机')).toEqual([]);
    expect(painKeys('老板不担心价格太高')).toEqual([]);
    expect(painKeys('there was no downtime this year')).toEqual([]);
    expect(painKeys('no complaints about slow support')).toEqual([]);
  });
  it('scopes the negator to its clause', () => {
    expect(painKeys('不担心价格，但是经常宕机')).toEqual(['equipment_failure_high']);
    expect(painKeys('Not a fan of the demo, downtime is a big deal')).toEqual(['equipment_failure_high']);
  });
  it('keeps double negatives positive', () => {
    expect(painKeys('并不是没有故障')).toEqual(['equipment_failure_high']);
    expect(painKeys('不是没有预算')).toEqual([]);
  });
  it('does not read 不 inside words as a negation', () => {
    expect(painKeys('系统不断掉线')).toEqual(['equipment_failure_high']);
    expect(painKeys('不少老师不会用')).toEqual(['training_lacking']);
    expect(painKeys('质量不稳定')).toEqual(['quality_inconsistent']);
    expect(painKeys('非常担心宕机')).toEqual(['equipment_failure_high']);
  });
  it('honours dismissals after the phrase and in the next clause', () => {
    expect(painKeys('故障率不高')).toEqual([]);
    expect(painKeys('交期没问题')).toEqual([]);
    expect(painKeys("Lead time isn't the problem")).toEqual([]);
    expect(painKeys("The price is high, but that's not an issue for them")).toEqual([]);
    expect(painKeys('价格偏高，这倒不是问题')).toEqual([]);
  });
  it('skips hypothetical clauses but not 主要是', () => {
    expect(painKeys('万一设备停机就麻烦了')).toEqual([]);
    expect(painKeys('If there is downtime they lose a day')).toEqual([]);
    expect(painKeys('主要是账期长')).toEqual(['payment_terms_long']);
  });
});
