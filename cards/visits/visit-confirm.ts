/**
 * The confirmation card for a typed or spoken note: what the bot understood (pains with their
 * evidence, quantities, competitors with stance, next action with due date and whether the
 * stage allows it) and 确认 / 修改 / 放弃. Deciding re-renders it (same key, next version)
 * with a status line and no buttons.
 * @module
 */
import type { Card, CardButton, CardField } from '../card.ts';
import type { Locale } from '../../src/config/company.ts';

export const VISIT_CONFIRM = 'visit.confirm';
export const VISIT_MODIFY = 'visit.modify';
export const VISIT_DISCARD = 'visit.discard';

export interface VisitConfirmView {
  draftId: string;
  customerName: string;
  stageLabel: string;
  pains: string[];
  quantities: string[];
  competitors: string[];
  action?: string;
  /** The action is not allowed at the stage: the labels that are. */
  actionNotAllowed?: string[];
  note: string;
  status?: string;
}

const T = {
  'zh-CN': {
    title: (c: string) => `确认拜访记录：${c}`, subtitle: (s: string) => `阶段：${s} · 请确认我理解得对`,
    pains: '痛点', quantities: '数量', competitors: '竞品', action: '下一步', none: '（未识别）',
    notAllowed: (a: string) => `⚠ 本阶段不允许这个行动，可选：${a}。请点「修改」。`,
    note: '原话', confirm: '确认', modify: '修改', discard: '放弃',
  },
  en: {
    title: (c: string) => `Confirm the visit: ${c}`, subtitle: (s: string) => `Stage: ${s} · check what I understood`,
    pains: 'Pain points', quantities: 'Quantities', competitors: 'Competitors', action: 'Next action', none: '(none found)',
    notAllowed: (a: string) => `⚠ This action is not allowed at this stage; allowed: ${a}. Tap Modify.`,
    note: 'Your words', confirm: 'Confirm', modify: 'Modify', discard: 'Discard',
  },
} as const;

export function visitDraftCardKey(draftId: string): string {
  return `visit-draft:${draftId}`;
}

export function visitConfirmCard(v: VisitConfirmView, locale: Locale, version = 1): Card {
  const t = T[locale];
  const sep = locale === 'zh-CN' ? '；' : '; ';
  const fields: CardField[] = [
    { label: t.pains, value: v.pains.length ? v.pains.join(sep) : t.none },
    ...(v.quantities.length ? [{ label: t.quantities, value: v.quantities.join(' / ') }] : []),
    { label: t.competitors, value: v.competitors.length ? v.competitors.join(sep) : t.none },
    { label: t.action, value: v.action ?? t.none },
  ];
  const text = [v.actionNotAllowed ? t.notAllowed(v.actionNotAllowed.join(locale === 'zh-CN' ? '、' : ', ')) : undefined, `${t.note}：${v.note}`].filter(Boolean).join('\n');
  const button = (actionId: string, label: string, style: CardButton['style']): CardButton => ({ actionId, label, value: v.draftId, style });
  return {
    key: visitDraftCardKey(v.draftId),
    version,
    title: t.title(v.customerName),
    subtitle: t.subtitle(v.stageLabel),
    tone: v.actionNotAllowed ? 'warning' : 'info',
    fields,
    text,
    ...(v.status
      ? { status: v.status }
      : { actions: [button(VISIT_CONFIRM, t.confirm, 'primary'), button(VISIT_MODIFY, t.modify, 'default'), button(VISIT_DISCARD, t.discard, 'danger')] }),
  };
}
