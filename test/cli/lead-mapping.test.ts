import { describe, expect, it } from 'vitest';
import { applyLeadMapping, leadMappingSchema, unmappedColumns } from '../../src/cli/lead-mapping.ts';

const mapping = leadMappingSchema.parse({
  kind: 'leads',
  columns: { company: '客户', budget: '预算', industry: '行业', 'custom.schoolSize': '规模' },
  values: { industry: { 教育: 'education' } },
  defaults: { interactionCount: 0, industry: 'other', 'custom.schoolSize': 1 },
});

describe('lead field mapping', () => {
  it('renames mapped columns, translates values, reads numbers and fills defaults only where nothing was given', () => {
    expect(applyLeadMapping({ 客户: '某中学', 预算: '1,200,000', 行业: ' 教育 ', 规模: '2400', 备注: 'x' }, mapping)).toEqual({
      company: '某中学',
      budget: 1_200_000,
      industry: 'education',
      interactionCount: 0,
      custom: { schoolSize: '2400' },
    });
    expect(applyLeadMapping({ 客户: '某厂', 预算: '', 行业: '制造' }, mapping)).toEqual({
      company: '某厂',
      industry: '制造', // no translation: left for the rules (and the dry run) to show
      interactionCount: 0,
      custom: { schoolSize: 1 },
    });
    expect(applyLeadMapping({ 预算: 'lots' }, mapping)).toMatchObject({ budget: 'lots' }); // the validator names it
  });

  it('lists the columns a file has that the mapping leaves out', () => {
    expect(unmappedColumns([{ 客户: 'a', 备注: 'x' }, { 负责人: 'y' }], mapping)).toEqual(['备注', '负责人']);
  });

  it('needs kind: leads and at least one column', () => {
    expect(leadMappingSchema.safeParse({ kind: 'leads', columns: {} }).error?.issues[0]?.message).toBe('map at least one column');
    expect(leadMappingSchema.safeParse({ columns: { company: 'x' } }).success).toBe(false);
  });
});
