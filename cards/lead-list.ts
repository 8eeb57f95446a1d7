/** The "my leads" card of `/lead mine`: one line per lead (status, SLA due) and a 查看 button each. */
import type { Card } from './card.ts';
import type { Locale } from '../src/config/company.ts';
import { LEAD_VIEW } from './lead-escalation.ts';

/** Rows (and 查看 buttons) on one card; more are counted in the text, not dropped silently. */
export const LEAD_LIST_MAX = 10;

export type LeadListState = 'assigned' | 'accepted' | 'touched';

export interface LeadListRow {
  id: string;
  company: string;
  state: LeadListState;
  /** The next SLA deadline, already formatted in the company zone ("14:00", "12-02 09:30"). */
  due?: string;
}

const STATE: Record<LeadListState, Record<Locale, string>> = {
  assigned: { 'zh-CN': '待接收', en: 'to accept' },
  accepted: { 'zh-CN': '已接收', en: 'accepted' },
  touched: { 'zh-CN': '已联系', en: 'contacted' },
};

export function leadListCard(locale: Locale, key: string, rows: readonly LeadListRow[], counts: { open: number; recent: number; recentDays: number }): Card {
  const zh = locale === 'zh-CN';
  const shown = rows.slice(0, LEAD_LIST_MAX);
  const more = rows.length - shown.length;
  const value = (r: LeadListRow) => {
    const state = STATE[r.state][locale];
    if (!r.due) return state;
    return zh ? `${state} · 截止 ${r.due}` : `${state} · due ${r.due}`;
  };
  return {
    key,
    version: 1,
    tone: shown.some((r) => r.state === 'assigned') ? 'warning' : 'info',
    title: zh ? '我的线索' : 'My leads',
    subtitle: zh
      ? `待跟进 ${counts.open} 条 · 近 ${counts.recentDays} 天已联系 ${counts.recent} 条`
      : `${counts.open} open · ${counts.recent} contacted in the last ${counts.recentDays} days`,
    fields: shown.map((r) => ({ label: `${r.id} ${r.company}`, value: value(r) })),
    ...(more > 0 ? { text: zh ? `另有 ${more} 条未列出，可用 lead L-编号 查看。` : `${more} more not listed; use lead <id> to see one.` } : {}),
    actions: shown.map((r) => ({ actionId: LEAD_VIEW, label: zh ? `查看 ${r.id}` : `View ${r.id}`, value: r.id })),
  };
}
