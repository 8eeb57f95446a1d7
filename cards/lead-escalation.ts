/**
 * SLA cards: the urgent reminder to the rep, the copy to the supervisor, and the warning
 * before a lead is reclaimed. Each carries the buttons that resolve it.
 * @module
 */
import type { Card } from './card.ts';
import type { Locale } from '../src/config/company.ts';
import type { Lead } from '../src/domain/leads/lead.ts';
import { money } from '../src/i18n.ts';
import { LEAD_ACCEPT, LEAD_CONTACTED } from './lead-assigned.ts';

export const LEAD_VIEW = 'lead.view';

function facts(lead: Lead, locale: Locale) {
  const zh = locale === 'zh-CN';
  return [
    { label: zh ? '公司' : 'Company', value: lead.company },
    { label: zh ? '联系人' : 'Contact', value: `${lead.contactName} · ${lead.contactTitle}` },
    { label: zh ? '预算' : 'Budget', value: money(lead.budget, locale) },
  ];
}

export function reminderCard(lead: Lead, locale: Locale, after: string): Card {
  const zh = locale === 'zh-CN';
  return {
    key: `lead-remind:${lead.id}:a${lead.assignmentSeq}`,
    version: 1,
    tone: 'urgent',
    title: zh ? `【紧急】线索 ${lead.id} 已超过 ${after} 未接收` : `URGENT: lead ${lead.id} not accepted for ${after}`,
    subtitle: zh ? '你的主管已收到抄送，请立即处理' : 'Your supervisor has been copied; act now',
    fields: facts(lead, locale),
    actions: [
      { actionId: LEAD_ACCEPT, label: zh ? '接收' : 'Accept', value: lead.id, style: 'primary' },
      { actionId: LEAD_CONTACTED, label: zh ? '已联系' : 'Contacted', value: lead.id },
    ],
  };
}

export function supervisorCopyCard(lead: Lead, locale: Locale, ownerName: string, after: string, link?: string): Card {
  const zh = locale === 'zh-CN';
  return {
    key: `lead-escalation:${lead.id}:a${lead.assignmentSeq}`,
    version: 1,
    tone: 'warning',
    title: zh ? `抄送：${ownerName} 的线索 ${lead.id} 超过 ${after} 未接收` : `Copy: ${ownerName}'s lead ${lead.id} not accepted for ${after}`,
    fields: facts(lead, locale),
    ...(link ? { links: [{ label: zh ? '打开线索' : 'Open the lead', url: link }] } : {}),
    actions: [{ actionId: LEAD_VIEW, label: zh ? '查看线索' : 'View lead', value: lead.id }],
  };
}

export function reclaimWarningCard(lead: Lead, locale: Locale, left: string): Card {
  const zh = locale === 'zh-CN';
  return {
    key: `lead-warn:${lead.id}:a${lead.assignmentSeq}`,
    version: 1,
    tone: 'warning',
    title: zh ? `线索 ${lead.id} 将在 ${left} 后被收回` : `Lead ${lead.id} will be reclaimed in ${left}`,
    subtitle: zh ? '尚未记录首次联系——请立即联系客户并点「已联系」' : 'No first touch logged yet: contact the customer now and press Contacted',
    fields: facts(lead, locale),
    actions: [{ actionId: LEAD_CONTACTED, label: zh ? '已联系' : 'Contacted', value: lead.id, style: 'primary' }],
  };
}
