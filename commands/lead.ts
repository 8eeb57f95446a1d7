/** `/lead <id>`: show one lead's card with its current state. */
import { BotError } from '../src/errors.ts';
import { getLead } from '../src/store/leads.ts';
import { leadCard } from '../cards/lead-assigned.ts';
import { personById } from '../src/config/company.ts';
import { hhmm } from '../src/i18n.ts';
import type { Command } from './command.ts';

export const leadCommand: Command = {
  name: 'lead',
  aliases: ['线索'],
  usage: 'lead <L-1001>',
  summary: { 'zh-CN': () => '查看线索详情', en: () => 'Show a lead' },
  async run(ctx, args) {
    const id = args.trim().toUpperCase();
    if (!/^L-\d+$/.test(id)) {
      throw new BotError(
        'bad_args',
        ctx.locale === 'zh-CN' ? '用法：lead L-1001（线索编号）' : 'Usage: lead L-1001 (the lead id)',
      );
    }
    const lead = await getLead(ctx.deps.db.kysely, id);
    if (!lead) throw new BotError('lead_not_found', ctx.locale === 'zh-CN' ? `找不到线索 ${id}。` : `Lead ${id} was not found.`);
    const acceptedBy = lead.acceptedBy ? personById(ctx.deps.company, lead.acceptedBy)?.name ?? lead.acceptedBy : '';
    const card =
      lead.status === 'accepted'
        ? leadCard(lead, ctx.locale, { kind: 'accepted', byName: acceptedBy, at: hhmm(lead.acceptedAt ?? lead.updatedAt, ctx.deps.company.timezone) })
        : leadCard(lead, ctx.locale, { kind: 'open' });
    // A view copy: its own key, so acting on the original card still updates the original.
    await ctx.reply({ kind: 'card', card: { ...card, key: `${card.key}:view:${ctx.interaction.dedupeKey}` } });
  },
};
