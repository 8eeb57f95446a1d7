import { describe, expect, it } from 'vitest';
import { extract, painKeys } from './helpers.ts';

describe('pains', () => {
  it('limits pains to the customer type when one is given', () => {
    const note = '门店系统对接不上，经常压货';
    expect(painKeys(note, { customerType: 'store' })).toEqual(['inventory_overstock']);
    expect(painKeys(note)).toEqual(['integration_difficulty', 'inventory_overstock']);
  });
  it('uses type-specific synonyms only for that type', () => {
    expect(painKeys('科室经费有限', { customerType: 'hospital' })).toEqual(['budget_tight']);
    expect(painKeys('科室经费有限', { customerType: 'school' })).toEqual([]);
  });
  it('stretches the evidence over the count right after the phrase', () => {
    expect(extract('机房服务器去年宕机五次').painPoints).toEqual([{ key: 'equipment_failure_high', evidence: '宕机五次' }]);
  });
  it('reads breakage frequency idioms as equipment failure', () => {
    expect(painKeys('打印机三天两头坏')).toEqual(['equipment_failure_high']);
    expect(painKeys('the scanner keeps breaking')).toEqual(['equipment_failure_high']);
  });
  it('reports each pain once', () => {
    expect(painKeys('宕机、死机、停机')).toEqual(['equipment_failure_high']);
  });
});

describe('attribution', () => {
  it('does not count a competitor’s price or delivery as our pain', () => {
    expect(painKeys('华为价格太高')).toEqual([]);
    expect(painKeys('Ruijie quoted low. Their lead time is long.')).toEqual([]);
  });
  it('keeps the pain when it is ours or a comparison with the competitor', () => {
    expect(painKeys('我们的交期太长，华为交期也长')).toEqual(['delivery_delay']);
    expect(painKeys('比华为贵了，客户嫌贵')).toEqual(['price_too_high']);
  });
  it('does not attribute "their" without a competitor in the note', () => {
    expect(painKeys('their lead time is long')).toEqual(['delivery_delay']);
  });
  it('keeps failure pains about the incumbent’s kit', () => {
    expect(painKeys('华为的设备老坏')).toEqual(['equipment_failure_high']);
  });
});
