/** Buttons of the lead cards: 接收, 已联系 (+ its channel choice), 为什么是我?, 不是我的, 查看. */
import { LEAD_ACCEPT, LEAD_CONTACTED, LEAD_DECLINE, LEAD_WHY } from '../cards/lead-assigned.ts';
import { LEAD_VIEW } from '../cards/lead-escalation.ts';
import type { Card } from '../cards/card.ts';
import { acceptLead, assertMayTouch, declineLead, openLead, requireLead, touchLead } from '../src/services/leads.ts';
import { TOUCH_CHANNELS, type TouchChannel } from '../src/services/lead-texts.ts';
import { explanationLines } from '../src/services/routing/assign.ts';
import { leadViewCard, storedExplanation } from '../src/services/lead-card.ts';
import { personById } from '../src/config/company.ts';
import { hhmm } from '../src/i18n.ts';
import { BotError } from '../src/errors.ts';
import { requireAccess } from '../src/services/access/access.ts';
import { qualifyLead } from '../src/services/deals/qualify.ts';
import { LEAD_QUALIFY } from '../cards/lead-assigned.ts';
import type { ActionHandler, HandlerContext } from './command.ts';

export const LEAD_TOUCH = 'lead.touch';

function leadIdOf(ctx: HandlerContext, value = ctx.interaction.value ?? ''): string {
  if (!/^L-\d+$/.test(value)) {
    throw new BotError('bad_action', ctx.locale === 'zh-CN' ? '这个按钮的数据无效。' : 'This button carries invalid data.');
  }
  return value;
}

function requireLeadFor(ctx: HandlerContext, id: string) {
  return requireLead(ctx.deps.db.kysely, id, ctx.person, ctx.deps);
}

/**
 * A copy of the lead's card for whoever asked (`/lead L-1001` with its buttons, 查看线索 without);
 * the owner's look counts as opening the lead.
 */
export async function replyLeadView(ctx: HandlerContext, id: string, withButtons: boolean): Promise<void> {
  const lead = await requireLeadFor(ctx, id);
  requireAccess(ctx.deps.company, ctx.person, { kind: 'lead', label: lead.id, ownerId: lead.ownerId }, 'view');
  await openLead(ctx.deps, lead, ctx.person);
  const card = await leadViewCard(ctx.deps.db.kysely, ctx.deps, lead, ctx.person.id, ctx.interaction.dedupeKey, { withButtons });
  await ctx.reply({ kind: 'card', card });
}

/** The channel choice card that 已联系 opens. */
function touchCard(leadId: string, ctx: HandlerContext): Card {
  const zh = ctx.locale === 'zh-CN';
  return {
    key: `lead-touch:${leadId}:${ctx.interaction.dedupeKey}`,
    version: 1,
    title: zh ? `记录首次联系：线索 ${leadId}` : `Log the first touch: lead ${leadId}`,
    subtitle: zh ? '你是怎么联系客户的？' : 'How did you reach the customer?',
    actions: (Object.keys(TOUCH_CHANNELS) as TouchChannel[]).map((ch) => ({
      actionId: LEAD_TOUCH,
      label: TOUCH_CHANNELS[ch][ctx.locale],
      value: `${leadId}|${ch}`,
    })),
  };
}

export const leadActions: Record<string, ActionHandler> = {
  [LEAD_ACCEPT]: async (ctx) => {
    await acceptLead(ctx.deps, leadIdOf(ctx), ctx.person);
  },
  [LEAD_DECLINE]: async (ctx) => {
    const { nextOwner, lead } = await declineLead(ctx.deps, leadIdOf(ctx), ctx.person);
    await ctx.reply(ctx.locale === 'zh-CN' ? `已将线索 ${lead.id} 转给 ${nextOwner.name}。` : `Lead ${lead.id} was passed to ${nextOwner.name}.`);
  },
  [LEAD_CONTACTED]: async (ctx) => {
    const lead = await requireLeadFor(ctx, leadIdOf(ctx));
    await assertMayTouch(ctx.deps, lead, ctx.person);
    if (lead.firstTouchAt !== null) {
      const by = personById(ctx.deps.company, lead.firstTouchBy ?? '')?.name ?? lead.firstTouchBy;
      await ctx.reply(ctx.locale === 'zh-CN' ? `线索 ${lead.id} 已由 ${by} 于 ${hhmm(lead.firstTouchAt, ctx.deps.company.timezone)} 记录首次联系。` : `Lead ${lead.id}: first touch already logged by ${by} at ${hhmm(lead.firstTouchAt, ctx.deps.company.timezone)}.`);
      return;
    }
    await ctx.reply({ kind: 'card', card: touchCard(lead.id, ctx) });
  },
  [LEAD_TOUCH]: async (ctx) => {
    const [rawId = '', channel = ''] = (ctx.interaction.value ?? '').split('|');
    if (!(channel in TOUCH_CHANNELS)) throw new BotError('bad_action', ctx.locale === 'zh-CN' ? '请选择 电话 / 拜访 / 微信 / 邮件。' : 'Choose phone, visit, WeChat or e-mail.');
    const { lead, first } = await touchLead(ctx.deps, leadIdOf(ctx, rawId), ctx.person, channel as TouchChannel);
    const label = TOUCH_CHANNELS[channel as TouchChannel][ctx.locale];
    await ctx.reply(
      first
        ? ctx.locale === 'zh-CN' ? `已记录：${label}联系了线索 ${lead.id}，计时已停止。` : `Logged: ${label} touch on lead ${lead.id}; the SLA clock has stopped.`
        : ctx.locale === 'zh-CN' ? `线索 ${lead.id} 的首次联系之前已记录。` : `Lead ${lead.id} already had its first touch logged.`,
    );
  },
  [LEAD_WHY]: async (ctx) => {
    const lead = await requireLeadFor(ctx, leadIdOf(ctx));
    await openLead(ctx.deps, lead, ctx.person);
    const e = await storedExplanation(ctx.deps.db.kysely, lead);
    const owner = personById(ctx.deps.company, lead.ownerId);
    const lines = e ? explanationLines(e, owner?.name ?? lead.ownerId, ctx.locale) : [];
    const header = ctx.locale === 'zh-CN' ? `线索 ${lead.id} 为什么分给 ${owner?.name}：` : `Why lead ${lead.id} went to ${owner?.name}:`;
    // Candidate lines carry their own marker (√ chosen, · eligible, ✗ skipped); the rest get a bullet.
    await ctx.reply([header, ...lines.map((l) => (/^[·✗√✓]/.test(l) ? `  ${l}` : `• ${l}`))].join('\n'));
  },
  [LEAD_VIEW]: (ctx) => replyLeadView(ctx, leadIdOf(ctx), false),
  [LEAD_QUALIFY]: async (ctx) => {
    await qualifyLead(ctx.deps, leadIdOf(ctx), ctx.person, { personId: ctx.person.id, interaction: ctx.interaction });
  },
};
