import { describe, expect, it } from 'vitest';
import { loadCompany, personById } from '../../src/config/company.ts';
import { decideAccept, decideDecline, type Lead } from '../../src/domain/leads/lead.ts';
import { parseLeadInput } from '../../src/domain/leads/lead-input.ts';

const company = loadCompany('examples/company.yaml');
const p = (id: string) => personById(company, id)!;
const lead = (over: Partial<Lead> = {}): Lead => ({
  id: 'L-1001', company: 'X', contactName: 'a', contactTitle: 'b', industry: 'education', budget: 1, websiteDwellSeconds: 0,
  decisionChainSize: 1, interactionCount: 0, custom: {}, ownerId: 'zhang-wei', status: 'assigned', acceptedBy: null,
  acceptedAt: null, createdAt: 0, updatedAt: 0, tags: [], score: 0, ruleVersion: null, routeId: null, assignmentSeq: 1,
  firstAssignedAt: 0, assignedAt: 0, firstTouchAt: null, firstTouchBy: null, touchChannel: null, openedAt: null, ...over,
});

describe('who may accept a lead', () => {
  it('the owner and the owner’s supervisor, nobody else, and only once', () => {
    expect(decideAccept(company, lead(), p('zhang-wei'))).toEqual({ ok: true });
    expect(decideAccept(company, lead(), p('wang-qiang'))).toEqual({ ok: true });
    expect(decideAccept(company, lead(), p('li-na'))).toEqual({ ok: false, reason: 'not_owner' });
    expect(decideAccept(company, lead(), p('zhao-min'))).toEqual({ ok: false, reason: 'not_owner' });
    expect(decideAccept(company, lead({ status: 'accepted' }), p('zhang-wei'))).toEqual({ ok: false, reason: 'already_accepted' });
  });

  it('"not mine" only from the owner, only before accepting (routing picks the next owner: see the flow tests)', () => {
    expect(decideDecline(lead(), p('zhang-wei'))).toEqual({ ok: true });
    expect(decideDecline(lead(), p('wang-qiang'))).toEqual({ ok: false, reason: 'not_owner' });
    expect(decideDecline(lead({ ownerId: 'wang-qiang' }), p('wang-qiang'))).toEqual({ ok: true });
    expect(decideDecline(lead({ status: 'accepted' }), p('zhang-wei'))).toEqual({ ok: false, reason: 'already_accepted' });
  });
});

describe('lead input', () => {
  const good = { company: '上海某中学', contactName: '王校长', contactTitle: '校长', industry: 'education', budget: 600000, websiteDwellSeconds: 420, decisionChainSize: 3, interactionCount: 2 };

  it('accepts the design.md fields', () => {
    expect(parseLeadInput(good)).toMatchObject({ ok: true, lead: { company: '上海某中学', budget: 600000 } });
  });

  it('names every bad field by path', () => {
    const r = parseLeadInput({ ...good, budget: -5, websiteDwellSeconds: 1.5, email: 'nope', company: '', extra: 1 });
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['budget', 'websiteDwellSeconds', 'email', 'company', 'extra']));
  });

  it('requires the six dimensions', () => {
    const { budget: _b, industry: _i, ...rest } = good;
    const r = parseLeadInput(rest);
    expect(r.ok ? [] : r.issues.map((i) => i.path).sort()).toEqual(['budget', 'industry']);
  });
});
