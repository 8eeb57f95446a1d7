/** `/visit mine [days]`: the rep's visits, latest first, one line each. */
import type { Card } from '../card.ts';
import type { Locale } from '../../src/config/company.ts';

export const VISIT_LIST_MAX = 15;

export interface VisitRow {
  id: string;
  day: string;
  customerName: string;
  summary: string;
}

export function visitListCard(locale: Locale, key: string, rows: readonly VisitRow[], days: number): Card {
  const zh = locale === 'zh-CN';
  const shown = rows.slice(0, VISIT_LIST_MAX);
  return {
    key,
    version: 1,
    tone: 'info',
    title: zh ? `我的拜访（近 ${days} 天，${rows.length} 次）` : `My visits (last ${days} days: ${rows.length})`,
    fields: shown.map((r) => ({ label: `${r.day} ${r.customerName}`, value: `${r.id} · ${r.summary}` })),
    ...(rows.length === 0 ? { text: zh ? '这段时间没有拜访记录。发送 visit 开始记录。' : 'No visits in this period. Send visit to log one.' } : rows.length > shown.length ? { text: zh ? `另有 ${rows.length - shown.length} 次未列出。` : `${rows.length - shown.length} more not listed.` } : {}),
  };
}
