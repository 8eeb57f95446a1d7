import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { conditionSchema } from '../../../src/domain/rules/condition-schema.ts';
import { compileTagRules, type TagRule } from '../../../src/domain/rules/tag-rules.ts';
import { RulesConfigError, parseLeadRules, ruleIssues } from '../../../src/domain/rules/validate.ts';

const issuesOf = (yamlText: string) => {
  const r = parseLeadRules(parse(yamlText));
  return r.ok ? [] : r.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

const tag = (key: string, when: string) => `  - key: ${key}\n    label: { zh: 标签, en: Tag }\n    when: ${when}\n`;

describe('bad rules are rejected with the YAML path and how to fix them', () => {
  it('unknown fields and operator/type mismatches on built-in fields', () => {
    const yaml = 'tags:\n' +
      tag('a', '{ field: budjet, gte: 500000 }') +
      tag('b', '{ field: industry, gte: 5 }') +
      tag('c', '{ all: [ { field: industry, eq: education }, { field: budget, gte: "500,000" } ] }') +
      tag('d', '{ all: [ { field: budget, gt: 5 } ] }');
    expect(issuesOf(yaml)).toEqual([
      "leads.tags.0.when.field: unknown field 'budjet' (did you mean 'budget'?); known fields: company, contactName, contactTitle, industry, " +
        'budget, websiteDwellSeconds, decisionChainSize, interactionCount, region, source, phone, email, notes, or custom.<key> for a declared custom field',
      "leads.tags.1.when.gte: operator 'gte' needs a number field; 'industry' is text (use eq, in, contains, matches, exists)",
      'leads.tags.2.when.all.1.gte: gte needs a number, e.g. gte: 500000 (no quotes or commas)',
      "leads.tags.3.when.all.0.gt: unknown key 'gt' (did you mean 'gte'?); operators: eq, in, gte, lte, between, contains, matches, exists",
    ]);
  });

  it('bad regexes, two operators in one leaf, a leaf without an operator, mixed node kinds', () => {
    const yaml = 'tags:\n' +
      tag('a', "{ field: company, matches: '(学校' }") +
      tag('b', '{ field: budget, gte: 1, lte: 9 }') +
      tag('c', '{ field: budget }') +
      tag('d', '{ any: [ { field: budget, gte: 1 } ], not: { field: source, eq: x } }') +
      tag('e', '{ field: budget, between: [5000, 1000] }');
    expect(issuesOf(yaml)).toEqual([
      'leads.tags.0.when.matches: Invalid regular expression: /(学校/u: Unterminated group; escape special characters such as ( [ . with \\',
      "leads.tags.1.when.lte: one operator per condition ('budget' has gte and lte); use between: [low, high] or list conditions under all",
      "leads.tags.2.when: 'budget' has no operator; add one of eq, in, gte, lte, between, contains, matches, exists",
      'leads.tags.3.when: one of all / any / not / field per condition; nest them, e.g. all: [ { field: …, eq: … }, { not: … } ]',
      'leads.tags.4.when.between: between needs [low, high] with low ≤ high',
    ]);
  });

  it('custom fields: undeclared, wrong operator for the type, values outside an enum', () => {
    const yaml = `
customFields:
  - { key: schoolSize, label: { zh: 学校规模, en: School size }, type: number }
  - { key: ownership, label: { zh: 办学性质, en: Ownership }, type: enum, options: [公立, 私立] }
tags:
${tag('a', '{ field: custom.schoolSise, gte: 1000 }')}${tag('b', '{ field: custom.ownership, contains: 公 }')}${tag('c', '{ not: { field: custom.ownership, in: [公立, 民办] } }')}${tag('d', '{ field: custom.schoolSize, eq: "1000" }')}`;
    expect(issuesOf(yaml)).toEqual([
      "leads.tags.0.when.field: unknown custom field 'custom.schoolSise' (did you mean 'custom.schoolSize'?); declare it under leads.customFields (declared: custom.schoolSize, custom.ownership)",
      "leads.tags.1.when.contains: operator 'contains' needs a text field; 'custom.ownership' is a choice (enum) (use eq, in, exists)",
      "leads.tags.2.when.not.in.1: '民办' is not an option of custom.ownership; options: 公立, 私立",
      "leads.tags.3.when.eq: 'custom.schoolSize' is a number; write 1000 without quotes or commas",
    ]);
  });

  it('duplicate tag keys, missing labels and bad points', () => {
    const yaml = `
tags:
  - { key: a, label: { zh: 甲, en: A }, when: { field: budget, gte: 1 } }
  - { key: a, label: { zh: 乙 }, when: { field: budget, gte: 2 }, points: lots }
  - { key: b, label: { zh: 丙, en: C } }
`;
    expect(issuesOf(yaml)).toEqual([
      'leads.tags.1.label.en: give the English label, e.g. en: School size',
      'leads.tags.1.points: points needs a number, e.g. points: 20',
      'leads.tags.2.when: required: a condition, { field: <name>, <operator>: <value> } or all / any / not',
    ]);
    expect(issuesOf('tags:\n' + tag('a', '{ field: budget, gte: 1 }') + tag('a', '{ field: budget, gte: 2 }'))).toEqual([
      "leads.tags.1.key: tag 'a' is defined twice; give each rule its own key",
    ]);
  });

  it('ignores the rest of the leads section and accepts a good one', () => {
    expect(parseLeadRules({ defaultOwner: 'zhang-wei' })).toEqual({ ok: true, value: { customFields: [], tags: [] } });
    expect(parseLeadRules(undefined)).toMatchObject({ ok: true });
  });
});

describe('ruleIssues and compileTagRules on already-parsed rules', () => {
  const tags: TagRule[] = [
    { key: 'ok', label: { zh: '好', en: 'OK' }, when: conditionSchema.parse({ field: 'budget', gte: 1 }) },
    { key: 'bad', label: { zh: '坏', en: 'Bad' }, when: conditionSchema.parse({ all: [{ field: 'budget', gte: 1 }, { field: 'custom.size', gte: 5 }] }) },
  ];

  it('ruleIssues gives paths from the leads section, or from a base of your choice', () => {
    expect(ruleIssues({ tags }).map((i) => i.path)).toEqual([['leads', 'tags', 1, 'when', 'all', 1, 'field']]);
    expect(ruleIssues({ tags }, []).map((i) => i.path)).toEqual([['tags', 1, 'when', 'all', 1, 'field']]);
  });

  it('compileTagRules refuses rules that did not validate', () => {
    expect(() => compileTagRules(tags)).toThrow(RulesConfigError);
    expect(() => compileTagRules(tags)).toThrow(/leads\.tags\.1\.when\.all\.1\.field: unknown custom field 'custom\.size'/);
    const size = { key: 'size', label: { zh: '规模', en: 'Size' }, type: 'number' as const, required: false };
    expect(compileTagRules(tags, [size]).evaluate({ budget: 5, custom: { size: 9 } }).tags.map((t) => t.key)).toEqual(['ok', 'bad']);
  });
});
