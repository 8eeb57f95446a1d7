/**
 * `/visit` (拜访): no argument lists my customers; `visit <customer>` opens the visit form;
 * `visit <customer>：<note>` (also typed as `拜访 客户：…` or spoken on WeCom) gives the
 * confirmation card; `visit mine [days]` lists my visits.
 * @module
 */
import { customerListCard, type CustomerRow } from '../cards/visits/customer-list.ts';
import { visitListCard } from '../cards/visits/visit-list.ts';
import { industryLabel, personById } from '../src/config/company.ts';
import { actableOwners } from '../src/domain/access/access.ts';
import { BotError } from '../src/errors.ts';
import { isoDay } from '../src/i18n.ts';
import type { Localized } from '../src/i18n.ts';
import { customersOf, getCustomer } from '../src/store/customers/customers.ts';
import { openDealOfCustomer, openDealsOf } from '../src/store/deals/deals.ts';
import { visitsOfRep } from '../src/store/visits/visits.ts';
import { resolveCustomer } from '../src/services/customers/customers.ts';
import { customerTypeLabel, painLabel, stageLabel, actionWithDue } from '../src/services/visits/labels.ts';
import { draftFromNote } from '../src/services/visits/notes.ts';
import { formSubmitValue, visitFormFor } from '../src/services/visits/visit-form.ts';
import type { Command, HandlerContext } from './command.ts';

const DAY_MS = 86_400_000;
export const DEFAULT_VISIT_DAYS = 30;
const MAX_DAYS = 366;

export const visitUsages: readonly { usage: string; summary: Localized }[] = [
  { usage: 'visit', summary: { 'zh-CN': () => '我的客户（点按钮记录拜访）', en: () => 'My customers (tap to log a visit)' } },
  { usage: 'visit 上海市实验中学', summary: { 'zh-CN': () => '打开这个客户的拜访表单', en: () => 'Open the visit form for a customer' } },
  {
    usage: 'visit 上海市实验中学：主任说服务器常宕机，下周三技术交流',
    summary: { 'zh-CN': () => '一句话纪要（也可「拜访 客户：…」或企业微信语音），确认后保存', en: () => 'A one-line note (or a WeCom voice message); saved after you confirm' },
  },
  { usage: 'visit mine [days]', summary: { 'zh-CN': () => '我的拜访记录（默认 30 天）', en: () => 'My visits (default 30 days)' } },
];

/** Splits "客户：纪要" / "customer: note" at the first colon; no colon → the whole text names a customer. */
export function splitCustomerNote(args: string): { customer: string; note?: string } {
  const m = /^([^：:]+)[：:]([\s\S]*)$/.exec(args.trim());
  if (!m) return { customer: args.trim() };
  return { customer: m[1]!.trim(), note: m[2]!.trim() };
}

async function listCustomers(ctx: HandlerContext): Promise<void> {
  const { company, db } = ctx.deps;
  const owners = actableOwners(company, ctx.person);
  const owned = await customersOf(db.kysely, owners);
  // Customers someone else owns where one of these people owns an open deal (a second lead of the company).
  const viaDeals = (await openDealsOf(db.kysely, owners, 200)).map((d) => d.customerId).filter((id) => !owned.some((c) => c.id === id));
  const others = [];
  for (const id of new Set(viaDeals)) {
    const c = await getCustomer(db.kysely, id);
    if (c) others.push(c);
  }
  const customers = [...owned, ...others];
  const zh = ctx.locale === 'zh-CN';
  const rows: CustomerRow[] = [];
  for (const c of customers.slice(0, 15)) {
    const deal = await openDealOfCustomer(db.kysely, c.id);
    const contact = c.contacts[0];
    const facts = [
      customerTypeLabel(company, c.customerType, ctx.locale),
      c.industry ? industryLabel(company, c.industry, ctx.locale) : undefined,
      c.region ?? undefined,
      contact ? [contact.name, contact.title].filter(Boolean).join(' ') : undefined,
      c.lastContactAt ? (zh ? `上次沟通 ${isoDay(c.lastContactAt, company.timezone)}` : `last contact ${isoDay(c.lastContactAt, company.timezone)}`) : undefined,
      deal ? `${deal.id} ${stageLabel(company, deal.stage, ctx.locale)}` : undefined,
      c.ownerId !== ctx.person.id ? (personById(company, c.ownerId)?.name ?? c.ownerId) : undefined,
    ].filter(Boolean);
    rows.push({ id: c.id, name: c.name, facts: facts.join(' · ') });
  }
  await ctx.reply({ kind: 'card', card: customerListCard(ctx.locale, `customer-list:${ctx.person.id}:${ctx.interaction.dedupeKey}`, rows, customers.length, ctx.person.name) });
}

async function listVisits(ctx: HandlerContext, args: string): Promise<void> {
  const zh = ctx.locale === 'zh-CN';
  const days = args.trim() ? Number(args.trim()) : DEFAULT_VISIT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    throw new BotError('bad_args', zh ? `天数要是 1–${MAX_DAYS} 的整数，例如：visit mine 7` : `Days must be a whole number from 1 to ${MAX_DAYS}, e.g. visit mine 7`);
  }
  const { company, db } = ctx.deps;
  const now = ctx.deps.now();
  const visits = await visitsOfRep(db.kysely, ctx.person.id, now - days * DAY_MS, 200);
  const names = new Map<string, string>();
  for (const v of visits) {
    if (!names.has(v.customerId)) names.set(v.customerId, (await db.kysely.selectFrom('customers').select('name').where('id', '=', v.customerId).executeTakeFirst())?.name ?? v.customerId);
  }
  const rows = visits.map((v) => ({
    id: v.id,
    day: isoDay(v.visitedAt, company.timezone),
    customerName: names.get(v.customerId) ?? v.customerId,
    summary: [v.pains.map((p) => painLabel(company, p.key, ctx.locale, v.customerType)).join(zh ? '、' : ', '), v.nextAction ? actionWithDue(company, v.nextAction, ctx.locale) : undefined].filter(Boolean).join(' · '),
  }));
  await ctx.reply({ kind: 'card', card: visitListCard(ctx.locale, `visit-list:${ctx.person.id}:${ctx.interaction.dedupeKey}`, rows, days) });
}

export async function openVisitForm(ctx: HandlerContext, customerTyped: string): Promise<void> {
  const { company, db } = ctx.deps;
  const customer = await resolveCustomer(db.kysely, company, ctx.person, customerTyped, 'act');
  const card = await visitFormFor(db.kysely, company, ctx.person, customer, {
    key: `visit-form:${customer.id}:${ctx.interaction.dedupeKey}`,
    submitValue: formSubmitValue(customer.id, ctx.interaction),
    now: ctx.deps.now(),
  });
  if (await ctx.openForm(card)) return;
  await ctx.reply({ kind: 'card', card });
}

export async function runVisitNote(ctx: HandlerContext, customer: string, note: string): Promise<void> {
  await draftFromNote(ctx.deps, ctx.person, customer, note, ctx.interaction.via === 'voice' ? 'voice' : 'note', { personId: ctx.person.id, interaction: ctx.interaction });
}

export const visitCommand: Command = {
  name: 'visit',
  aliases: ['拜访'],
  joinable: true,
  forms: visitUsages,
  summary: { 'zh-CN': () => '拜访：客户列表、表单、一句话纪要、我的拜访', en: () => 'Visits: customers, form, one-line notes, my visits' },
  async run(ctx, args) {
    const text = args.trim();
    if (!text) return listCustomers(ctx);
    const [word = '', ...rest] = text.split(/\s+/);
    if (['mine', '我的'].includes(word.toLowerCase())) return listVisits(ctx, rest.join(' '));
    const { customer, note } = splitCustomerNote(text);
    if (note !== undefined) return runVisitNote(ctx, customer, note);
    return openVisitForm(ctx, customer);
  },
};
