import { describe, expect, it } from 'vitest';
import { customFieldsSchema, validateCustomFields } from '../../../src/domain/rules/custom-fields.ts';

const declared = customFieldsSchema.parse([
  { key: 'schoolSize', label: { zh: '学校规模', en: 'School size' }, type: 'number', required: true, min: 1, max: 100000 },
  { key: 'ownership', label: { zh: '办学性质', en: 'Ownership' }, type: 'enum', options: ['公立', '私立', '国际'] },
  { key: 'boarding', label: { zh: '寄宿', en: 'Boarding' }, type: 'boolean' },
  { key: 'erpCode', label: { zh: 'ERP 编号', en: 'ERP code' }, type: 'string', maxLength: 8 },
]);

describe('validateCustomFields', () => {
  it('accepts declared values and normalises text from forms and CSV', () => {
    expect(validateCustomFields(declared, { schoolSize: ' 1200 ', ownership: '公立', boarding: '是', erpCode: 42 })).toEqual({
      ok: true,
      value: { schoolSize: 1200, ownership: '公立', boarding: true, erpCode: '42' },
    });
    expect(validateCustomFields(declared, { schoolSize: 800, boarding: false, erpCode: '' })).toEqual({
      ok: true,
      value: { schoolSize: 800, boarding: false },
    });
  });

  it('names the missing required field, with its label', () => {
    expect(validateCustomFields(declared, undefined)).toEqual({
      ok: false,
      issues: [{ path: 'custom.schoolSize', message: 'required: 学校规模 (School size)' }],
    });
    expect(validateCustomFields(declared, { schoolSize: '  ' })).toMatchObject({ ok: false, issues: [{ path: 'custom.schoolSize' }] });
  });

  it('rejects unknown keys, listing the declared ones', () => {
    const r = validateCustomFields(declared, { schoolSize: 1, schoolSise: 2 });
    expect(r).toEqual({
      ok: false,
      issues: [{ path: 'custom.schoolSise', message: "unknown custom field 'schoolSise' (did you mean 'schoolSize'?); declared: schoolSize, ownership, boarding, erpCode" }],
    });
    expect(validateCustomFields([], { x: 1 })).toMatchObject({ ok: false, issues: [{ path: 'custom.x', message: expect.stringContaining('declares none') }] });
  });

  it('gives the enum options, the number bounds and the type in the message', () => {
    const r = validateCustomFields(declared, { schoolSize: 0, ownership: '民办', boarding: 'maybe', erpCode: 'ABCDEFGHIJ' });
    expect(r.ok ? [] : r.issues).toEqual([
      { path: 'custom.schoolSize', message: 'must be at least 1' },
      { path: 'custom.ownership', message: 'must be one of: 公立, 私立, 国际' },
      { path: 'custom.boarding', message: 'must be true or false' },
      { path: 'custom.erpCode', message: 'at most 8 characters' },
    ]);
    expect(validateCustomFields(declared, { schoolSize: '12 hundred' })).toMatchObject({ issues: [{ message: 'must be a number, e.g. 1200' }] });
    expect(validateCustomFields(declared, { schoolSize: 1e9 })).toMatchObject({ issues: [{ message: 'must be at most 100000' }] });
  });
});

describe('declaring custom fields', () => {
  it('rejects inconsistent declarations with their paths', () => {
    const r = customFieldsSchema.safeParse([
      { key: 'level', label: { zh: '级别', en: 'Level' }, type: 'enum' },
      { key: 'size', label: { zh: '规模', en: 'Size' }, type: 'string', options: ['a'], min: 1 },
      { key: 'size', label: { zh: '规模', en: 'Size' }, type: 'number', min: 5, max: 1 },
      { key: '9lives', label: { zh: 'x', en: 'x' }, type: 'date' },
    ]);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      '0.options: an enum field needs options, e.g. options: [公立, 私立, 国际]',
      '1.options: options only apply to type: enum',
      '1.min: min only applies to type: number',
      '2.max: max (1) must be at least min (5)',
      '3.key: use letters, digits or "_", starting with a letter (max 64), e.g. schoolSize',
      '3.type: type is one of: string, number, boolean, enum',
    ]);
  });

  it('rejects a key declared twice', () => {
    const f = { key: 'size', label: { zh: '规模', en: 'Size' }, type: 'number' };
    expect(customFieldsSchema.safeParse([f, f]).error?.issues).toMatchObject([{ path: [1, 'key'], message: "custom field 'size' is declared twice" }]);
  });
});
