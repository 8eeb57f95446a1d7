/** Visit values: what the form reads, and the rules a visit must meet before anything is stored. */
import { describe, expect, it } from 'vitest';
import { loadCompany } from '../../../src/config/company.ts';
import { formValuesOf, readVisitForm } from '../../../src/domain/visits/form-values.ts';
import { validateVisit, type VisitValues } from '../../../src/domain/visits/visit.ts';

const { visits } = loadCompany('examples/company.yaml');
const ctx = { stage: 'qualified', customerType: 'school', today: '2026-12-04' };

function values(v: Partial<VisitValues>): VisitValues {
  return { pains: [{ key: 'equipment_failure_high', source: 'form' }], competitors: [], noCompetitor: true, nextAction: null, quantities: [], note: null, ...v };
}

describe('validateVisit', () => {
  it('accepts a complete visit', () => {
    expect(validateVisit(visits, values({ nextAction: { key: 'tech_exchange', due: '2026-12-09', source: 'form' } }), ctx)).toEqual([]);
  });

  it('needs a pain of the customer type and a competitor answer', () => {
    expect(validateVisit(visits, values({ pains: [], noCompetitor: false }), ctx).map((i) => `${i.field}:${i.code}`)).toEqual(['pains:required', 'competitors:required']);
    const hospitalOnly = validateVisit(visits, values({ pains: [{ key: 'insurance_payment_limit', source: 'form' }] }), ctx);
    expect(hospitalOnly[0]).toMatchObject({ field: 'pains', code: 'unknown', key: 'insurance_payment_limit' });
    expect(validateVisit(visits, values({ competitors: [{ key: 'huawei', name: '华为', stance: 'incumbent', source: 'form' }] }), ctx)[0]).toMatchObject({ code: 'none_and_named' });
  });

  it('refuses an action the stage does not allow, listing the allowed ones', () => {
    const [issue] = validateVisit(visits, values({ nextAction: { key: 'spec_comparison', source: 'form' } }), ctx);
    expect(issue).toMatchObject({ field: 'nextAction', code: 'not_allowed', key: 'spec_comparison' });
    expect(issue && 'allowed' in issue && issue.allowed).toEqual(expect.arrayContaining(['tech_exchange', 'needs_call', 'follow_up']));
    expect(validateVisit(visits, values({ nextAction: { key: 'spec_comparison', source: 'form' } }), { ...ctx, stage: 'solution_comparison' })).toEqual([]);
  });

  it('checks the due date and the note length', () => {
    const due = (d: string) => validateVisit(visits, values({ nextAction: { key: 'tech_exchange', due: d, source: 'form' } }), ctx).map((i) => i.code);
    expect(due('2026-02-30')).toEqual(['invalid']);
    expect(due('2026-12-03')).toEqual(['past']);
    expect(due('2026-12-04')).toEqual([]);
    expect(validateVisit(visits, values({ note: '长'.repeat(2001) }), ctx)).toMatchObject([{ field: 'note', code: 'too_long', length: 2001 }]);
    expect(validateVisit(visits, values({ note: '长'.repeat(2000) }), ctx)).toEqual([]);
  });

  it('needs a name for 其他 and a known stance', () => {
    expect(validateVisit(visits, values({ noCompetitor: false, competitors: [{ key: 'other:', name: '', stance: 'mentioned', source: 'form' }] }), ctx)[0]).toMatchObject({ code: 'other_without_name' });
    expect(validateVisit(visits, values({ noCompetitor: false, competitors: [{ key: 'huawei', name: '华为', stance: 'friendly' as never, source: 'form' }] }), ctx)[0]).toMatchObject({ code: 'bad_stance' });
  });
});

describe('readVisitForm', () => {
  it('reads slots, stances, 其他 names and the action', () => {
    const v = readVisitForm(visits, { pains: ['price_too_high', 'budget_tight'], competitor_1: 'huawei', stance_1: 'incumbent', competitor_2: 'other', stance_2: 'evaluating', competitor_other: '某某科技', action: 'tech_exchange', due: '2026-12-09', note: ' 很好 ' });
    expect(v.pains.map((p) => [p.key, p.source])).toEqual([['price_too_high', 'form'], ['budget_tight', 'form']]);
    expect(v.competitors).toEqual([
      { key: 'huawei', name: '华为', stance: 'incumbent', source: 'form' },
      { key: 'other:某某科技', name: '某某科技', stance: 'evaluating', source: 'form' },
    ]);
    expect(v).toMatchObject({ noCompetitor: false, nextAction: { key: 'tech_exchange', due: '2026-12-09', source: 'form' }, note: '很好' });
    expect(readVisitForm(visits, { pains: 'price_too_high', competitor_1: 'none' })).toMatchObject({ noCompetitor: true, competitors: [], nextAction: null });
  });

  it('keeps a draft\'s values as `note` with their evidence, and marks what the rep changed as `corrected`', () => {
    const base = values({ pains: [{ key: 'price_too_high', source: 'note', evidence: '价格太高' }], noCompetitor: false, competitors: [{ key: 'ruijie', name: '锐捷', stance: 'evaluating', source: 'note', evidence: '在看锐捷' }], nextAction: { key: 'tech_exchange', source: 'note' }, note: 'n' });
    const form = formValuesOf(base);
    expect(form).toMatchObject({ pains: ['price_too_high'], competitor_1: 'ruijie', stance_1: 'evaluating', action: 'tech_exchange', note: 'n' });
    const v = readVisitForm(visits, { ...form, pains: ['price_too_high', 'budget_tight'], stance_1: 'incumbent' }, base);
    expect(v.pains).toEqual([{ key: 'price_too_high', source: 'note', evidence: '价格太高' }, { key: 'budget_tight', source: 'corrected' }]);
    expect(v.competitors[0]).toMatchObject({ key: 'ruijie', stance: 'incumbent', source: 'corrected' });
    expect(v.nextAction).toMatchObject({ key: 'tech_exchange', source: 'note' });
  });
});
