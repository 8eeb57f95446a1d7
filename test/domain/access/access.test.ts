/** The one access rule: owner, the owner's supervisor (own or team's), managers/admins, people a task hands a record to. */
import { describe, expect, it } from 'vitest';
import { loadCompany, personById } from '../../../src/config/company.ts';
import { actableOwners, mayAct, mayView, relationTo, visibleOwners } from '../../../src/domain/access/access.ts';

const company = loadCompany('examples/company.yaml');
const p = (id: string) => personById(company, id)!;

describe('access rule', () => {
  it('relates people to a record owned by 张伟', () => {
    const rec = { ownerId: 'zhang-wei' };
    expect(relationTo(company, p('zhang-wei'), rec)).toBe('owner');
    expect(relationTo(company, p('wang-qiang'), rec)).toBe('supervisor');
    expect(relationTo(company, p('li-na'), rec)).toBe('none');
    expect(relationTo(company, p('zhao-min'), rec)).toBe('none');
    expect(relationTo(company, p('lin-xue'), rec)).toBe('manager');
    expect(relationTo(company, p('zheng-hui'), rec)).toBe('none');
    expect(relationTo(company, p('zheng-hui'), { ...rec, handedTo: ['zheng-hui'] })).toBe('task');
  });

  it('co-owners (the owner of an open deal on a customer) act like the owner, and so do their supervisors', () => {
    const customer = { ownerId: 'zhang-wei', coOwners: ['liu-yang'] };
    expect(relationTo(company, p('liu-yang'), customer)).toBe('owner');
    expect(relationTo(company, p('zhao-min'), customer)).toBe('supervisor');
    expect(relationTo(company, p('huang-lei'), customer)).toBe('none');
  });

  it('acting needs owner or supervisor; viewing anything but none', () => {
    expect(mayAct('owner') && mayAct('supervisor')).toBe(true);
    expect(mayAct('manager') || mayAct('task') || mayAct('none')).toBe(false);
    expect(mayView('manager') && mayView('task')).toBe(true);
    expect(mayView('none')).toBe(false);
  });

  it('lists whose records a person sees and acts on', () => {
    expect(visibleOwners(company, p('lin-xue'))).toBe('all');
    expect(visibleOwners(company, p('zhang-wei'))).toEqual(['zhang-wei']);
    expect(new Set(visibleOwners(company, p('wang-qiang')) as string[])).toEqual(new Set(['wang-qiang', 'zhang-wei', 'li-na', 'chen-jie']));
    expect(actableOwners(company, p('lin-xue'))).toEqual(['lin-xue']);
  });
});
