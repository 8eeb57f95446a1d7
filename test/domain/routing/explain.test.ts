import { describe, expect, it } from 'vitest';
import type { MatchedCondition } from '../../../src/domain/routing/decision.ts';
import { fullExplanation, oneLineReason } from '../../../src/domain/routing/explain.ts';
import { formatCondition } from '../../../src/domain/routing/explain-format.ts';
import { chooseOwner } from '../../../src/domain/routing/matcher.ts';
import { candidate, input, route, techSales } from './fixtures.ts';

const matched: MatchedCondition[] = [
  { field: 'budget', op: 'gte', expected: 500_000, actual: 600_000 },
  { field: 'industry', op: 'eq', expected: 'education', actual: 'education' },
];
const preferredSkills = ['技术方案'];
const edu = route({ label: '教育大单', preferredSkills });
// 李娜 is at her cap; the last lead went to 王强, so it is 张伟's turn.
const decision = chooseOwner(
  input({
    route: edu,
    candidates: [candidate('wang-qiang'), candidate('zhang-wei'), candidate('li-na', { openLeads: 8 }), candidate('chen-jie')],
    rotation: { edu: { 'wang-qiang': -1, 'zhang-wei': 1 } },
  }),
);
const zhangWeiSkills = ['技术方案', '教育行业'];

describe('one-line reason on the lead card', () => {
  it('names the matched values, the skill that fits and who was full, in zh-CN', () => {
    expect(decision).toMatchObject({ ownerId: 'zhang-wei' });
    expect(oneLineReason(decision, matched, 'zh-CN', zhangWeiSkills, preferredSkills)).toBe('预算 ≥ 50万 · 教育 · 你有『技术方案』技能; 李娜已满 8/8');
  });

  it('and in English', () => {
    expect(oneLineReason(decision, matched, 'en', zhangWeiSkills, preferredSkills)).toBe(
      'Budget ≥ ¥500,000 · education · you have the 技术方案 skill; 李娜 is full 8/8',
    );
  });

  it('falls back to the rotation when nothing else explains the choice', () => {
    const plain = chooseOwner(input());
    expect(oneLineReason(plain, [], 'zh-CN', [], [])).toBe('按轮转分配');
    expect(oneLineReason(plain, [], 'en', [], [])).toBe('Next in rotation');
  });

  it('lists two unavailable people and counts the rest; skips nobody uninteresting', () => {
    const d = chooseOwner(
      input({
        candidates: [
          candidate('wang-qiang', { timeOff: true }),
          candidate('zhang-wei', { assignedToday: 5 }),
          candidate('li-na', { onDuty: false }),
          candidate('chen-jie', { active: false }),
          candidate('wu-fang'),
        ],
        fallbackOwnerId: 'lin-xue',
      }),
    );
    expect(oneLineReason(d, [], 'zh-CN', [], [])).toBe('按轮转分配; 王强休假中、张伟今日已满 5/5、另有 1 人不可接');
    expect(oneLineReason(d, [], 'en', ['技术方案', '教育行业'], ['技术方案', '教育行业'])).toBe(
      'You have the 技术方案 and 教育行业 skills; 王强 is on leave, 张伟 is full for today 5/5, 1 more unavailable',
    );
  });

  it('says when the fallback owner got it, or nobody did', () => {
    const away = techSales.map((id) => candidate(id, { timeOff: true }));
    const fallback = chooseOwner(input({ candidates: away.slice(0, 1), fallbackOwnerId: 'lin-xue' }));
    expect(oneLineReason(fallback, matched, 'zh-CN', [], [])).toBe('无人可接，转兜底负责人; 王强休假中');
    const none = chooseOwner(input({ candidates: [candidate('li-na', { openLeads: 8 })], exclude: [] }));
    expect(oneLineReason(none, matched, 'en', [], [])).toBe('Unassigned; 李娜 is full 8/8');
  });
});

describe('"为什么是我? / Why me?"', () => {
  it('says when working hours did not narrow the choice because nobody was on duty', () => {
    const night = chooseOwner(input({ candidates: techSales.map((id) => candidate(id, { onDuty: false })) }));
    expect(fullExplanation(night, { matched, preferredSkills: [] }, 'zh-CN')).toContain('此刻无人在工作时间内，按轮转照常分配');
    expect(fullExplanation(decision, { matched, preferredSkills }, 'en').join('\n')).not.toContain('on duty');
  });

  it('lists the route with its values, every candidate and the rotation, in zh-CN', () => {
    expect(fullExplanation(decision, { routeLabel: '教育大单', matched, matchedTags: ['高意向'], preferredSkills }, 'zh-CN')).toEqual([
      '命中规则「教育大单」：预算 ≥ 50万（实际 60万） · 行业 = 教育 · 标签 高意向',
      '偏好技能『技术方案』：只在得分最高（1 项）的人中选',
      '· 王强：可接（偏好技能 1 项，权重 1）',
      '✓ 张伟：选中（偏好技能 1 项，权重 1）',
      '✗ 李娜已满 8/8（在跟进线索）',
      '· 陈杰：可接（偏好技能 0 项，权重 1）',
      '在 2 位同等人选中按权重轮转（王强、张伟），轮到 张伟',
    ]);
  });

  it('and in English, with weights when they differ', () => {
    const weighted = chooseOwner(input({ route: route({ weights: { 'li-na': 2 } }), candidates: [candidate('zhang-wei'), candidate('li-na')] }));
    expect(fullExplanation(weighted, { matched: [], preferredSkills: [] }, 'en')).toEqual([
      'Route "edu" matched (it takes every lead)',
      '· 张伟: eligible (weight 1)',
      '✓ 李娜: chosen (weight 2)',
      "Weighted rotation among 2 equals (张伟 ×1, 李娜 ×2); it was 李娜's turn",
    ]);
  });

  it('explains relaxed preferred skills, skipped people and the fallback', () => {
    const relaxed = chooseOwner(input({ route: route({ preferredSkills: ['制造业'] }), candidates: [candidate('li-na', { active: false }), candidate('chen-jie')] }));
    expect(fullExplanation(relaxed, { matched: [], preferredSkills: ['制造业'] }, 'en')).toEqual([
      'Route "edu" matched (it takes every lead)',
      'Nobody eligible has the preferred skills 制造业, so they were relaxed',
      '✗ 李娜 is deactivated',
      '✓ 陈杰: chosen (preferred skills 0, weight 1)',
      '陈杰 was the only one left',
    ]);
    const fallback = chooseOwner(input({ candidates: [candidate('zhang-wei')], exclude: ['zhang-wei'], fallbackOwnerId: 'lin-xue' }));
    expect(fullExplanation(fallback, { matched, preferredSkills: [], ownerName: '林雪' }, 'zh-CN').slice(1)).toEqual([
      '✗ 张伟之前负责过此线索',
      '无人可接，交给兜底负责人 林雪',
    ]);
    const empty = chooseOwner(input({ candidates: [] }));
    expect(fullExplanation(empty, { matched: [], preferredSkills: [] }, 'zh-CN').slice(1)).toEqual([
      '该规则没有候选人',
      '规则没有候选人，也没有兜底负责人',
    ]);
  });
});

describe('condition wording', () => {
  const f = (c: Partial<MatchedCondition>, locale: 'zh-CN' | 'en' = 'zh-CN', full = false) =>
    formatCondition({ field: 'budget', op: 'gte', expected: 0, actual: 0, ...c }, locale, full);

  it('formats money (万 in Chinese from 10,000), seconds, lists and unknown fields', () => {
    expect(f({ expected: 5000, actual: 8000 })).toBe('预算 ≥ ¥5,000');
    expect(f({ op: 'lte', expected: 125_000, actual: 1 })).toBe('预算 ≤ 12.5万');
    expect(f({ field: 'websiteDwellSeconds', expected: 300, actual: 420 }, 'en', true)).toBe('website dwell ≥ 300s (lead: 420s)');
    expect(f({ field: 'industry', op: 'in', expected: ['education', 'healthcare'], actual: 'healthcare' })).toBe('医疗');
    expect(f({ field: 'industry', op: 'in', expected: ['education', 'healthcare'], actual: 'healthcare' }, 'zh-CN', true)).toBe(
      '行业 ∈ 教育/医疗（实际 医疗）',
    );
    expect(f({ field: 'custom.size', op: 'eq', expected: 3, actual: 3 }, 'en')).toBe('custom.size = 3');
  });

  it('covers every operator of the rule engine, and negation', () => {
    expect(f({ op: 'between', expected: [100_000, 1_000_000], actual: 600_000 }, 'zh-CN', true)).toBe('预算 10万–100万（实际 60万）');
    expect(f({ field: 'notes', op: 'contains', expected: '机房', actual: '学校机房改造' })).toBe('备注含「机房」');
    expect(f({ field: 'contactTitle', op: 'matches', expected: '校长|主任', actual: '副校长' }, 'en')).toBe('title ~ /校长|主任/');
    expect(f({ field: 'phone', op: 'exists', expected: true, actual: '13800000000' }, 'zh-CN', true)).toBe('有电话');
    expect(f({ field: 'region', op: 'exists', expected: false, actual: null }, 'en', true)).toBe('no region');
    expect(f({ field: 'industry', op: 'eq', expected: 'retail', actual: 'education', negated: true })).toBe('非（行业 = 零售）');
    expect(f({ field: 'industry', op: 'eq', expected: 'retail', actual: 'education', negated: true }, 'en', true)).toBe(
      'not (industry = retail) (lead: education)',
    );
    expect(f({ op: 'near', expected: 1, actual: 2 }, 'en')).toBe('budget near ¥1');
  });
});
