/** `/lead stats [team] [days]`: the lead metrics card for one team or the whole company. */
import { BotError } from '../src/errors.ts';
import { personById, type Company, type Locale, type Person, type Team } from '../src/config/company.ts';
import { DEFAULT_METRICS_DAYS, metricsWindow } from '../src/domain/leads/lead-metrics.ts';
import { queryLeadMetrics } from '../src/store/lead-metrics.ts';
import { leadStatsCard } from '../cards/lead-stats.ts';
import type { HandlerContext } from './command.ts';

export const MAX_STATS_DAYS = 365;
const ALL = new Set(['all', '全部', '全公司']);
const DAYS = /^(\d+)(?:d|天)?$/i;

/** Who may look beyond their own team. */
function mayViewOthers(p: Person): boolean {
  return p.roles.some((r) => r === 'supervisor' || r === 'manager' || r === 'admin');
}

export type StatsArgs = { team: Team | 'all' | undefined; days: number };

function usage(company: Company, locale: Locale): BotError {
  const teams = company.teams.map((t) => t.id).join(' | ');
  return new BotError(
    'bad_args',
    locale === 'zh-CN'
      ? `用法：lead stats [团队] [天数]\n团队：${teams || '（无）'}（编号或名称），或 全部；天数 1–${MAX_STATS_DAYS}，默认 ${DEFAULT_METRICS_DAYS}。例：lead stats tech-sales 7`
      : `Usage: lead stats [team] [days]\nteam: ${teams || '(none)'} (id or name), or all; days 1–${MAX_STATS_DAYS}, default ${DEFAULT_METRICS_DAYS}. Example: lead stats tech-sales 7`,
  );
}

/** Parses `[team] [days]` in either order; a team is an id or its zh/en name. */
export function parseStatsArgs(company: Company, args: string): StatsArgs | undefined {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const numbers = words.filter((w) => DAYS.test(w));
  if (numbers.length > 1) return undefined;
  const days = numbers[0] ? Number(DAYS.exec(numbers[0])![1]) : DEFAULT_METRICS_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_STATS_DAYS) return undefined;
  const name = words.filter((w) => !DAYS.test(w)).join(' ').toLowerCase();
  if (!name) return { team: undefined, days };
  if (ALL.has(name)) return { team: 'all', days };
  const team = company.teams.find((t) => [t.id, t.name.zh, t.name.en].some((n) => n.toLowerCase() === name));
  return team ? { team, days } : undefined;
}

export async function runLeadStats(ctx: HandlerContext, args: string): Promise<void> {
  const { company } = ctx.deps;
  const zh = ctx.locale === 'zh-CN';
  const parsed = parseStatsArgs(company, args);
  if (!parsed) throw usage(company, ctx.locale);
  const own = ctx.person.team;
  const wider = mayViewOthers(ctx.person);
  // Managers and admins start from the whole company, everyone else from their own team.
  const asked = parsed.team ?? (ctx.person.roles.some((r) => r === 'manager' || r === 'admin') || !own ? 'all' : own);
  const teamId = asked === 'all' ? undefined : typeof asked === 'string' ? asked : asked.id;
  if (!wider && teamId !== own) {
    throw new BotError(
      'stats_forbidden',
      own
        ? zh ? '只有主管、经理和管理员可以查看其他团队的线索指标；你可以查看本团队：lead stats' : 'Only supervisors, managers and admins may see other teams’ lead metrics; see your own team with: lead stats'
        : zh ? '你不属于任何团队；只有主管、经理和管理员可以查看团队的线索指标。' : 'You are in no team; only supervisors, managers and admins may see team lead metrics.',
    );
  }
  const now = ctx.deps.now();
  const metrics = await queryLeadMetrics(ctx.deps.db.kysely, {
    ...metricsWindow(now, parsed.days),
    team: teamId,
    fallbackTeam: (id) => personById(company, id)?.team,
  });
  const teamName = (id: string | null) => {
    const t = company.teams.find((x) => x.id === id);
    return t ? (zh ? t.name.zh : t.name.en) : zh ? '无团队' : 'No team';
  };
  const card = leadStatsCard(
    metrics,
    {
      locale: ctx.locale,
      days: parsed.days,
      scopeName: teamId === undefined ? (zh ? '全公司' : 'All teams') : teamName(teamId),
      personName: (id) => personById(company, id)?.name ?? id,
      teamName,
    },
    `lead-stats:${ctx.interaction.dedupeKey}`,
  );
  await ctx.reply({ kind: 'card', card });
}
