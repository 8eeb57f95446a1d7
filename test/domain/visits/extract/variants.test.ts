import { describe, expect, it } from 'vitest';
import { phraseVariants } from '../../../../src/domain/visits/extract/lexicon.ts';
import { splitClauses } from '../../../../src/domain/visits/extract/clauses.ts';
import { normalize } from '../../../../src/domain/visits/extract/normalize.ts';
import { findQuantities } from '../../../../src/domain/visits/extract/quantities.ts';
import { findDates } from '../../../../src/domain/visits/extract/dates.ts';
import { extract, NOW, painKeys } from './helpers.ts';

const stances = (t: string) => extract(t).competitors.map((c) => `${c.key}:${c.stance}`);
const q = (t: string) => findQuantities(normalize(t), t).map((x) => `${x.value} ${x.unit}`);

describe('phrase variants', () => {
  it('lets a degree adverb sit before a one-character pain predicate', () => {
    expect(phraseVariants('发货慢', 'pain')).toContain('发货太慢');
    expect(painKeys('流程很长')).toEqual(['approval_process_slow']);
    expect(phraseVariants('宕机', 'pain')).toEqual(['宕机']);
  });
  it('lets a measure word sit inside a short verb-object action', () => {
    expect(extract('月底前出个方案').nextAction?.key).toBe('send_proposal');
  });
  it('matches the base form of an English verb phrase', () => {
    expect(painKeys('the units break down all the time')).toEqual(['equipment_failure_high']);
  });
});

describe('clause details', () => {
  it('keeps a 、 list in one clause and does not end a sentence at "Dr."', () => {
    const n = normalize('锐捷、新华三都报了价');
    expect(splitClauses(n)).toHaveLength(1);
    const e = normalize('Needs call with Dr. Wang tomorrow');
    expect(new Set(splitClauses(e).map((c) => c.sentence)).size).toBe(1);
  });
});

describe('stance and attribution across clauses', () => {
  it('a later subject-less clause can rule a competitor out or give it a stance', () => {
    expect(stances('之前考虑过锐捷，后来因为价格高排除了')).toEqual(['ruijie:ruled_out']);
    expect(stances('迈瑞在推国产替代，已经送了样品')).toEqual(['mindray:evaluating']);
  });
  it('a pain in such a clause is the competitor’s', () => {
    expect(painKeys('之前考虑过锐捷，后来因为价格高排除了')).toEqual([]);
  });
  it('reads 设备是X的 as the installed base', () => {
    expect(stances('那台CT是西门子的')).toEqual(['siemens_healthineers:incumbent']);
  });
  it('does not let a dismissal after a cue hide the cue', () => {
    expect(stances('校方对华为的方案评价不错')).toEqual(['huawei:evaluating']);
  });
});

describe('quantity and date details', () => {
  it('reads hyphenated English units, 十几万 and 一个半月, and not 一个 as a count', () => {
    expect(q('wants 120-day terms')).toEqual(['120 day']);
    expect(q('接口费十几万')).toEqual(['100000 CNY']);
    expect(q('要走一个半月')).toEqual(['1.5 month']);
    expect(q('一个问题拖一个礼拜')).toEqual(['1 week']);
  });
  it('reads tmrw and "on the 25th"', () => {
    const due = (t: string) => findDates(normalize(t), NOW, 'Asia/Shanghai').map((d) => d.date);
    expect(due('send pricing tmrw')).toEqual(['2026-03-12']);
    expect(due('call on the 25th')).toEqual(['2026-03-25']);
  });
});
