/**
 * `/lead`: `new` (form), `mine`, `<id>` (one lead's card), `transfer <id> <person>` and
 * `stats [team] [days]`; Chinese words (新建 我的 转交 统计) work as well.
 * @module
 */
import { BotError } from '../src/errors.ts';
import { replyLeadView } from './lead-actions.ts';
import type { Localized } from '../src/i18n.ts';
import type { Command, HandlerContext } from './command.ts';
import { runLeadNew } from './lead-new.ts';
import { runLeadMine } from './lead-mine.ts';
import { runLeadTransfer, TRANSFER_USAGE } from './lead-transfer.ts';
import { runLeadStats } from './lead-stats.ts';

type Sub = (ctx: HandlerContext, args: string) => Promise<void>;

const SUBCOMMANDS = new Map<string, Sub>([
  ['new', runLeadNew],
  ['新建', runLeadNew],
  ['mine', runLeadMine],
  ['我的', runLeadMine],
  ['transfer', runLeadTransfer],
  ['转交', runLeadTransfer],
  ['stats', runLeadStats],
  ['统计', runLeadStats],
]);

/** What help lists for `/lead`: one line per subcommand, examples that read in both languages. */
export const leadUsages: readonly { usage: string; summary: Localized }[] = [
  { usage: 'lead new', summary: { 'zh-CN': () => '新建线索（填写表单）', en: () => 'Enter a new lead (opens a form)' } },
  { usage: 'lead mine', summary: { 'zh-CN': () => '我的待跟进线索及 SLA 截止时间', en: () => 'Your open leads and their SLA deadlines' } },
  { usage: 'lead L-1001', summary: { 'zh-CN': () => '查看一条线索', en: () => 'Show one lead' } },
  {
    usage: TRANSFER_USAGE,
    summary: { 'zh-CN': () => '把线索转交给他人（主管、经理、管理员）', en: () => 'Move a lead to someone else (supervisors, managers, admins)' },
  },
  {
    usage: 'lead stats [team] [days]',
    summary: { 'zh-CN': () => '72 小时首次联系率与超时情况，可按团队、天数', en: () => '72-hour first-touch rate and breaches, by team and days' },
  },
];

function usageError(ctx: HandlerContext): BotError {
  const zh = ctx.locale === 'zh-CN';
  const lines = leadUsages.map((u) => `• ${u.usage} — ${u.summary[ctx.locale]()}`);
  return new BotError('bad_args', [zh ? '用法：' : 'Usage:', ...lines].join('\n'));
}

export const leadCommand: Command = {
  name: 'lead',
  aliases: ['线索'],
  forms: leadUsages,
  summary: { 'zh-CN': () => '线索：新建、我的、查看、转交、统计', en: () => 'Leads: new, mine, show, transfer, stats' },
  async run(ctx, args) {
    const [word = '', ...rest] = args.trim().split(/\s+/);
    const sub = SUBCOMMANDS.get(word.toLowerCase());
    if (sub) return sub(ctx, rest.join(' '));
    const id = word.toUpperCase();
    if (/^L-\d+$/.test(id) && rest.length === 0) return replyLeadView(ctx, id, true);
    throw usageError(ctx);
  },
};
