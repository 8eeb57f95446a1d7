/** Customer helpers: size bands, contact merging, and the name closeness "did you mean" sorts by. */
import { describe, expect, it } from 'vitest';
import { mergeContacts, nameSimilarity, sizeBandOf } from '../../../src/domain/customers/customer.ts';
import { nearestCustomers } from '../../../src/services/customers/customers.ts';
import { normaliseCustomerName } from '../../../src/domain/customers/normalise-name.ts';
import { DEFAULT_SIZE_BANDS } from '../../../src/config/company.ts';
import type { Customer } from '../../../src/domain/customers/customer.ts';

const customer = (name: string): Customer => ({ id: name, name, nameKey: normaliseCustomerName(name), industry: null, region: null, customerType: 'school', sizeBand: null, ownerId: 'x', contacts: [], sourceLeadIds: [], externalRef: null, lastContactAt: null, custom: {}, createdAt: 0, updatedAt: 0 });

describe('customers', () => {
  it('bands budgets: the last band reached; none for no budget', () => {
    expect(sizeBandOf(DEFAULT_SIZE_BANDS, 600_000)).toBe('large');
    expect(sizeBandOf(DEFAULT_SIZE_BANDS, 99_999)).toBe('small');
    expect(sizeBandOf(DEFAULT_SIZE_BANDS, 2_000_000)).toBe('key_account');
    expect(sizeBandOf(DEFAULT_SIZE_BANDS, 0)).toBeNull();
    expect(sizeBandOf(DEFAULT_SIZE_BANDS, undefined)).toBeNull();
  });

  it('merges contacts by name, keeping what is known and adding what is new', () => {
    expect(mergeContacts([{ name: '王校长', title: '校长' }], [{ name: '王校长', phone: '1' }, { name: '李主任' }])).toEqual([{ name: '王校长', title: '校长', phone: '1' }, { name: '李主任' }]);
  });

  it('finds abbreviations, parts and typos, and not unrelated names', () => {
    const list = ['上海市实验中学', '复旦大学附属中学', '上海市第一人民医院', '杭州联华华商集团有限公司'].map(customer);
    const near = (typed: string) => nearestCustomers(list, normaliseCustomerName(typed), 3).map((c) => c.name);
    expect(near('复旦附中')[0]).toBe('复旦大学附属中学');
    expect(near('实验中学')[0]).toBe('上海市实验中学');
    expect(near('上海市实验中校')[0]).toBe('上海市实验中学');
    expect(near('联华华商')[0]).toBe('杭州联华华商集团有限公司');
    expect(near('北京协和医院')).toEqual([]);
    expect(nameSimilarity('abc', 'abc')).toBe(1);
  });
});
