/**
 * `/deal` (商机): `<id|customer>` shows the deal card; `stage <id> <stage>` moves it; `new
 * <customer> [amount] [type]` creates one; `mine` lists my open deals.
 * @module
 */
import { BotError } from '../src/errors.ts';
import type { Localized } from '../src/i18n.ts';
import { isoDay, money } from '../src/i18n.ts';
import { formNumber } from './lead-new.ts';
import { DEAL_MOVE } from '../cards/deals/deal-card.ts';
import { findDeal, moveDeal } from '../src/services/deals/deals.ts';
import { dealCardFor } from '../src/services/deals/deal-view.ts';
import { newDeal } from '../src/services/deals/new-deal.ts';
import { stageLabel } from '../src/services/visits/labels.ts';
import { openDealsOf } from '../src/store/deals/deals.ts';
import { getCustomer } from '../src/store/customers/customers.ts';
import type { ActionHandler, Command, HandlerContext } from './command.ts';

export const dealUsages: readonly { usage: string; summary: Localized }[] = [
  { usage: 'deal D-1001', summary: { 'zh-CN': () => '查看商机（也可 deal 客户名）', en: () => 'Show a deal (or deal <customer>)' } },
  { usage: 'deal stage D-1001 solution_comparison', summary: { 'zh-CN': () => '推进商机阶段（阶段名或中文名）', en: () => 'Move a deal to a stage (key or label)' } },
  { usage: 'deal new 客户名 [金额] [客户类型]', summary: { 'zh-CN': () => '新建商机（客户不存在时一并创建）', en: () => 'New deal (creates the customer if new)' } },
  { usage: 'deal mine', summary: { 'zh-CN': () => '我的进行中商机', en: () => 'My open deals' } },
];

function usage(ctx: HandlerContext): BotError {
  const lines = dealUsages.map((u) => `• ${u.usage} — ${u.summary[ctx.locale]()}`);
  return new BotError('bad_args', [ctx.locale === 'zh-CN' ? '用法：' : 'Usage:', ...lines].join('\n'));
}

const origin = (ctx: HandlerContext) => ({ personId: ctx.person.id, interaction: ctx.interaction });

async function show(ctx: HandlerContext, typed: string): Promise<void> {
  const deal = await findDeal(ctx.deps, ctx.person, typed);
  await ctx.reply({ kind: 'card', card: await dealCardFor(ctx.deps.db.kysely, ctx.deps, deal, ctx.person, `deal:${deal.id}:view:${ctx.interaction.dedupeKey}`) });
}

async function stage(ctx: HandlerContext, args: string[]): Promise<void> {
  const [id, ...words] = args;
  if (!id || words.length === 0) throw usage(ctx);
  await moveDeal(ctx.deps, ctx.person, id, words.join(' '), origin(ctx));
}

async function create(ctx: HandlerContext, args: string[]): Promise<void> {
  if (args.length === 0) throw usage(ctx);
  // The customer name may hold spaces: trailing words that read as an amount or a type are taken off the end.
  const words = [...args];
  let amount: number | null = null;
  let typeWord: string | undefined;
  const types = ctx.deps.company.visits.customerTypes;
  const isType = (w: string) => types.some((t) => [t.key, t.label.zh, t.label.en.toLowerCase()].includes(w.toLowerCase()));
  if (words.length > 1 && isType(words.at(-1)!)) typeWord = words.pop();
  if (words.length > 1) {
    const n = formNumber(words.at(-1)!);
    if (n !== undefined && !Number.isNaN(n)) {
      amount = n;
      words.pop();
    }
  }
  await newDeal(ctx.deps, ctx.person, { customerName: words.join(' '), amount, ...(typeWord ? { typeWord } : {}) }, origin(ctx));
}

async function mine(ctx: HandlerContext): Promise<void> {
  const { company, db } = ctx.deps;
  const zh = ctx.locale === 'zh-CN';
  const deals = await openDealsOf(db.kysely, [ctx.person.id]);
  if (deals.length === 0) {
    await ctx.reply(zh ? '你没有进行中的商机。线索「转为商机」或发送 deal new 客户名 创建。' : 'You have no open deals. Qualify a lead or send deal new <customer>.');
    return;
  }
  const fields = [];
  for (const d of deals) {
    const c = await getCustomer(db.kysely, d.customerId);
    fields.push({
      label: `${d.id} ${c?.name ?? d.title}`,
      value: [stageLabel(company, d.stage, ctx.locale), d.amount !== null ? money(d.amount, ctx.locale) : undefined, zh ? `自 ${isoDay(d.stageEnteredAt, company.timezone)}` : `since ${isoDay(d.stageEnteredAt, company.timezone)}`].filter(Boolean).join(' · '),
    });
  }
  await ctx.reply({
    kind: 'card',
    card: { key: `deal-list:${ctx.person.id}:${ctx.interaction.dedupeKey}`, version: 1, tone: 'info', title: zh ? `我的商机（${deals.length}）` : `My deals (${deals.length})`, fields, text: zh ? '发送 deal 编号 查看详情。' : 'Send deal <id> for details.' },
  });
}

export const dealCommand: Command = {
  name: 'deal',
  aliases: ['商机'],
  forms: dealUsages,
  summary: { 'zh-CN': () => '商机：查看、推进阶段、新建、我的', en: () => 'Deals: show, move stage, new, mine' },
  async run(ctx, args) {
    const words = args.trim().split(/\s+/).filter(Boolean);
    const [word = '', ...rest] = words;
    switch (word.toLowerCase()) {
      case '':
        throw usage(ctx);
      case 'stage':
      case '阶段':
        return stage(ctx, rest);
      case 'new':
      case '新建':
        return create(ctx, rest);
      case 'mine':
      case '我的':
        return mine(ctx);
      default:
        return show(ctx, args.trim());
    }
  },
};

export const dealActions: Record<string, ActionHandler> = {
  [DEAL_MOVE]: async (ctx) => {
    const [id = '', to = ''] = (ctx.interaction.value ?? '').split('|');
    if (!/^D-\d+$/.test(id) || !to) throw new BotError('bad_action', ctx.locale === 'zh-CN' ? '这个按钮的数据无效。' : 'This button carries invalid data.');
    await stage(ctx, [id, to]);
  },
};
