/**
 * `/closeloop ooo 12-01..12-05` (also `ooo 12-24`, `ooo list`, `ooo cancel`): personal time off
 * in the company's calendar days. The router skips people on time off; a refused request
 * stores nothing.
 * @module
 */
import type { Locale } from '../src/config/company.ts';
import { checkTimeOff, formatDayRange, type TimeOffProblem } from '../src/domain/leads/time-off.ts';
import { BotError, assertNever } from '../src/errors.ts';
import type { Localized } from '../src/i18n.ts';
import { recordEvent } from '../src/store/audit.ts';
import { addTimeOff, cancelTimeOff, timeOffOverlapping } from '../src/store/time-off.ts';
import type { Command, HandlerContext } from './command.ts';

const LAST_DAY = '9999-12-31';
const USAGE: Record<Locale, string> = {
  'zh-CN': '用法：ooo 12-01..12-05（起止日期）、ooo 12-24（一天）、ooo list（查看）、ooo cancel（取消）',
  en: 'Usage: ooo 12-01..12-05 (first..last day), ooo 12-24 (one day), ooo list, ooo cancel',
};
const LIST = new Set(['list', 'ls', '查看', '列表']);
const CANCEL = new Set(['cancel', '取消']);

export function problemText(p: TimeOffProblem, locale: Locale, today: string): string {
  const zh = locale === 'zh-CN';
  switch (p.code) {
    case 'malformed':
      return zh ? `看不懂「${p.text}」。${USAGE[locale]}` : `Cannot read "${p.text}". ${USAGE[locale]}`;
    case 'invalid_date':
      return zh ? `${p.token} 不是有效日期。` : `${p.token} is not a real date.`;
    case 'end_before_start':
      return zh ? `结束日期 ${p.last} 早于开始日期 ${p.first}。` : `The last day ${p.last} is before the first day ${p.first}.`;
    case 'in_past': {
      const nextYear = `${Number(p.date.slice(0, 4)) + 1}${p.date.slice(4)}`;
      const hint = p.token.length <= 5 ? (zh ? `如指明年，请写 ${nextYear}。` : ` For next year, write ${nextYear}.`) : '';
      return zh ? `${p.token} 已经过去，只能登记今天及以后的休假。${hint}` : `${p.token} is in the past; time off can start today at the earliest.${hint}`;
    }
    case 'too_long':
      return zh ? `休假一次最长 ${p.max} 天，这次是 ${p.days} 天，请分段登记。` : `Time off is at most ${p.max} days at a time; this is ${p.days}. Split it up.`;
    case 'overlap': {
      const range = formatDayRange(p.existing, today);
      return zh ? `与已登记的 ${range} 重叠。发送 ooo list 查看，ooo cancel 取消。` : `Overlaps your time off ${range}. Send ooo list to see it, ooo cancel to cancel it.`;
    }
    default:
      return assertNever(p, 'time-off problem');
  }
}

async function addOoo(ctx: HandlerContext, text: string): Promise<void> {
  const { db, routing } = ctx.deps;
  const now = ctx.deps.now();
  const today = routing.calendar.dateOf(now);
  const person = ctx.person.id;
  // Check and insert in one transaction, so two quick requests cannot both pass the overlap check.
  const added = await db.kysely.transaction().execute(async (trx) => {
    const existing = await timeOffOverlapping(trx, [person], today, LAST_DAY);
    const check = checkTimeOff(text, today, existing);
    if (!check.ok) throw new BotError(`time_off_${check.problem.code}`, problemText(check.problem, ctx.locale, today));
    const row = await addTimeOff(trx, { personId: person, firstDay: check.firstDay, lastDay: check.lastDay }, now);
    await recordEvent(trx, { subject: `person:${person}`, type: 'time_off.added', actor: person, at: now, data: { id: row.id, firstDay: row.firstDay, lastDay: row.lastDay } });
    return { ...row, days: check.days };
  });
  const range = formatDayRange(added, today);
  await ctx.reply(
    ctx.locale === 'zh-CN'
      ? `已登记休假 ${range}（${added.days} 天）。期间不会给你分配新线索；发送 ooo cancel 可取消。`
      : `Time off ${range} (${added.days} days) is booked. No new leads go to you then; send ooo cancel to undo.`,
  );
}

async function listOoo(ctx: HandlerContext): Promise<void> {
  const today = ctx.deps.routing.calendar.dateOf(ctx.deps.now());
  const rows = await timeOffOverlapping(ctx.deps.db.kysely, [ctx.person.id], today, LAST_DAY);
  const zh = ctx.locale === 'zh-CN';
  if (rows.length === 0) {
    await ctx.reply(zh ? `你没有登记中的休假。${USAGE[ctx.locale]}` : `You have no time off booked. ${USAGE[ctx.locale]}`);
    return;
  }
  const header = zh ? '你登记的休假：' : 'Your time off:';
  await ctx.reply([header, ...rows.map((r) => `• ${formatDayRange(r, today)}`)].join('\n'));
}

async function cancelOoo(ctx: HandlerContext): Promise<void> {
  const now = ctx.deps.now();
  const today = ctx.deps.routing.calendar.dateOf(now);
  const person = ctx.person.id;
  const cancelled = await ctx.deps.db.kysely.transaction().execute(async (trx) => {
    const n = await cancelTimeOff(trx, person, now, today);
    if (n > 0) await recordEvent(trx, { subject: `person:${person}`, type: 'time_off.cancelled', actor: person, at: now, data: { count: n, fromDay: today } });
    return n;
  });
  const zh = ctx.locale === 'zh-CN';
  await ctx.reply(
    cancelled === 0
      ? zh ? '没有可取消的休假。' : 'You have no time off to cancel.'
      : zh ? `已取消 ${cancelled} 段休假，新线索会照常分配给你。` : `Cancelled ${cancelled} time off booking(s); new leads reach you again.`,
  );
}

/** What help lists for `ooo`, one line per form. */
export const oooUsages: readonly { usage: string; summary: Localized }[] = [
  { usage: 'ooo 12-01..12-05', summary: { 'zh-CN': () => '登记休假，期间不分配新线索（一天：ooo 12-24）', en: () => 'Book time off; no new leads meanwhile (one day: ooo 12-24)' } },
  { usage: 'ooo list', summary: { 'zh-CN': () => '查看已登记的休假', en: () => 'Show your time off' } },
  { usage: 'ooo cancel', summary: { 'zh-CN': () => '取消今天起的休假', en: () => 'Cancel your time off from today on' } },
];

export const oooCommand: Command = {
  name: 'ooo',
  aliases: ['休假'],
  forms: oooUsages,
  summary: { 'zh-CN': () => '休假：登记、查看、取消', en: () => 'Time off: book, list, cancel' },
  async run(ctx, args) {
    const text = args.trim();
    const word = text.toLowerCase();
    if (text === '') throw new BotError('bad_args', USAGE[ctx.locale]);
    if (LIST.has(word)) return listOoo(ctx);
    if (CANCEL.has(word)) return cancelOoo(ctx);
    return addOoo(ctx, text);
  },
};
