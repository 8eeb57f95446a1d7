import { describe, expect, it } from 'vitest';
import { extract } from './helpers.ts';

describe('next action', () => {
  it('reads the issue example', () => {
    const r = extract('拜访 上海市实验中学：信息中心主任说机房服务器去年宕机五次，每次停两天；他们现在用的是华为的方案，合同明年到期；下周三要我们带工程师过来做技术交流。', {
      stage: 'qualified',
      customerType: 'school',
    });
    expect(r.painPoints).toEqual([{ key: 'equipment_failure_high', evidence: '宕机五次' }]);
    expect(r.quantities.map((q) => [q.value, q.unit])).toEqual([[5, 'times'], [2, 'day']]);
    expect(r.competitors.map((c) => [c.key, c.stance])).toEqual([['huawei', 'incumbent']]);
    expect(r.nextAction).toMatchObject({ key: 'tech_exchange', due: '2026-03-18', allowedInStage: true });
  });
  it('tells whether the action is allowed at the stage', () => {
    expect(extract('下周安排见院长', { stage: 'qualified' }).nextAction).toMatchObject({ key: 'decision_maker_meeting', allowedInStage: false });
    expect(extract('下周安排见院长', { stage: 'negotiation' }).nextAction?.allowedInStage).toBe(true);
    expect(extract('下周安排见院长').nextAction?.allowedInStage).toBe(true);
  });
  it('skips past, negated and competitor actions', () => {
    expect(extract('上周已经做过技术交流').nextAction).toBeNull();
    expect(extract('暂时不用报价').nextAction).toBeNull();
    expect(extract('华为报价很低').nextAction).toBeNull();
  });
  it('needs a date or a future cue', () => {
    expect(extract('training sessions would help').nextAction).toBeNull();
    expect(extract('Send a proposal.').nextAction).toMatchObject({ key: 'send_proposal' });
  });
  it('picks the earliest dated action among several', () => {
    expect(extract('Principal asked for a site visit tomorrow and a proposal by end of month.').nextAction).toMatchObject({ key: 'site_survey', due: '2026-03-12' });
  });
  it('does not read an action inside a longer pain phrase', () => {
    expect(extract('报价高，下周再说').nextAction).toBeNull();
  });
});
