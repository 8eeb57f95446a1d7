/** 写拜访纪要 on a deal card: one text box; what is written goes to the note extractor like a typed `拜访 客户：…`. */
import type { Card } from '../card.ts';
import type { Locale } from '../../src/config/company.ts';
import { MAX_NOTE_CHARS } from '../../src/domain/visits/visit.ts';

export const VISIT_NOTE_SUBMIT = 'visit.note_submit';
export const NOTE_INPUT = 'note';

export function noteFormCard(locale: Locale, key: string, customerId: string, customerName: string): Card {
  const zh = locale === 'zh-CN';
  return {
    key,
    version: 1,
    title: zh ? `拜访纪要：${customerName}` : `Visit note: ${customerName}`,
    subtitle: zh ? '用一句话写下客户说了什么，我来整理成结构化记录，你确认后保存。' : 'Write what the customer said in a sentence; I structure it and you confirm.',
    form: {
      inputs: [{ kind: 'text', id: NOTE_INPUT, label: zh ? '纪要' : 'Note', multiline: true, required: true, maxLength: MAX_NOTE_CHARS, placeholder: zh ? '例如：主任说服务器去年宕机五次，下周三技术交流' : 'e.g. Their servers failed five times last year; tech session next Wednesday' }],
      submit: { actionId: VISIT_NOTE_SUBMIT, label: zh ? '整理' : 'Structure it', value: customerId },
    },
  };
}
