/**
 * `/lead transfer <id> <person>`: a supervisor, manager or admin moves a lead to someone else
 * by id or name (张伟 or zhang-wei). The service checks who may and restarts the SLA clock.
 * @module
 */
import type { Company, Locale, Person } from '../src/config/company.ts';
import { personById } from '../src/config/company.ts';
import { BotError } from '../src/errors.ts';
import { requireLead, transferLead } from '../src/services/leads.ts';
import type { HandlerContext } from './command.ts';

export const TRANSFER_USAGE = 'lead transfer L-1001 李娜';

function usage(locale: Locale): BotError {
  return new BotError(
    'bad_args',
    locale === 'zh-CN'
      ? `用法：${TRANSFER_USAGE}（线索编号，接手人的姓名或 id）`
      : `Usage: ${TRANSFER_USAGE} (the lead id, then the new owner's name or id)`,
  );
}

/** Exact id (any case) or exact name; a leading @ from chat mentions is ignored. */
export function findPeople(company: Company, who: string): Person[] {
  const w = who.trim().replace(/^@/, '');
  const byId = company.people.filter((p) => p.id === w.toLowerCase());
  return byId.length ? byId : company.people.filter((p) => p.name === w);
}

function candidates(company: Company): string {
  return company.people
    .filter((p) => p.active && p.roles.includes('rep'))
    .map((p) => `${p.name}（${p.id}）`)
    .join('、');
}

export async function runLeadTransfer(ctx: HandlerContext, args: string): Promise<void> {
  const { company } = ctx.deps;
  const zh = ctx.locale === 'zh-CN';
  const [rawId = '', ...rest] = args.trim().split(/\s+/).filter(Boolean);
  const who = rest.join(' ');
  const id = rawId.toUpperCase();
  if (!/^L-\d+$/.test(id) || !who) throw usage(ctx.locale);

  const found = findPeople(company, who);
  if (found.length === 0) {
    throw new BotError('unknown_person', zh ? `找不到「${who}」。可用：${candidates(company)}` : `Cannot find "${who}". Available: ${candidates(company)}`);
  }
  if (found.length > 1) {
    const ids = found.map((p) => p.id).join(', ');
    throw new BotError('ambiguous_person', zh ? `有多位「${who}」，请用 id：${ids}` : `Several people are called "${who}"; use an id: ${ids}`);
  }
  const to = found[0]!;
  const lead = await requireLead(ctx.deps.db.kysely, id, ctx.person, ctx.deps);
  if (lead.ownerId === to.id) {
    throw new BotError('same_owner', zh ? `线索 ${id} 已经由 ${to.name} 负责，未做更改。` : `Lead ${id} already belongs to ${to.name}; nothing was changed.`);
  }
  const from = personById(company, lead.ownerId)?.name ?? lead.ownerId;
  const { nextOwner } = await transferLead(ctx.deps, id, ctx.person, to);
  await ctx.reply(
    zh
      ? `已将线索 ${id} 从 ${from} 转交给 ${nextOwner.name}，SLA 计时已重新开始。`
      : `Lead ${id} moved from ${from} to ${nextOwner.name}; the SLA clock has restarted.`,
  );
}
