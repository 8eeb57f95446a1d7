/** `/lead mine`: the person's open leads (no first touch yet) and recently contacted ones, as one card. */
import { leadListCard, type LeadListRow } from '../cards/lead-list.ts';
import { nextDeadline } from '../src/domain/sla/ladder.ts';
import { leadsOwnedBy } from '../src/store/leads.ts';
import type { Lead } from '../src/domain/leads/lead.ts';
import type { HandlerContext } from './command.ts';
import { hhmm } from '../src/i18n.ts';
import { createZone, isoDate } from '../src/domain/sla/zoned-time.ts';

export const RECENT_DAYS = 7;
const DAY_MS = 86_400_000;
const PER_LIST = 20;

/** "14:05" today, "12-02 09:30" another day, both in the company zone. */
export function dueText(at: number, now: number, timeZone: string): string {
  const zone = createZone(timeZone);
  const day = zone.dayOf(at);
  const time = hhmm(at, timeZone);
  return day === zone.dayOf(now) ? time : `${isoDate(day).slice(5)} ${time}`;
}

export async function runLeadMine(ctx: HandlerContext): Promise<void> {
  const { db, company } = ctx.deps;
  const now = ctx.deps.now();
  const zh = ctx.locale === 'zh-CN';
  const { open, recent } = await leadsOwnedBy(db.kysely, ctx.person.id, { touchedSince: now - RECENT_DAYS * DAY_MS, limit: PER_LIST });
  if (open.length === 0 && recent.length === 0) {
    await ctx.reply(
      zh
        ? `你目前没有待跟进的线索，近 ${RECENT_DAYS} 天也没有已联系的线索。`
        : `You have no open leads and none contacted in the last ${RECENT_DAYS} days.`,
    );
    return;
  }
  const { routing } = ctx.deps;
  const row = (l: Lead, state: LeadListRow['state']): LeadListRow => {
    // Deadlines only (the warning before the reclaim is a nudge); none once touched.
    const at = nextDeadline({ ...l, assignedAt: l.assignedAt ?? l.createdAt }, routing.ladderFor(l.routeId), routing.calendar, now) ?? undefined;
    return { id: l.id, company: l.company, state, ...(at !== undefined ? { due: dueText(at, now, company.timezone) } : {}) };
  };
  const rows = [...open.map((l) => row(l, l.status === 'accepted' ? 'accepted' : 'assigned')), ...recent.map((l) => row(l, 'touched'))];
  const card = leadListCard(ctx.locale, `lead-list:${ctx.person.id}:${ctx.interaction.dedupeKey}`, rows, {
    open: open.length,
    recent: recent.length,
    recentDays: RECENT_DAYS,
  });
  await ctx.reply({ kind: 'card', card });
}
