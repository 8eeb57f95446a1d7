/**
 * `/visit` with no customer: the rep's customers with what is already known (type, contact,
 * last contact, deal stage) and a 拜访 button for the first few; the rest are named in the text.
 * @module
 */
import type { Card } from '../card.ts';
import type { Locale } from '../../src/config/company.ts';
import { VISIT_OPEN_FORM } from '../deals/deal-card.ts';

/** Buttons on one card (WeCom shows at most 6 on a button_interaction card). */
export const CUSTOMER_LIST_BUTTONS = 5;
export const CUSTOMER_LIST_ROWS = 15;

export interface CustomerRow {
  id: string;
  name: string;
  facts: string;
}

export function customerListCard(locale: Locale, key: string, rows: readonly CustomerRow[], total: number, ownerName: string): Card {
  const zh = locale === 'zh-CN';
  const shown = rows.slice(0, CUSTOMER_LIST_ROWS);
  const more = total - shown.length;
  const text = [
    zh ? '点下面的按钮打开拜访表单，或发送「拜访 客户名：一句话纪要」。' : 'Tap a button to open the visit form, or send "visit <customer>: <one-line note>".',
    ...(more > 0 ? [zh ? `另有 ${more} 个客户未列出，可发送 visit 客户名。` : `${more} more not listed; send visit <customer>.`] : []),
  ].join('\n');
  return {
    key,
    version: 1,
    tone: 'info',
    title: zh ? `${ownerName}的客户（${total}）` : `${ownerName}'s customers (${total})`,
    fields: shown.map((r) => ({ label: r.name, value: r.facts })),
    text: rows.length ? text : zh ? '还没有客户。线索「转为商机」或导入旧 CRM 后，客户会出现在这里。' : 'No customers yet. Qualify a lead or import the old CRM and they appear here.',
    actions: shown.slice(0, CUSTOMER_LIST_BUTTONS).map((r) => ({ actionId: VISIT_OPEN_FORM, label: zh ? `拜访 ${r.name}` : `Visit ${r.name}`, value: r.id })),
  };
}
