import { describe, expect, it } from 'vitest';
import { extract } from './helpers.ts';

const stances = (t: string) => extract(t).competitors.map((c) => `${c.key}:${c.stance}`);

describe('competitors', () => {
  it('reads stance cues in the clause', () => {
    expect(stances('他们用的是华为')).toEqual(['huawei:incumbent']);
    expect(stances('在看锐捷的样品')).toEqual(['ruijie:evaluating']);
    expect(stances('新华三没入围')).toEqual(['h3c:ruled_out']);
    expect(stances('主任提到联影')).toEqual(['united_imaging:mentioned']);
    expect(stances("They've been on Huawei until now")).toEqual(['huawei:incumbent']);
    expect(stances('GE was ruled out')).toEqual(['ge_healthcare:ruled_out']);
  });
  it('gives each competitor of a clause its nearest cue, lists share one', () => {
    expect(stances('锐捷没入围，新华三在评估')).toEqual(['ruijie:ruled_out', 'h3c:evaluating']);
    expect(stances('Siemens and United Imaging are still in the running')).toEqual(['siemens_healthineers:evaluating', 'united_imaging:evaluating']);
  });
  it('matches Traditional aliases', () => {
    expect(stances('目前用的是銳捷')).toEqual(['ruijie:incumbent']);
  });
  it('skips integration targets unless the clause is about the vendor as a competitor', () => {
    expect(stances('要对接西门子的PACS')).toEqual([]);
    expect(stances('need to integrate with Huawei cloud')).toEqual([]);
    expect(stances('现在用的是海康的平台，需要和海康平台对接')).toEqual(['hikvision:incumbent']);
  });
  it('keeps the strongest stance when a competitor comes back', () => {
    expect(stances('在用华为。华为也报价了')).toEqual(['huawei:incumbent']);
  });
  it('does not take GE out of other words', () => {
    expect(stances('We need a bigger budget')).toEqual([]);
  });
});
