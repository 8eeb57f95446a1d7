/**
 * The deal card: stage, owner, amount, customer, the last three visits and the open next
 * action. Only someone who may act on the deal (owner, supervisor) gets its buttons: 记录拜访,
 * 写拜访纪要 and one button per stage the pipeline allows next.
 * @module
 */
import type { Card, CardButton, CardField } from '../card.ts';
import type { Locale } from '../../src/config/company.ts';

export const DEAL_MOVE = 'deal.move';
export const VISIT_OPEN_FORM = 'visit.form';
export const VISIT_NOTE_FORM = 'visit.note_form';

export interface DealVisitLine {
  day: string;
  repName: string;
  pains: string[];
  competitors: string[];
  action?: string;
}

export interface DealView {
  id: string;
  title: string;
  customerId: string;
  customerName: string;
  customerType: string;
  ownerName: string;
  stageLabel: string;
  amount?: string;
  status: 'open' | 'closed';
  /** Since when the deal is at its stage (YYYY-MM-DD). */
  stageSince: string;
  visits: DealVisitLine[];
  openAction?: string;
  /** Stages it may move to; empty for someone who may not act. */
  moves: { key: string; label: string }[];
  mayAct: boolean;
}

const T = {
  'zh-CN': {
    title: (t: string) => `商机 ${t}`,
    customer: '客户', type: '客户类型', owner: '负责人', stage: '阶段', amount: '金额', since: '进入阶段', open: '待办下一步',
    visits: '最近拜访', competitor: '竞品', next: '下一步', none: '还没有拜访记录。', visit: '记录拜访', note: '写拜访纪要', move: (s: string) => `推进到「${s}」`, closed: '已关闭',
  },
  en: {
    title: (t: string) => `Deal ${t}`,
    customer: 'Customer', type: 'Customer type', owner: 'Owner', stage: 'Stage', amount: 'Amount', since: 'In stage since', open: 'Open next action',
    visits: 'Latest visits', competitor: 'competitor', next: 'next', none: 'No visits yet.', visit: 'Log a visit', note: 'Write a visit note', move: (s: string) => `Move to "${s}"`, closed: 'Closed',
  },
} as const;

export function dealCard(v: DealView, locale: Locale, key: string): Card {
  const t = T[locale];
  const fields: CardField[] = [
    { label: t.customer, value: v.customerName },
    { label: t.type, value: v.customerType },
    { label: t.stage, value: v.status === 'closed' ? `${v.stageLabel} · ${t.closed}` : v.stageLabel },
    { label: t.owner, value: v.ownerName },
    ...(v.amount ? [{ label: t.amount, value: v.amount }] : []),
    { label: t.since, value: v.stageSince },
    ...(v.openAction ? [{ label: t.open, value: v.openAction }] : []),
  ];
  const sep = locale === 'zh-CN' ? '、' : ', ';
  const lines = v.visits.map((x) => {
    const parts = [x.pains.join(sep), x.competitors.length ? `${t.competitor} ${x.competitors.join(sep)}` : undefined, x.action ? `${t.next} ${x.action}` : undefined].filter(Boolean);
    return `${x.day} ${x.repName}${locale === 'zh-CN' ? '：' : ': '}${parts.join(locale === 'zh-CN' ? '；' : '; ')}`;
  });
  const actions: CardButton[] = v.mayAct
    ? [
        { actionId: VISIT_OPEN_FORM, label: t.visit, value: v.customerId, style: 'primary' },
        { actionId: VISIT_NOTE_FORM, label: t.note, value: v.customerId },
        ...v.moves.map((m) => ({ actionId: DEAL_MOVE, label: t.move(m.label), value: `${v.id}|${m.key}` })),
      ]
    : [];
  return {
    key,
    version: 1,
    title: t.title(`${v.id} · ${v.title}`),
    subtitle: v.stageLabel,
    tone: v.status === 'closed' ? 'success' : 'info',
    fields,
    text: `${t.visits}:\n${lines.length ? lines.map((l) => `• ${l}`).join('\n') : t.none}`,
    ...(actions.length ? { actions } : {}),
  };
}
