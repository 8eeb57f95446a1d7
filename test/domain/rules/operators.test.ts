import { describe, expect, it } from 'vitest';
import { compileCondition, type RuleSubject } from '../../../src/domain/rules/compile-condition.ts';
import { conditionSchema } from '../../../src/domain/rules/condition-schema.ts';
import type { CustomField } from '../../../src/domain/rules/custom-fields.ts';
import type { Lead } from '../../../src/domain/leads/lead.ts';
import type { LeadInput } from '../../../src/domain/leads/lead-input.ts';

// Compile-time: the API input and the stored lead can both be evaluated.
const _subjects: RuleSubject[] = [{} as LeadInput, {} as Lead];
void _subjects;

const customFields: CustomField[] = [
  { key: 'schoolSize', label: { zh: '学校规模', en: 'School size' }, type: 'number', required: false },
  { key: 'ownership', label: { zh: '办学性质', en: 'Ownership' }, type: 'enum', required: false, options: ['公立', '私立'] },
  { key: 'boarding', label: { zh: '寄宿', en: 'Boarding' }, type: 'boolean', required: false },
];

const lead: RuleSubject = {
  company: '上海市第一中学', contactName: '王校长', contactTitle: '校长', industry: 'education', budget: 600_000,
  websiteDwellSeconds: 420, decisionChainSize: 3, interactionCount: 2, source: '官网', notes: 'Public TENDER in May',
  custom: { schoolSize: 1800, ownership: '公立', boarding: true },
};
// Same lead with every optional field absent.
const bare: RuleSubject = { ...lead, source: undefined, notes: undefined, custom: undefined };

const holds = (when: unknown, subject: RuleSubject = lead) => compileCondition(conditionSchema.parse(when), customFields).test(subject);

describe('each operator, true, false and on a missing value', () => {
  const cases: [string, unknown, unknown, string?][] = [
    // [name, condition that holds, condition that does not, optional field to test missing]
    ['eq text', { field: 'industry', eq: 'education' }, { field: 'industry', eq: 'Education' }],
    ['eq number', { field: 'budget', eq: 600000 }, { field: 'budget', eq: 600001 }],
    ['eq boolean', { field: 'custom.boarding', eq: true }, { field: 'custom.boarding', eq: false }, 'custom.boarding'],
    ['eq enum', { field: 'custom.ownership', eq: '公立' }, { field: 'custom.ownership', eq: '私立' }, 'custom.ownership'],
    ['eq optional', { field: 'source', eq: '官网' }, { field: 'source', eq: '展会' }, 'source'],
    ['in text', { field: 'contactTitle', in: ['校长', '信息中心主任'] }, { field: 'contactTitle', in: ['副校长'] }],
    ['in number', { field: 'decisionChainSize', in: [2, 3] }, { field: 'decisionChainSize', in: [4] }],
    ['gte', { field: 'budget', gte: 600000 }, { field: 'budget', gte: 600001 }],
    ['lte', { field: 'interactionCount', lte: 2 }, { field: 'interactionCount', lte: 1 }],
    ['between (inclusive)', { field: 'custom.schoolSize', between: [1000, 1800] }, { field: 'custom.schoolSize', between: [100, 1000] }, 'custom.schoolSize'],
    ['contains (case-insensitive)', { field: 'notes', contains: 'tender' }, { field: 'notes', contains: '招标' }, 'notes'],
    ['matches', { field: 'company', matches: '学校|中学' }, { field: 'company', matches: '^大学' }],
    ['exists true', { field: 'source', exists: true }, { field: 'region', exists: true }, 'source'],
  ];

  for (const [name, yes, no, optional] of cases) {
    it(name, () => {
      expect(holds(yes)).toBe(true);
      expect(holds(no)).toBe(false);
      if (optional) expect(holds(yes, bare)).toBe(false);
    });
  }

  it('exists: false holds only on a missing (absent, null or empty) value', () => {
    expect(holds({ field: 'region', exists: false })).toBe(true);
    expect(holds({ field: 'source', exists: false })).toBe(false);
    expect(holds({ field: 'source', exists: false }, { ...lead, source: '' })).toBe(true);
    expect(holds({ field: 'custom.schoolSize', exists: false }, bare)).toBe(true);
    expect(holds({ field: 'custom.schoolSize', exists: true }, { ...lead, custom: { schoolSize: 0 } })).toBe(true);
  });

  it('a leaf on a value of the wrong runtime type is false, never a crash', () => {
    expect(holds({ field: 'custom.schoolSize', gte: 1 }, { ...lead, custom: { schoolSize: '1800' } })).toBe(false);
    expect(holds({ field: 'notes', contains: 'x' }, { ...lead, notes: 42 })).toBe(false);
  });

  it('reads only own custom keys, not the prototype', () => {
    const fields: CustomField[] = [{ key: 'constructor', label: { zh: 'x', en: 'x' }, type: 'string', required: false }];
    const c = compileCondition(conditionSchema.parse({ field: 'custom.constructor', exists: true }), fields);
    expect(c.test({ ...lead, custom: {} })).toBe(false);
  });
});

describe('all / any / not', () => {
  const t = { field: 'industry', eq: 'education' };
  const f = { field: 'industry', eq: 'healthcare' };

  it('combine like AND, OR and NOT, nested', () => {
    expect(holds({ all: [t, t, t] })).toBe(true);
    expect(holds({ all: [t, f] })).toBe(false);
    expect(holds({ any: [f, f, t] })).toBe(true);
    expect(holds({ any: [f, f] })).toBe(false);
    expect(holds({ not: f })).toBe(true);
    expect(holds({ not: t })).toBe(false);
    expect(holds({ all: [t, { any: [f, { not: { all: [t, f] } }] }] })).toBe(true);
    expect(holds({ not: { any: [f, { not: t }] } })).toBe(true);
  });

  it('a not on a missing value holds', () => {
    expect(holds({ not: { field: 'source', eq: '展会' } }, bare)).toBe(true);
  });

  it('explain lists the leaves that held, and negated leaves under not', () => {
    const c = compileCondition(
      conditionSchema.parse({
        all: [
          { field: 'budget', gte: 500000 },
          { any: [{ field: 'websiteDwellSeconds', gte: 300 }, { field: 'interactionCount', gte: 3 }] },
          { not: { all: [{ field: 'source', eq: '展会' }, t] } },
        ],
      }),
    );
    expect(c.explain(lead)).toEqual([
      { field: 'budget', op: 'gte', expected: 500000, actual: 600000 },
      { field: 'websiteDwellSeconds', op: 'gte', expected: 300, actual: 420 },
      { field: 'source', op: 'eq', expected: '展会', actual: '官网', negated: true },
    ]);
    expect(c.explain({ ...lead, budget: 1 })).toEqual([]);
    expect(compileCondition(conditionSchema.parse({ not: { field: 'region', exists: true } })).explain(lead)).toEqual([
      { field: 'region', op: 'exists', expected: true, actual: null, negated: true },
    ]);
  });
});
