/**
 * A lead as the domain sees it, and the pure rules on who may act on it.
 * @module
 */
import type { Company, Person } from '../../config/company.ts';
import { mayAct, relationTo } from '../access/access.ts';
import type { LeadInput } from './lead-input.ts';

export type LeadStatus = 'assigned' | 'accepted';

export interface Lead extends Omit<LeadInput, 'custom'> {
  id: string;
  custom: Record<string, string | number | boolean>;
  ownerId: string;
  status: LeadStatus;
  acceptedBy: string | null;
  acceptedAt: number | null;
  createdAt: number;
  updatedAt: number;
  tags: string[];
  score: number;
  ruleVersion: string | null;
  routeId: string | null;
  /** Bumps on every change of owner; SLA timers and card ids carry it. */
  assignmentSeq: number;
  firstAssignedAt: number | null;
  /** Start of the current owner's SLA clock. */
  assignedAt: number | null;
  firstTouchAt: number | null;
  firstTouchBy: string | null;
  touchChannel: string | null;
  /** When the current owner first opened the lead in chat; null again after every change of hands. */
  openedAt: number | null;
}

export type AcceptDecision =
  | { ok: true }
  | { ok: false; reason: 'not_owner' | 'already_accepted' | 'inactive_actor' };

/** The supervisor of the lead's owner. */
export function isOwnersSupervisor(company: Company, lead: Pick<Lead, 'ownerId'>, actor: Person): boolean {
  return relationTo(company, actor, lead) === 'supervisor';
}

/** The lead's owner, or the owner's supervisor: who may act on the owner's behalf. */
export function isOwnerOrSupervisor(company: Company, lead: Pick<Lead, 'ownerId'>, actor: Person): boolean {
  return mayAct(relationTo(company, actor, lead));
}

/** Only the owner or the owner's supervisor may accept, and only once. */
export function decideAccept(company: Company, lead: Lead, actor: Person): AcceptDecision {
  if (!actor.active) return { ok: false, reason: 'inactive_actor' };
  if (lead.status === 'accepted') return { ok: false, reason: 'already_accepted' };
  return isOwnerOrSupervisor(company, lead, actor) ? { ok: true } : { ok: false, reason: 'not_owner' };
}

export type DeclineDecision = { ok: true } | { ok: false; reason: 'not_owner' | 'already_accepted' };

/** "Not mine": only the owner may decline, and only before accepting; routing picks who is next. */
export function decideDecline(lead: Lead, actor: Person): DeclineDecision {
  if (actor.id !== lead.ownerId) return { ok: false, reason: 'not_owner' };
  if (lead.status === 'accepted') return { ok: false, reason: 'already_accepted' };
  return { ok: true };
}
