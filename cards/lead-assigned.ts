/**
 * The lead card a rep receives: tags, key facts, score, matched case studies, the one-line
 * reason, and 接收 / 已联系 / 为什么是我? / 不是我的. Acting on it re-renders the same card
 * (same key, next version) with a status line and the buttons that still make sense.
 * @module
 */
import type { Card, CardButton } from './card.ts';
import type { Locale } from '../src/config/company.ts';
import type { Lead } from '../src/domain/leads/lead.ts';
import { money, type Localized } from '../src/i18n.ts';

export const LEAD_ACCEPT = 'lead.accept';
export const LEAD_DECLINE = 'lead.decline';
export const LEAD_CONTACTED = 'lead.contacted';
export const LEAD_WHY = 'lead.why';
export const LEAD_QUALIFY = 'lead.qualify';

const L = {
  title: { 'zh-CN': (c: string) => `新线索：${c}`, en: (c: string) => `New lead: ${c}` },
  company: { 'zh-CN': () => '公司', en: () => 'Company' },
  contact: { 'zh-CN': () => '联系人', en: () => 'Contact' },
  industry: { 'zh-CN': () => '行业', en: () => 'Industry' },
  budget: { 'zh-CN': () => '预算', en: () => 'Budget' },
  source: { 'zh-CN': () => '来源', en: () => 'Source' },
  region: { 'zh-CN': () => '地区', en: () => 'Region' },
  tags: { 'zh-CN': () => '标签', en: () => 'Tags' },
  score: { 'zh-CN': () => '评分', en: () => 'Score' },
  reason: { 'zh-CN': () => '分配理由', en: () => 'Why you' },
  accept: { 'zh-CN': () => '接收', en: () => 'Accept' },
  contacted: { 'zh-CN': () => '已联系', en: () => 'Contacted' },
  why: { 'zh-CN': () => '为什么是我?', en: () => 'Why me?' },
  decline: { 'zh-CN': () => '不是我的', en: () => 'Not mine' },
  qualify: { 'zh-CN': () => '转为商机', en: () => 'Qualify' },
  owner: { 'zh-CN': () => '负责人', en: () => 'Owner' },
  subtitle: { 'zh-CN': (id: string) => `线索 ${id} · 请尽快接收`, en: (id: string) => `Lead ${id} · please accept soon` },
} satisfies Record<string, Localized<never[]> | Localized<[string]>>;

export type LeadCardState =
  | { kind: 'open' }
  | { kind: 'accepted'; byName: string; at: string }
  | { kind: 'touched'; byName: string; at: string; channel: string }
  | { kind: 'declined'; toName: string; at: string }
  | { kind: 'reclaimed'; toName: string; at: string }
  | { kind: 'transferred'; toName: string; at: string };

export interface LeadCardExtras {
  tagLabels?: string[];
  materials?: { title: string; url: string }[];
  reason?: string;
  /** The industry's label in the reader's language (default: the key). */
  industryLabel?: string;
  /**
   * Who reads the card, by the access rule: the owner gets every button of the state, the
   * owner's supervisor those they may press on the owner's behalf (not 不是我的), anyone else
   * none, and a reader who is not the owner is told who owns it.
   */
  viewer?: { kind: 'owner' } | { kind: 'supervisor'; ownerName: string } | { kind: 'reader'; ownerName: string };
}

/** Buttons only the owner may press (a supervisor acts on the owner's behalf in everything else). */
const OWNER_ONLY = new Set([LEAD_DECLINE]);

type Who = [who: string, at: string];
const STATUS: Record<Exclude<LeadCardState['kind'], 'open' | 'touched'>, Localized<Who>> = {
  accepted: { 'zh-CN': (who, at) => `已接收 · ${who} · ${at}`, en: (who, at) => `Accepted · ${who} · ${at}` },
  declined: { 'zh-CN': (who, at) => `已转给 ${who} · ${at}`, en: (who, at) => `Passed to ${who} · ${at}` },
  reclaimed: { 'zh-CN': (who, at) => `已收回 · 转给 ${who} · ${at}`, en: (who, at) => `Reclaimed · reassigned to ${who} · ${at}` },
  transferred: { 'zh-CN': (who, at) => `已转交 ${who} · ${at}`, en: (who, at) => `Transferred to ${who} · ${at}` },
};

const TOUCHED: Localized<[who: string, at: string, channel: string]> = {
  'zh-CN': (who, at, ch) => `已联系（${ch}）· ${who} · ${at}`,
  en: (who, at, ch) => `Contacted (${ch}) · ${who} · ${at}`,
};

export function leadCardKey(leadId: string): string {
  return `lead:${leadId}`;
}

const VERSION: Record<LeadCardState['kind'], number> = { open: 1, accepted: 2, touched: 3, declined: 4, reclaimed: 4, transferred: 4 };

export function leadCard(lead: Lead, locale: Locale, state: LeadCardState, extras: LeadCardExtras = {}): Card {
  const card = leadCardForOwner(lead, locale, state, extras);
  const viewer = extras.viewer ?? { kind: 'owner' as const };
  if (viewer.kind === 'owner' || !card.actions) return card;
  if (viewer.kind === 'reader') {
    delete card.actions;
    return card;
  }
  card.actions = card.actions.filter((b) => !OWNER_ONLY.has(b.actionId));
  return card;
}

function leadCardForOwner(lead: Lead, locale: Locale, state: LeadCardState, extras: LeadCardExtras): Card {
  const fields = [
    { label: L.company[locale](), value: lead.company },
    { label: L.contact[locale](), value: `${lead.contactName} · ${lead.contactTitle}` },
    { label: L.industry[locale](), value: extras.industryLabel ?? lead.industry },
    { label: L.budget[locale](), value: money(lead.budget, locale) },
  ];
  if (extras.tagLabels?.length) fields.push({ label: L.tags[locale](), value: extras.tagLabels.join('、') });
  if (lead.score) fields.push({ label: L.score[locale](), value: String(lead.score) });
  if (lead.source) fields.push({ label: L.source[locale](), value: lead.source });
  if (lead.region) fields.push({ label: L.region[locale](), value: lead.region });
  const viewer = extras.viewer ?? { kind: 'owner' as const };
  if (viewer.kind !== 'owner') fields.push({ label: L.owner[locale](), value: viewer.ownerName });
  const text = [extras.reason ? `${L.reason[locale]()}：${extras.reason}` : undefined, lead.notes].filter(Boolean).join('\n');
  const card: Card = {
    key: leadCardKey(lead.id),
    version: VERSION[state.kind],
    title: L.title[locale](lead.company),
    subtitle: L.subtitle[locale](lead.id),
    fields,
    ...(text ? { text } : {}),
    ...(extras.materials?.length ? { links: extras.materials.map((m) => ({ label: m.title, url: m.url })) } : {}),
  };
  const button = (actionId: string, label: string, style: CardButton['style'] = 'default'): CardButton => ({ actionId, label, value: lead.id, style });
  // The card is this function's own object, so the state's parts are added to it: a
  // `{ ...card, … }` copy costs about a microsecond on Node 20, and intake builds one per lead.
  switch (state.kind) {
    case 'open':
      return Object.assign(card, {
        tone: 'info' as const,
        actions: [
          button(LEAD_ACCEPT, L.accept[locale](), 'primary'),
          button(LEAD_CONTACTED, L.contacted[locale]()),
          button(LEAD_WHY, L.why[locale]()),
          button(LEAD_DECLINE, L.decline[locale]()),
        ],
      });
    case 'accepted':
      return Object.assign(card, {
        tone: 'success' as const,
        status: STATUS.accepted[locale](state.byName, state.at),
        actions: [button(LEAD_CONTACTED, L.contacted[locale](), 'primary'), button(LEAD_QUALIFY, L.qualify[locale]()), button(LEAD_WHY, L.why[locale]())],
      });
    case 'touched':
      return Object.assign(card, {
        tone: 'success' as const,
        status: TOUCHED[locale](state.byName, state.at, state.channel),
        actions: [button(LEAD_QUALIFY, L.qualify[locale](), 'primary')],
      });
    case 'declined':
    case 'reclaimed':
    case 'transferred':
      return Object.assign(card, { tone: state.kind === 'reclaimed' ? ('warning' as const) : ('info' as const), status: STATUS[state.kind][locale](state.toName, state.at) });
  }
}
