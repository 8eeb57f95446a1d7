import { describe, expect, it } from 'vitest';
import { findQuantities } from '../../../../src/domain/visits/extract/quantities.ts';
import { normalize } from '../../../../src/domain/visits/extract/normalize.ts';
import { parseZhNumber, findEnglishNumbers } from '../../../../src/domain/visits/extract/numerals.ts';

const q = (t: string) => findQuantities(normalize(t), t).map((x) => `${x.value} ${x.unit}${x.approx ? ' ~' : ''}`);

describe('numerals', () => {
  it('parses Chinese numerals including colloquial abbreviations', () => {
    expect(parseZhNumber('八十万')).toBe(800_000);
    expect(parseZhNumber('三千五')).toBe(3500);
    expect(parseZhNumber('一万二')).toBe(12_000);
    expect(parseZhNumber('一千二百万')).toBe(12_000_000);
    expect(parseZhNumber('二十五')).toBe(25);
    expect(parseZhNumber('三千零五')).toBe(3005);
    expect(parseZhNumber('二三')).toBeUndefined();
  });
  it('parses English number words', () => {
    expect(findEnglishNumbers('twenty-five staff').map((n) => n.value)).toEqual([25]);
    expect(findEnglishNumbers('three hundred and fifty units').map((n) => n.value)).toEqual([350]);
    expect(findEnglishNumbers('a dozen boxes').map((n) => n.value)).toEqual([12]);
  });
});

describe('quantities', () => {
  it('reads Arabic and Chinese counts with contract units', () => {
    expect(q('宕机五次，每次停两天')).toEqual(['5 times', '2 day']);
    expect(q('俩工程师，20台设备，3个月')).toEqual(['2 person', '20 unit', '3 month']);
    expect(q('3,000 units and five times')).toEqual(['3000 unit', '5 times']);
  });
  it('reads money in CNY and USD', () => {
    expect(q('预算八十万')).toEqual(['800000 CNY']);
    expect(q('1.5万块')).toEqual(['15000 CNY']);
    expect(q('budget is $80k')).toEqual(['80000 USD']);
  });
  it('reads percentages', () => {
    expect(q('一成半')).toEqual(['15 percent']);
    expect(q('百分之二十')).toEqual(['20 percent']);
    expect(q('about 20%')).toEqual(['20 percent ~']);
  });
  it('marks ranges and hedges approx', () => {
    expect(q('三千多箱')).toEqual(['3000 case ~']);
    expect(q('用了七八年')).toEqual(['7 year ~']);
    expect(q('三到五次')).toEqual(['3 times ~']);
    expect(q('十几次')).toEqual(['10 times ~']);
    expect(q('4 to 6 months')).toEqual(['4 month ~']);
  });
  it('skips idioms, dates, ordinals and model names', () => {
    expect(q('一直很好，万一坏了十分麻烦，一定要一起统一处理一下')).toEqual([]);
    expect(q('三天两头坏')).toEqual([]);
    expect(q('3月15日，2023年，第一次，金蝶K3，5G')).toEqual([]);
    expect(q('三天后再说')).toEqual([]);
    expect(q('一次都没坏过')).toEqual([]);
    expect(q('等了半天')).toEqual([]);
  });
  it('keeps evidence from the original text', () => {
    expect(findQuantities(normalize('兩萬臺'), '兩萬臺')[0]?.evidence).toBe('兩萬臺');
  });
});
