/**
 * Lead use cases: intake, accept, decline. Each runs in one transaction that writes the state
 * change, its audit event and the outbox rows that announce it.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { BotError } from '../errors.ts';
import { localeOf, personById, type Person } from '../config/company.ts';
import type { LeadInput } from '../domain/leads/lead-input.ts';
import { decideAccept, decideDecline, type Lead } from '../domain/leads/lead.ts';
import { leadCard } from '../../cards/lead-assigned.ts';
import { changeLeadOwner, findLeadByExternalId, getLead, insertLead, markLeadAccepted, nextSequence } from '../store/leads.ts';
import { recordEvent } from '../store/audit.ts';
import { hhmm, t } from '../i18n.ts';
import { notify } from './notify.ts';
import type { ServiceDeps } from './deps.ts';
import { leadRefusals } from './lead-texts.ts';

export interface IntakeResult {
  lead: Lead;
  created: boolean;
  owner: Person;
  reason: string;
}

/** Stores a new lead and sends its card to the owner; the same externalId returns the stored lead. */
export async function intakeLead(deps: ServiceDeps, input: LeadInput): Promise<IntakeResult> {
  const now = deps.now();
  const result = await deps.db.kysely.transaction().execute(async (trx) => {
    if (input.externalId) {
      const existing = await findLeadByExternalId(trx, input.externalId);
      if (existing) return { lead: existing, created: false };
    }
    const owner = defaultOwner(deps);
    const lead: Lead = {
      ...input,
      id: `L-${await nextSequence(trx, 'lead')}`,
      custom: input.custom ?? {},
      ownerId: owner.id,
      status: 'assigned',
      acceptedBy: null,
      acceptedAt: null,
      createdAt: now,
      updatedAt: now,
      tags: [],
      score: 0,
      ruleVersion: null,
      routeId: null,
      assignmentSeq: 1,
      firstAssignedAt: now,
      assignedAt: now,
      firstTouchAt: null,
      firstTouchBy: null,
      touchChannel: null,
    };
    await insertLead(trx, lead);
    await recordEvent(trx, { subject: lead.id, type: 'lead.assigned', actor: null, at: now, data: { ownerId: owner.id, via: 'default-owner' } });
    await sendLeadCard(trx, deps, lead, owner, now);
    return { lead, created: true };
  });
  if (result.created) deps.wakeOutbox();
  const owner = personById(deps.company, result.lead.ownerId) ?? defaultOwner(deps);
  return { ...result, owner, reason: 'default owner from the company file (leads.defaultOwner)' };
}

export async function acceptLead(deps: ServiceDeps, leadId: string, actor: Person): Promise<Lead> {
  const now = deps.now();
  const locale = localeOf(deps.company, actor);
  const lead = await deps.db.kysely.transaction().execute(async (trx) => {
    const lead = await requireLead(trx, leadId, actor, deps);
    const decision = decideAccept(deps.company, lead, actor);
    if (!decision.ok) throw refusal(decision.reason, lead, actor, deps);
    if (!(await markLeadAccepted(trx, lead.id, actor.id, now))) throw refusal('already_accepted', lead, actor, deps);
    await recordEvent(trx, { subject: lead.id, type: 'lead.accepted', actor: actor.id, at: now });
    const owner = personById(deps.company, lead.ownerId)!;
    const accepted = { ...lead, status: 'accepted' as const, acceptedBy: actor.id, acceptedAt: now };
    const at = hhmm(now, deps.company.timezone);
    await notify(trx, deps, {
      personId: owner.id,
      op: 'update',
      id: `lead-accepted:${lead.id}:${owner.id}`,
      message: { kind: 'card', card: leadCard(accepted, localeOf(deps.company, owner), { kind: 'accepted', byName: actor.name, at }) },
      now,
    });
    if (actor.id !== owner.id) {
      await notify(trx, deps, {
        personId: actor.id,
        id: `lead-accepted-ack:${lead.id}:${actor.id}`,
        message: { kind: 'text', text: t(locale, leadRefusals.acceptedForOwner, lead.id, owner.name) },
        now,
      });
    }
    return accepted;
  });
  deps.wakeOutbox();
  return lead;
}

export async function declineLead(deps: ServiceDeps, leadId: string, actor: Person): Promise<{ lead: Lead; nextOwner: Person }> {
  const now = deps.now();
  const out = await deps.db.kysely.transaction().execute(async (trx) => {
    const lead = await requireLead(trx, leadId, actor, deps);
    const decision = decideDecline(deps.company, lead, actor);
    if (!decision.ok) throw refusal(decision.reason, lead, actor, deps);
    if (!(await changeLeadOwner(trx, lead.id, actor.id, decision.nextOwnerId, now))) throw refusal('not_owner', lead, actor, deps);
    const nextOwner = personById(deps.company, decision.nextOwnerId)!;
    await recordEvent(trx, { subject: lead.id, type: 'lead.declined', actor: actor.id, at: now, data: { nextOwnerId: nextOwner.id } });
    await recordEvent(trx, { subject: lead.id, type: 'lead.assigned', actor: actor.id, at: now, data: { ownerId: nextOwner.id, via: 'declined' } });
    const at = hhmm(now, deps.company.timezone);
    await notify(trx, deps, {
      personId: actor.id,
      op: 'update',
      id: `lead-declined:${lead.id}:${actor.id}`,
      message: { kind: 'card', card: leadCard(lead, localeOf(deps.company, actor), { kind: 'declined', toName: nextOwner.name, at }) },
      now,
    });
    const moved = { ...lead, ownerId: nextOwner.id, updatedAt: now };
    await sendLeadCard(trx, deps, moved, nextOwner, now);
    return { lead: moved, nextOwner };
  });
  deps.wakeOutbox();
  return out;
}

async function sendLeadCard(trx: Kysely<Database>, deps: ServiceDeps, lead: Lead, owner: Person, now: number): Promise<void> {
  await notify(trx, deps, {
    personId: owner.id,
    id: `lead-assigned:${lead.id}:${owner.id}`,
    message: { kind: 'card', card: leadCard(lead, localeOf(deps.company, owner), { kind: 'open' }) },
    now,
  });
}

async function requireLead(trx: Kysely<Database>, leadId: string, actor: Person, deps: ServiceDeps): Promise<Lead> {
  const lead = await getLead(trx, leadId);
  if (!lead) throw new BotError('lead_not_found', t(localeOf(deps.company, actor), leadRefusals.notFound, leadId));
  return lead;
}

function defaultOwner(deps: ServiceDeps): Person {
  const owner = personById(deps.company, deps.company.leads.defaultOwner);
  if (!owner || !owner.active) throw new Error(`leads.defaultOwner "${deps.company.leads.defaultOwner}" is not an active person`);
  return owner;
}

function refusal(reason: keyof typeof leadRefusals, lead: Lead, actor: Person, deps: ServiceDeps): BotError {
  const locale = localeOf(deps.company, actor);
  const owner = personById(deps.company, lead.ownerId);
  const acceptedBy = lead.acceptedBy ? personById(deps.company, lead.acceptedBy)?.name ?? lead.acceptedBy : '';
  const at = lead.acceptedAt ? hhmm(lead.acceptedAt, deps.company.timezone) : '';
  const text = leadRefusals[reason][locale](lead.id, owner?.name ?? lead.ownerId, acceptedBy, at);
  return new BotError(`lead_${reason}`, text);
}
