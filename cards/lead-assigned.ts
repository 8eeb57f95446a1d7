/**
 * The lead card a rep receives: key facts and 接收 / 不是我的 buttons; once acted on, the
 * same card (same key, next version) carries a status line and no buttons.
 * @module
 */
import type { Card } from './card.ts';
import type { Locale } from '../src/config/company.ts';
import type { Lead } from '../src/domain/leads/lead.ts';
import { money, type Localized } from '../src/i18n.ts';

export const LEAD_ACCEPT = 'lead.accept';
export const LEAD_DECLINE = 'lead.decline';

const L = {
  title: { 'zh-CN': (c: string) => `新线索：${c}`, en: (c: string) => `New lead: ${c}` },
  company: { 'zh-CN': () => '公司', en: () => 'Company' },
  contact: { 'zh-CN': () => '联系人', en: () => 'Contact' },
  industry: { 'zh-CN': () => '行业', en: () => 'Industry' },
  budget: { 'zh-CN': () => '预算', en: () => 'Budget' },
  source: { 'zh-CN': () => '来源', en: () => 'Source' },
  region: { 'zh-CN': () => '地区', en: () => 'Region' },
  accept: { 'zh-CN': () => '接收', en: () => 'Accept' },
  decline: { 'zh-CN': () => '不是我的', en: () => 'Not mine' },
  subtitle: { 'zh-CN': (id: string) => `线索 ${id} · 请尽快接收`, en: (id: string) => `Lead ${id} · please accept soon` },
} satisfies Record<string, Localized<never[]> | Localized<[string]>>;

export type LeadCardState =
  | { kind: 'open' }
  | { kind: 'accepted'; byName: string; at: string }
  | { kind: 'declined'; toName: string; at: string };

const STATUS: Record<Exclude<LeadCardState['kind'], 'open'>, Localized<[string, string]>> = {
  accepted: { 'zh-CN': (who, at) => `已接收 · ${who} · ${at}`, en: (who, at) => `Accepted · ${who} · ${at}` },
  declined: { 'zh-CN': (who, at) => `已转给 ${who} · ${at}`, en: (who, at) => `Passed to ${who} · ${at}` },
};

export function leadCardKey(leadId: string): string {
  return `lead:${leadId}`;
}

export function leadCard(lead: Lead, locale: Locale, state: LeadCardState): Card {
  const fields = [
    { label: L.company[locale](), value: lead.company },
    { label: L.contact[locale](), value: `${lead.contactName} · ${lead.contactTitle}` },
    { label: L.industry[locale](), value: lead.industry },
    { label: L.budget[locale](), value: money(lead.budget, locale) },
  ];
  if (lead.source) fields.push({ label: L.source[locale](), value: lead.source });
  if (lead.region) fields.push({ label: L.region[locale](), value: lead.region });
  const base: Card = {
    key: leadCardKey(lead.id),
    version: state.kind === 'open' ? 1 : 2,
    title: L.title[locale](lead.company),
    subtitle: L.subtitle[locale](lead.id),
    fields,
    text: lead.notes,
  };
  if (state.kind === 'open') {
    return {
      ...base,
      tone: 'info',
      actions: [
        { actionId: LEAD_ACCEPT, label: L.accept[locale](), value: lead.id, style: 'primary' },
        { actionId: LEAD_DECLINE, label: L.decline[locale](), value: lead.id, style: 'default' },
      ],
    };
  }
  const status =
    state.kind === 'accepted' ? STATUS.accepted[locale](state.byName, state.at) : STATUS.declined[locale](state.toName, state.at);
  return { ...base, tone: state.kind === 'accepted' ? 'success' : 'info', status };
}
