/**
 * Lead use cases after intake (lead-intake.ts): accept, open, first touch, and every way a
 * lead changes hands (declined, reclaimed, transferred) through one `reassignLead`, so no path
 * skips the ladder. Each runs in one transaction: state change, audit, outbox rows, timers.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { BotError } from '../errors.ts';
import { localeOf, personById, type Person } from '../config/company.ts';
import { decideAccept, decideDecline, isOwnerOrSupervisor, isOwnersSupervisor, type Lead } from '../domain/leads/lead.ts';
import type { LeadCardState } from '../../cards/lead-assigned.ts';
import type { Card } from '../../cards/card.ts';
import { getLead, markLeadAccepted, markLeadOpened } from '../store/leads.ts';
import { assignmentsOf } from '../store/lead-assignments.ts';
import { recordEvent } from '../store/audit.ts';
import { hhmm } from '../i18n.ts';
import { notify, type NotifyRequest } from './notify.ts';
import type { ServiceDeps } from './deps.ts';
import { leadRefusals, type TouchChannel } from './lead-texts.ts';
import { assignOwner, type Assignment, type StoredExplanation } from './routing/assign.ts';
import { cardForPerson } from './lead-card.ts';
import { skipReminder, startLadder } from './lead-sla.ts';
import { applyReassignment, recordTouch } from './lead-updates.ts';

export async function acceptLead(deps: ServiceDeps, leadId: string, actor: Person): Promise<Lead> {
  const now = deps.now();
  const lead = await deps.db.kysely.transaction().execute(async (trx) => {
    const lead = await requireLead(trx, leadId, actor, deps);
    const decision = decideAccept(deps.company, lead, actor);
    if (!decision.ok) throw await ownerRefusal(trx, decision.reason, lead, actor, deps);
    if (!(await markLeadAccepted(trx, lead.id, actor.id, now))) throw refusal('already_accepted', lead, actor, deps);
    await recordEvent(trx, { subject: lead.id, type: 'lead.accepted', actor: actor.id, at: now });
    const accepted: Lead = { ...lead, status: 'accepted', acceptedBy: actor.id, acceptedAt: now };
    await skipReminder(trx, deps, accepted, now);
    await updateOwnerCard(trx, deps, accepted, { kind: 'accepted', byName: actor.name, at: hhmm(now, deps.company.timezone) }, `accepted:${lead.assignmentSeq}`, now);
    if (actor.id !== lead.ownerId) {
      const owner = personById(deps.company, lead.ownerId)!;
      await notify(trx, deps, {
        personId: actor.id,
        id: `lead-accepted-ack:${lead.id}:${lead.assignmentSeq}:${actor.id}`,
        message: { kind: 'text', text: leadRefusals.acceptedForOwner[localeOf(deps.company, actor)](lead.id, owner.name) },
        now,
      });
    }
    return accepted;
  });
  deps.wakeOutbox();
  return lead;
}

/**
 * The owner looked at the lead in chat (为什么是我?, 查看线索, `/lead L-…`): the first look on
 * this assignment stops level 1 (the not-opened-or-accepted reminder). Anyone else's look, or
 * a look after accepting, changes nothing.
 */
export async function openLead(deps: ServiceDeps, lead: Lead, viewer: Person): Promise<boolean> {
  if (viewer.id !== lead.ownerId || lead.status !== 'assigned' || lead.openedAt !== null) return false;
  const now = deps.now();
  return deps.db.kysely.transaction().execute(async (trx) => {
    if (!(await markLeadOpened(trx, lead.id, lead.assignmentSeq, viewer.id, now))) return false;
    await recordEvent(trx, { subject: lead.id, type: 'lead.opened', actor: viewer.id, at: now, data: { seq: lead.assignmentSeq } });
    await skipReminder(trx, deps, { ...lead, openedAt: now }, now);
    return true;
  });
}

/** Only the owner or their supervisor may log a touch; a former owner is told the lead moved. */
export async function assertMayTouch(deps: ServiceDeps, lead: Lead, actor: Person, db: Kysely<Database> = deps.db.kysely): Promise<void> {
  if (isOwnerOrSupervisor(deps.company, lead, actor)) return;
  throw await ownerRefusal(db, 'not_owner', lead, actor, deps);
}

/** 已联系: records the first touch (channel), stops the SLA clock and updates the card. */
export async function touchLead(deps: ServiceDeps, leadId: string, actor: Person, channel: TouchChannel): Promise<{ lead: Lead; first: boolean }> {
  const now = deps.now();
  const out = await deps.db.kysely.transaction().execute(async (trx) => {
    const lead = await requireLead(trx, leadId, actor, deps);
    await assertMayTouch(deps, lead, actor, trx);
    return recordTouch(trx, deps, lead, actor, channel, now);
  });
  deps.wakeOutbox();
  return out;
}

/** 不是我的: only the owner, only before accepting; re-routed excluding everyone who had it. */
export async function declineLead(deps: ServiceDeps, leadId: string, actor: Person): Promise<{ lead: Lead; nextOwner: Person }> {
  const now = deps.now();
  const out = await deps.db.kysely.transaction().execute(async (trx) => {
    const lead = await requireLead(trx, leadId, actor, deps);
    const decision = decideDecline(lead, actor);
    if (!decision.ok) throw await ownerRefusal(trx, decision.reason, lead, actor, deps);
    return reassignLead(trx, deps, lead, { reason: 'declined', actor, now });
  });
  deps.wakeOutbox();
  deps.wakeScheduler();
  return out;
}

/** A supervisor's `/lead transfer <id> <person>`. */
export async function transferLead(deps: ServiceDeps, leadId: string, actor: Person, to: Person): Promise<{ lead: Lead; nextOwner: Person }> {
  const now = deps.now();
  const out = await deps.db.kysely.transaction().execute(async (trx) => {
    const lead = await requireLead(trx, leadId, actor, deps);
    const may = actor.roles.includes('admin') || actor.roles.includes('manager') || isOwnersSupervisor(deps.company, lead, actor);
    if (!may) throw refusal('not_supervisor', lead, actor, deps);
    if (!to.active) throw new BotError('inactive_target', localeOf(deps.company, actor) === 'zh-CN' ? `${to.name} 已停用，不能接收线索。` : `${to.name} is deactivated and cannot take leads.`);
    return reassignLead(trx, deps, lead, { reason: 'transferred', actor, to, now });
  });
  deps.wakeOutbox();
  deps.wakeScheduler();
  return out;
}

export interface ReassignRequest {
  reason: 'declined' | 'reclaimed' | 'transferred';
  actor: Person | null;
  /** Explicit new owner (transfer); otherwise routed again with current rules. */
  to?: Person;
  now: number;
}

/** Every change of hands goes through here: new assignment, fresh SLA clock, everyone told. */
export async function reassignLead(trx: Kysely<Database>, deps: ServiceDeps, lead: Lead, req: ReassignRequest): Promise<{ lead: Lead; nextOwner: Person }> {
  const previous = (await assignmentsOf(trx, lead.id)).map((a) => a.owner_id);
  let assignment: Assignment | null = null;
  let nextOwner: Person;
  if (req.to) {
    nextOwner = req.to;
  } else {
    assignment = await assignOwner(trx, deps.company, deps.routing, lead, { exclude: previous, now: req.now, waitingSince: lead.createdAt });
    nextOwner = assignment.owner;
    if (previous.includes(nextOwner.id)) {
      throw new BotError('nobody_else', leadRefusals.nobody_else[localeOf(deps.company, req.actor ?? nextOwner)](lead.id));
    }
  }
  const moved = await applyReassignment(trx, deps, lead, nextOwner, assignment, req);
  await startLadder(trx, deps, moved, req.now);
  return { lead: moved, nextOwner };
}

async function sendLeadCard(trx: Kysely<Database>, deps: ServiceDeps, lead: Lead, now: number, explanation?: StoredExplanation): Promise<void> {
  await notify(trx, deps, leadCardNotice(lead, await cardForPerson(trx, deps, lead, lead.ownerId, { kind: 'open' }, explanation), now));
}

/** The new owner's lead card as a notification (its id is the assignment's, so it is queued once). */
export function leadCardNotice(lead: Lead, card: Card, now: number): NotifyRequest {
  return { personId: lead.ownerId, id: `lead-assigned:${lead.id}:${lead.assignmentSeq}:${lead.ownerId}`, message: { kind: 'card', card }, now };
}

export async function updateOwnerCard(trx: Kysely<Database>, deps: ServiceDeps, lead: Lead, state: LeadCardState, tag: string, now: number): Promise<void> {
  await notify(trx, deps, {
    personId: lead.ownerId,
    op: 'update',
    id: `lead-card:${lead.id}:${tag}:${lead.ownerId}`,
    message: { kind: 'card', card: await cardForPerson(trx, deps, lead, lead.ownerId, state) },
    now,
  });
}

export { sendLeadCard };

/** The lead, or a BotError telling `actor` in their language that there is no such lead. */
export async function requireLead(db: Kysely<Database>, leadId: string, actor: Person, deps: Pick<ServiceDeps, 'company'>): Promise<Lead> {
  const lead = await getLead(db, leadId);
  if (!lead) throw new BotError('lead_not_found', leadRefusals.notFound[localeOf(deps.company, actor)](leadId));
  return lead;
}

/** A click from someone who once owned the lead is on a stale card: say it was reassigned. */
async function ownerRefusal(trx: Kysely<Database>, reason: keyof typeof leadRefusals, lead: Lead, actor: Person, deps: ServiceDeps): Promise<BotError> {
  if (reason === 'not_owner' && actor.id !== lead.ownerId) {
    const previous = await assignmentsOf(trx, lead.id);
    if (previous.some((a) => a.owner_id === actor.id)) return refusal('reassigned', lead, actor, deps);
  }
  return refusal(reason, lead, actor, deps);
}

export function refusal(reason: keyof typeof leadRefusals, lead: Lead, actor: Person, deps: Pick<ServiceDeps, 'company'>): BotError {
  const locale = localeOf(deps.company, actor);
  const owner = personById(deps.company, lead.ownerId);
  const acceptedBy = lead.acceptedBy ? (personById(deps.company, lead.acceptedBy)?.name ?? lead.acceptedBy) : '';
  const at = lead.acceptedAt ? hhmm(lead.acceptedAt, deps.company.timezone) : '';
  return new BotError(`lead_${reason}`, leadRefusals[reason][locale](lead.id, owner?.name ?? lead.ownerId, acceptedBy, at));
}
