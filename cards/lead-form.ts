/**
 * The new-lead form of `/lead new`: the intake fields of design.md §3 plus every custom field
 * the company file declares. Slack shows it as inputs, WeCom as a signed H5 form, the console
 * inline; whatever the channel, the values come back as `lead.new.submit`.
 * @module
 */
import type { Card, CardInput } from './card.ts';
import type { Locale } from '../src/config/company.ts';
import type { CustomField } from '../src/domain/rules/custom-fields.ts';
import { formatValue } from '../src/domain/routing/explain-format.ts';

export const LEAD_NEW_SUBMIT = 'lead.new.submit';
export const OTHER_INDUSTRY = 'other';
/** Input ids of custom fields: `custom.<key>`, the same path the API reports issues under. */
export const CUSTOM_PREFIX = 'custom.';

/** Built-in inputs in form order, with their labels (also used to name fields in error replies). */
const BUILT_IN = {
  company: { 'zh-CN': '公司名称', en: 'Company' },
  contactName: { 'zh-CN': '联系人', en: 'Contact name' },
  contactTitle: { 'zh-CN': '联系人职位', en: 'Contact title' },
  industry: { 'zh-CN': '行业', en: 'Industry' },
  budget: { 'zh-CN': '预算（元）', en: 'Budget (CNY)' },
  websiteDwellSeconds: { 'zh-CN': '官网停留（秒）', en: 'Website dwell (seconds)' },
  decisionChainSize: { 'zh-CN': '决策链人数', en: 'Decision-makers' },
  interactionCount: { 'zh-CN': '互动次数', en: 'Interactions' },
  source: { 'zh-CN': '来源', en: 'Source' },
} as const satisfies Record<string, Record<Locale, string>>;

export type BuiltInInput = keyof typeof BUILT_IN;
/** Numeric inputs a rep rarely knows when typing a lead in from a call: blank means 0. */
export const ZERO_WHEN_BLANK: readonly BuiltInInput[] = ['websiteDwellSeconds', 'interactionCount'];
export const NUMBER_INPUTS: readonly BuiltInInput[] = ['budget', 'websiteDwellSeconds', 'decisionChainSize', 'interactionCount'];

export interface LeadFormOptions {
  /** Names this form; the submit carries it so submitting the same form twice creates one lead. */
  nonce: string;
  /** Industry keys for the select (the company's routes and materials); "other" is added. */
  industries: readonly string[];
  customFields: readonly CustomField[];
}

/** The label of an input id or an issue path (`budget`, `custom.schoolSize`), for replies. */
export function leadFieldLabel(path: string, locale: Locale, customFields: readonly CustomField[]): string {
  if (path.startsWith(CUSTOM_PREFIX)) {
    const field = customFields.find((f) => f.key === path.slice(CUSTOM_PREFIX.length));
    if (field) return locale === 'zh-CN' ? field.label.zh : field.label.en;
  }
  return Object.hasOwn(BUILT_IN, path) ? BUILT_IN[path as BuiltInInput][locale] : path;
}

function customInput(f: CustomField, locale: Locale): CardInput {
  const zh = locale === 'zh-CN';
  const base = { id: `${CUSTOM_PREFIX}${f.key}`, label: zh ? f.label.zh : f.label.en, required: f.required };
  switch (f.type) {
    case 'enum':
      return { kind: 'select', ...base, options: (f.options ?? []).map((o) => ({ value: o, label: o })) };
    case 'boolean':
      return { kind: 'select', ...base, options: [{ value: 'true', label: zh ? '是' : 'yes' }, { value: 'false', label: zh ? '否' : 'no' }] };
    case 'number': {
      const range = [f.min !== undefined ? `≥ ${f.min}` : '', f.max !== undefined ? `≤ ${f.max}` : ''].filter(Boolean).join(', ');
      return { kind: 'text', ...base, placeholder: range ? (zh ? `数字，${range}` : `a number, ${range}`) : zh ? '数字' : 'a number', maxLength: 32 };
    }
    case 'string':
      return { kind: 'text', ...base, maxLength: f.maxLength ?? 1000 };
  }
}

export function leadFormCard(locale: Locale, opts: LeadFormOptions): Card {
  const zh = locale === 'zh-CN';
  const label = (id: BuiltInInput) => BUILT_IN[id][locale];
  const text = (id: BuiltInInput, maxLength: number, required: boolean, placeholder?: string): CardInput => ({
    kind: 'text',
    id,
    label: label(id),
    required,
    maxLength,
    ...(placeholder ? { placeholder } : {}),
  });
  const industries = [...new Set(opts.industries.filter((i) => i !== OTHER_INDUSTRY))];
  const inputs: CardInput[] = [
    text('company', 200, true, zh ? '如 上海市实验中学' : 'e.g. Shanghai Experimental School'),
    text('contactName', 100, true),
    text('contactTitle', 100, true, zh ? '如 校长、信息中心主任' : 'e.g. principal, IT director'),
    {
      kind: 'select',
      id: 'industry',
      label: label('industry'),
      required: true,
      options: [
        ...industries.map((i) => ({ value: i, label: formatValue('industry', i, locale) })),
        { value: OTHER_INDUSTRY, label: zh ? '其他' : 'Other' },
      ],
    },
    text('budget', 32, true, zh ? '如 500000 或 50万' : 'e.g. 500000'),
    text('decisionChainSize', 8, true, zh ? '参与决策的人数，如 3' : 'people in the decision, e.g. 3'),
    text('websiteDwellSeconds', 12, false, zh ? '留空为 0' : 'blank = 0'),
    text('interactionCount', 8, false, zh ? '留空为 0' : 'blank = 0'),
    text('source', 100, false, zh ? '如 官网、展会、转介绍' : 'e.g. website, trade fair, referral'),
    ...opts.customFields.map((f) => customInput(f, locale)),
  ];
  return {
    key: `lead-form:${opts.nonce}`,
    version: 1,
    title: zh ? '新建线索' : 'New lead',
    subtitle: zh ? '提交后按分配规则自动分给最合适的销售' : 'On submit the lead is routed to the best-fit rep',
    form: { inputs, submit: { actionId: LEAD_NEW_SUBMIT, label: zh ? '提交' : 'Submit', value: opts.nonce } },
  };
}
