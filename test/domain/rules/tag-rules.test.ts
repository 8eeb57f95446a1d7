import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RuleSubject } from '../../../src/domain/rules/compile-condition.ts';
import { compileTagRules, rulesVersion } from '../../../src/domain/rules/tag-rules.ts';
import { parseLeadRules, type LeadRules } from '../../../src/domain/rules/validate.ts';

const LEADS_YAML = `
customFields:
  - { key: schoolSize, label: { zh: 学校规模, en: School size }, type: number, min: 0 }
score: { base: 10 }
tags:
  - key: high-intent-tech
    label: { zh: 高意向-需技术协同, en: High intent – needs tech support }
    points: 30
    when:
      all:
        - { field: industry, eq: education }
        - { field: budget, gte: 500000 }
        - { field: contactTitle, in: [校长, 信息中心主任] }
  - key: mid-potential-case
    label: { zh: 中潜力-需案例背书, en: Mid potential – needs a case study }
    points: 10
    when:
      all:
        - { field: budget, between: [100000, 499999] }
        - any: [ { field: websiteDwellSeconds, gte: 300 }, { field: interactionCount, gte: 3 } ]
  - key: long-cycle-exec
    label: { zh: 长周期-需高层拜访, en: Long cycle – needs an executive visit }
    when:
      all:
        - { field: decisionChainSize, gte: 4 }
        - not: { field: source, eq: 展会 }
`;

function rules(yamlText = LEADS_YAML): LeadRules {
  const r = parseLeadRules(parse(yamlText));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const compile = (r: LeadRules) => compileTagRules(r.tags, r.customFields, r.score);

const lead = (over: RuleSubject = {}): RuleSubject => ({
  company: '上海某中学', contactName: '王校长', contactTitle: '校长', industry: 'education', budget: 600_000,
  websiteDwellSeconds: 120, decisionChainSize: 2, interactionCount: 1, ...over,
});

describe('tag rules', () => {
  const compiled = compile(rules());

  it('the education example: industry = education AND budget ≥ 500,000 AND title in [校长, 信息中心主任]', () => {
    const r = compiled.evaluate(lead());
    expect(r).toEqual({
      score: 40,
      tags: [
        {
          key: 'high-intent-tech',
          label: { zh: '高意向-需技术协同', en: 'High intent – needs tech support' },
          points: 30,
          matched: [
            { field: 'industry', op: 'eq', expected: 'education', actual: 'education' },
            { field: 'budget', op: 'gte', expected: 500000, actual: 600000 },
            { field: 'contactTitle', op: 'in', expected: ['校长', '信息中心主任'], actual: '校长' },
          ],
        },
      ],
    });
    expect(compiled.evaluate(lead({ contactTitle: '教务处主任' })).tags).toEqual([]);
    expect(compiled.evaluate(lead({ budget: 499_999 })).tags.map((t) => t.key)).toEqual([]);
    expect(compiled.evaluate(lead({ industry: 'healthcare' })).score).toBe(10);
  });

  it('several tags at once, scored as base + points', () => {
    const r = compiled.evaluate(lead({ budget: 200_000, interactionCount: 5, decisionChainSize: 6 }));
    expect(r.tags.map((t) => t.key)).toEqual(['mid-potential-case', 'long-cycle-exec']);
    expect(r.score).toBe(10 + 10 + 0);
    expect(r.tags[1]?.matched).toEqual([
      { field: 'decisionChainSize', op: 'gte', expected: 4, actual: 6 },
      { field: 'source', op: 'eq', expected: '展会', actual: null, negated: true },
    ]);
    expect(compiled.evaluate(lead({ decisionChainSize: 6, source: '展会' })).tags.map((t) => t.key)).toEqual(['high-intent-tech']);
  });

  it('no score section: the score is the sum of points', () => {
    const r = rules();
    expect(compileTagRules(r.tags, r.customFields).evaluate(lead()).score).toBe(30);
  });
});

describe('rule-set version', () => {
  const v = compile(rules()).version;

  it('is short, stable and independent of key order', () => {
    expect(v).toMatch(/^r-[0-9a-f]{8}$/);
    expect(compile(rules()).version).toBe(v);
    const reordered = LEADS_YAML.replace('{ field: budget, gte: 500000 }', '{ gte: 500000, field: budget }')
      .replace('label: { zh: 高意向-需技术协同, en: High intent – needs tech support }', 'label: { en: High intent – needs tech support, zh: 高意向-需技术协同 }')
      .replace('score: { base: 10 }\n', '')
      .concat('score: { base: 10 }\n');
    expect(reordered).not.toBe(LEADS_YAML);
    expect(compile(rules(reordered)).version).toBe(v);
  });

  it('changes when a rule, a label, the points or the base score changes', () => {
    const variants = [
      LEADS_YAML.replace('gte: 500000', 'gte: 500001'),
      LEADS_YAML.replace('en: High intent – needs tech support', 'en: High intent'),
      LEADS_YAML.replace('points: 30', 'points: 31'),
      LEADS_YAML.replace('base: 10', 'base: 0'),
      LEADS_YAML.replace('[校长, 信息中心主任]', '[校长]'),
    ];
    const versions = new Set([v, ...variants.map((y) => compile(rules(y)).version)]);
    expect(versions.size).toBe(variants.length + 1);
  });

  it('treats absent points and base as 0', () => {
    const r = rules();
    expect(rulesVersion(r.tags, {})).toBe(rulesVersion(r.tags, { base: 0 }));
    expect(rulesVersion(r.tags.map((t) => ({ ...t, points: t.points ?? 0 })), r.score)).toBe(v);
  });
});

describe('performance (printed, not asserted)', () => {
  it('compiles once and evaluates 100,000 leads', () => {
    const r = rules(LEADS_YAML.replace('tags:\n', `tags:
  - key: school-text
    label: { zh: 学校, en: School }
    when:
      all:
        - { field: company, matches: '学校|中学' }
        - { field: notes, contains: 招标 }
        - { field: custom.schoolSize, between: [1000, 5000] }
        - { field: email, exists: true }
`));
    const t0 = performance.now();
    const compiled = compile(r);
    const t1 = performance.now();
    const leads = Array.from({ length: 100_000 }, (_, i) =>
      lead({
        budget: (i * 7919) % 1_000_000, websiteDwellSeconds: i % 600, interactionCount: i % 7, decisionChainSize: i % 8,
        contactTitle: i % 3 ? '校长' : '采购', company: i % 2 ? '某中学' : '某公司', notes: i % 5 ? '' : '年底招标',
        email: i % 4 ? 'a@b.cn' : undefined, custom: { schoolSize: i % 6000 }, source: i % 9 ? '官网' : '展会',
      }),
    );
    let tagged = 0;
    const t2 = performance.now();
    for (const l of leads) tagged += compiled.evaluate(l).tags.length;
    const t3 = performance.now();
    console.log(
      `tag rules: compile ${(t1 - t0).toFixed(2)} ms; 100,000 leads × ${r.tags.length} rules in ${(t3 - t2).toFixed(1)} ms ` +
        `(${Math.round(100_000 / ((t3 - t2) / 1000)).toLocaleString('en')} leads/s, ${tagged} tags)`,
    );
    expect(tagged).toBeGreaterThan(0);
  });
});
