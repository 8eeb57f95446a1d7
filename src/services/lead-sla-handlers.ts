/**
 * What happens when an SLA timer comes due. Each handler re-reads the lead and acts only if
 * the step still applies to the same assignment (`shouldFire`), inside one transaction with
 * its messages, so a late, repeated or concurrent fire is harmless.
 * @module
 */
import { reminderCard, supervisorCopyCard, reclaimWarningCard } from '../../cards/lead-escalation.ts';
import { localeOf, personById, supervisorOf, type Locale } from '../config/company.ts';
import { BotError } from '../errors.ts';
import { businessDurationMs, formatDuration } from '../domain/sla/duration.ts';
import { remaining, shouldFire, type SlaStep } from '../domain/sla/ladder.ts';
import { getLead } from '../store/leads.ts';
import { completeTimer } from '../store/timers.ts';
import type { TimerHandler } from './scheduler.ts';
import { notify } from './notify.ts';
import type { ServiceDeps } from './deps.ts';
import { reassignLead } from './leads.ts';
import { continueLadder, SLA_KIND, type SlaPayload } from './lead-sla.ts';

export function slaTimerHandlers(deps: ServiceDeps): Record<string, TimerHandler> {
  const handle = (step: SlaStep): TimerHandler => async (timer, { now }) => {
    const payload = timer.payload as SlaPayload;
    let queued = false;
    let completed = false;
    await deps.db.kysely.transaction().execute(async (trx) => {
      // Fired and recorded as fired in one commit. A claim that no longer holds (cancelled by an
      // accept or touch, or taken over after the lease ran out) means someone else decides.
      if (!(await completeTimer(trx, timer, now))) return;
      completed = true;
      const lead = await getLead(trx, timer.subject);
      // The next step is set up by this one, whether or not this one still applies.
      if (lead && lead.assignmentSeq === payload.seq) await continueLadder(trx, deps, lead, step, now);
      if (!lead || !shouldFire(step, payload.seq, lead)) return;
      const owner = personById(deps.company, lead.ownerId);
      if (!owner) return;
      const ladder = deps.routing.ladderFor(lead.routeId);
      const cal = deps.routing.calendar;
      const ownerLocale = localeOf(deps.company, owner);
      const tag = `${lead.id}:a${lead.assignmentSeq}`;
      // The configured spec in the person's language ("2h" → "2小时"). Business time shows in
      // hours unless the admin wrote working days: "24h" must not read as "2天6小时" of 9-hour days.
      const shown = (ms: number, locale: Locale, spec = '') => formatDuration(ms, locale, { dayMs: spec.includes('d') ? cal.workingDayMs : Number.MAX_SAFE_INTEGER });
      const acceptWithin = (locale: Locale) => shown(businessDurationMs(ladder.acceptWithin, cal), locale, ladder.acceptWithin);
      switch (step) {
        case 'remind': {
          await notify(trx, deps, { personId: owner.id, id: `sla-remind:${tag}`, message: { kind: 'card', card: reminderCard(lead, ownerLocale, acceptWithin(ownerLocale)) }, now });
          const supervisor = supervisorOf(deps.company, owner);
          if (supervisor) {
            const locale = localeOf(deps.company, supervisor);
            await notify(trx, deps, {
              personId: supervisor.id,
              id: `sla-remind-copy:${tag}`,
              message: { kind: 'card', card: supervisorCopyCard(lead, locale, owner.name, acceptWithin(locale)) },
              now,
            });
          }
          break;
        }
        case 'warn': {
          const due = cal.addBusinessTime(lead.assignedAt ?? lead.createdAt, businessDurationMs(ladder.firstTouchWithin, cal));
          const leftMs = remaining(now, due, cal);
          // Fired late (after an outage) with the reclaim already due: "reclaimed in 0 s" is only noise.
          if (leftMs <= 0) return;
          const left = shown(leftMs, ownerLocale);
          await notify(trx, deps, { personId: owner.id, id: `sla-warn:${tag}`, message: { kind: 'card', card: reclaimWarningCard(lead, ownerLocale, left) }, now });
          break;
        }
        case 'reclaim': {
          // The reassignment stops the old ladder; this timer is already recorded as fired above.
          try {
            await reassignLead(trx, deps, lead, { reason: 'reclaimed', actor: null, now });
          } catch (err) {
            if (!(err instanceof BotError)) throw err;
            // Nobody else can take it: keep the owner, tell the supervisor once.
            const supervisor = supervisorOf(deps.company, owner);
            if (supervisor) {
              await notify(trx, deps, {
                personId: supervisor.id,
                id: `sla-reclaim-stuck:${tag}`,
                message: { kind: 'text', text: localeOf(deps.company, supervisor) === 'zh-CN' ? `线索 ${lead.id} 超时未联系，但没有其他可接手的人，仍由 ${owner.name} 负责，请介入。` : `Lead ${lead.id} had no first touch in time, but nobody else can take it; it stays with ${owner.name}. Please step in.` },
                now,
              });
            }
          }
          break;
        }
      }
      queued = true;
    });
    // New timers of a reclaim need no wake-up: the scheduler reads the next due time after this batch.
    if (queued) deps.wakeOutbox();
    return completed ? 'completed' : undefined;
  };
  return { [SLA_KIND.remind]: handle('remind'), [SLA_KIND.warn]: handle('warn'), [SLA_KIND.reclaim]: handle('reclaim') };
}
