/** Card buttons of the lead card: 接收 / Accept and 不是我的 / Not mine. */
import { LEAD_ACCEPT, LEAD_DECLINE } from '../cards/lead-assigned.ts';
import { acceptLead, declineLead } from '../src/services/leads.ts';
import { BotError } from '../src/errors.ts';
import type { ActionHandler, HandlerContext } from './command.ts';

function leadIdOf(ctx: HandlerContext): string {
  const id = ctx.interaction.value ?? '';
  if (!/^L-\d+$/.test(id)) {
    throw new BotError('bad_action', ctx.locale === 'zh-CN' ? '这个按钮的数据无效。' : 'This button carries invalid data.');
  }
  return id;
}

export const leadActions: Record<string, ActionHandler> = {
  [LEAD_ACCEPT]: async (ctx) => {
    await acceptLead(ctx.deps, leadIdOf(ctx), ctx.person);
  },
  [LEAD_DECLINE]: async (ctx) => {
    const { nextOwner, lead } = await declineLead(ctx.deps, leadIdOf(ctx), ctx.person);
    await ctx.reply(
      ctx.locale === 'zh-CN' ? `已将线索 ${lead.id} 转给 ${nextOwner.name}。` : `Lead ${lead.id} was passed to ${nextOwner.name}.`,
    );
  },
};
