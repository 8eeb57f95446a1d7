import { describe, expect, it } from 'vitest';
import { normalize } from '../../../../src/domain/visits/extract/normalize.ts';
import { splitClauses } from '../../../../src/domain/visits/extract/clauses.ts';
import { compileLexicon } from '../../../../src/domain/visits/extract/lexicon.ts';

describe('normalize', () => {
  it('folds full-width, case and Traditional script without changing the length', () => {
    const t = 'ＣＴ機經常當機，帳期ＯＫ';
    const n = normalize(t);
    expect(n).toBe('ct机经常当机,账期ok');
    expect(n.length).toBe(t.length);
  });
});

describe('splitClauses', () => {
  it('splits on Chinese and Latin punctuation and contrastive connectives, not inside numbers', () => {
    const n = normalize('预算1.5万，交期3,000台但是售后慢. Price is fine but support is slow');
    const parts = splitClauses(n).map((c) => n.slice(c.start, c.end));
    expect(parts).toEqual(['预算1.5万', '交期3,000台', '但是售后慢', 'price is fine', 'but support is slow']);
  });
  it('keeps 只不过 and 不过-less text in one clause', () => {
    const n = normalize('只不过价格高');
    expect(splitClauses(n)).toHaveLength(1);
  });
});

describe('compileLexicon', () => {
  const lex = compileLexicon([
    { kind: 'pain', key: 'a', phrase: 'GE' },
    { kind: 'pain', key: 'b', phrase: 'Defect' },
    { kind: 'pain', key: 'c', phrase: '故障' },
  ]);
  it('matches Latin phrases only at word boundaries, case-insensitively, with an optional plural s', () => {
    const keys = (t: string) => lex.scan(normalize(t)).map((h) => h.key);
    expect(keys('GE医疗')).toEqual(['a']);
    expect(keys('a large order')).toEqual([]);
    expect(keys('many DEFECTS found')).toEqual(['b']);
    expect(keys('defective')).toEqual([]);
    expect(keys('设备故障')).toEqual(['c']);
  });
});
