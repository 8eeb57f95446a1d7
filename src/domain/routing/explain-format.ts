/** Renders the rule conditions a route matched ("预算 ≥ 50万", "education") in zh-CN or en. @module */
import type { Locale } from '../../config/company.ts';
import { money } from '../../i18n.ts';
import type { MatchedCondition } from './decision.ts';

/** The lead-intake fields (design.md §3) by name; other fields show as written in the rule. */
const FIELD_LABELS = new Map<string, Record<Locale, string>>([
  ['budget', { 'zh-CN': '预算', en: 'budget' }],
  ['industry', { 'zh-CN': '行业', en: 'industry' }],
  ['websiteDwellSeconds', { 'zh-CN': '官网停留', en: 'website dwell' }],
  ['decisionChainSize', { 'zh-CN': '决策链', en: 'decision chain' }],
  ['interactionCount', { 'zh-CN': '互动次数', en: 'interactions' }],
  ['contactTitle', { 'zh-CN': '职位', en: 'title' }],
  ['region', { 'zh-CN': '地区', en: 'region' }],
  ['source', { 'zh-CN': '来源', en: 'source' }],
  ['company', { 'zh-CN': '公司', en: 'company' }],
  ['contactName', { 'zh-CN': '联系人', en: 'contact' }],
  ['phone', { 'zh-CN': '电话', en: 'phone' }],
  ['email', { 'zh-CN': '邮箱', en: 'e-mail' }],
  ['notes', { 'zh-CN': '备注', en: 'notes' }],
]);

/** Industry keys arrive in English (`education`); a zh-CN reader sees the Chinese word. */
const INDUSTRY_ZH = new Map([
  ['education', '教育'],
  ['healthcare', '医疗'],
  ['medical', '医疗'],
  ['manufacturing', '制造业'],
  ['retail', '零售'],
  ['finance', '金融'],
  ['government', '政府'],
  ['energy', '能源'],
  ['logistics', '物流'],
]);

/** CNY for a reason line: zh drops "¥" once the amount reads in 万 (预算 ≥ 50万). */
export function amount(value: number, locale: Locale): string {
  const text = money(value, locale);
  return locale === 'zh-CN' && value >= 10_000 ? text.slice(1) : text;
}

export function fieldLabel(field: string, locale: Locale): string {
  return FIELD_LABELS.get(field)?.[locale] ?? field;
}

export function formatValue(field: string, value: unknown, locale: Locale): string {
  if (Array.isArray(value)) return value.map((v) => formatValue(field, v, locale)).join('/');
  if (typeof value === 'number') {
    if (field === 'budget') return amount(value, locale);
    if (field === 'websiteDwellSeconds') return locale === 'zh-CN' ? `${value}秒` : `${value}s`;
    return String(value);
  }
  if (typeof value === 'string') return (locale === 'zh-CN' && field === 'industry' && INDUSTRY_ZH.get(value)) || value;
  if (typeof value === 'boolean') return locale === 'zh-CN' ? (value ? '是' : '否') : value ? 'yes' : 'no';
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

/**
 * One condition, for the rule engine's operators (eq in gte lte between contains matches
 * exists; `negated` under a `not`). Short (the lead card): "预算 ≥ 50万", and for eq/in just the
 * value, "教育". Full ("Why me?"): the rule, and the lead's value when it differs.
 */
export function formatCondition(c: MatchedCondition, locale: Locale, full = false): string {
  // No named inner helpers in here: under tsx (esbuild keepNames) each one costs a
  // defineProperty per call, and every lead card formats its conditions.
  if (!full && !c.negated && (c.op === 'eq' || c.op === 'in') && typeof c.actual === 'string') return formatValue(c.field, c.actual, locale);
  const rule = ruleText(c, fieldLabel(c.field, locale), locale);
  const shown = c.negated ? (locale === 'zh-CN' ? `非（${rule}）` : `not (${rule})`) : rule;
  const actual = formatValue(c.field, c.actual, locale);
  // `exists` would only repeat the value itself (a phone number, say): no need to show it.
  if (!full || c.op === 'exists' || actual === '' || actual === formatValue(c.field, c.expected, locale)) return shown;
  return locale === 'zh-CN' ? `${shown}（实际 ${actual}）` : `${shown} (lead: ${actual})`;
}

function ruleText(c: MatchedCondition, label: string, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const expected = c.op === 'between' && Array.isArray(c.expected) ? c.expected.map((v) => formatValue(c.field, v, locale)).join('–') : formatValue(c.field, c.expected, locale);
  switch (c.op) {
    case 'eq':
      return `${label} = ${expected}`;
    case 'in':
      return `${label} ∈ ${expected}`;
    case 'gte':
      return `${label} ≥ ${expected}`;
    case 'lte':
      return `${label} ≤ ${expected}`;
    case 'between':
      return `${label} ${expected}`;
    case 'contains':
      return zh ? `${label}含「${expected}」` : `${label} contains "${expected}"`;
    case 'matches':
      return `${label} ~ /${expected}/`;
    case 'exists':
      return c.expected === false ? (zh ? `无${label}` : `no ${label}`) : zh ? `有${label}` : `has ${label}`;
    default:
      // An operator added to the rule engine later still reads, if plainly.
      return `${label} ${c.op} ${expected}`;
  }
}
