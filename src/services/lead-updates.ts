/** The state changes behind reassignment and first touch, with the messages that announce them. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { BotError } from '../errors.ts';
import { localeOf, personById, supervisorOf, type Person } from '../config/company.ts';
import type { Lead } from '../domain/leads/lead.ts';
import { getLead, markFirstTouch, moveLeadOwnership } from '../store/leads.ts';
import { closeAssignment, openAssignment } from '../store/lead-assignments.ts';
import { recordEvent } from '../store/audit.ts';
import { hhmm } from '../i18n.ts';
import { notify } from './notify.ts';
import type { ServiceDeps } from './deps.ts';
import type { Assignment, StoredExplanation } from './routing/assign.ts';
import { stopLadder } from './lead-sla.ts';
import { reassignTexts, TOUCH_CHANNELS, type TouchChannel } from './lead-texts.ts';
import type { ReassignRequest } from './leads.ts';
import { sendLeadCard, updateOwnerCard } from './leads.ts';


const END_REASON = { declined: 'declined', reclaimed: 'reclaimed', transferred: 'transferred' } as const;
const VIA = { declined: 'declined', reclaimed: 'reclaim', transferred: 'transfer' } as const;

export async function applyReassignment(
  trx: Kysely<Database>,
  deps: ServiceDeps,
  lead: Lead,
  nextOwner: Person,
  assignment: Assignment | null,
  req: ReassignRequest,
): Promise<Lead> {
  const { now } = req;
  const seq = lead.assignmentSeq + 1;
  const tags = assignment ? assignment.evaluation.tags.map((x) => x.key) : lead.tags;
  const change = {
    ownerId: nextOwner.id,
    seq,
    tags,
    score: assignment ? assignment.evaluation.score : lead.score,
    ruleVersion: assignment ? deps.routing.rules.version : lead.ruleVersion,
    routeId: assignment ? assignment.routeId : lead.routeId,
    now,
  };
  if (!(await moveLeadOwnership(trx, lead.id, lead.assignmentSeq, change, { onlyIfUntouched: req.reason === 'reclaimed' }))) {
    throw new BotError('lead_moved', localeOf(deps.company, req.actor ?? nextOwner) === 'zh-CN' ? `线索 ${lead.id} 刚刚已被改派，未做更改。` : `Lead ${lead.id} was just reassigned; nothing was changed.`);
  }
  await closeAssignment(trx, lead.id, lead.assignmentSeq, END_REASON[req.reason], now);
  await stopLadder(trx, lead.id);
  const explanation: StoredExplanation & { transferredBy?: string } = assignment?.explanation ?? {
    decision: null,
    matched: [],
    matchedTags: [],
    preferredSkills: [],
    materials: null,
    ...(req.actor ? { transferredBy: req.actor.id } : {}),
  };
  await openAssignment(trx, {
    leadId: lead.id,
    seq,
    ownerId: nextOwner.id,
    teamId: assignment?.teamId ?? nextOwner.team ?? null,
    via: VIA[req.reason],
    at: now,
    explanation,
  });
  await recordEvent(trx, { subject: lead.id, type: `lead.${req.reason}`, actor: req.actor?.id ?? null, at: now, data: { from: lead.ownerId, to: nextOwner.id, seq } });
  await recordEvent(trx, { subject: lead.id, type: 'lead.assigned', actor: req.actor?.id ?? null, at: now, data: { ownerId: nextOwner.id, via: VIA[req.reason], seq, tags } });

  const at = hhmm(now, deps.company.timezone);
  const state = { kind: req.reason, toName: nextOwner.name, at } as const;
  await updateOwnerCard(trx, deps, lead, state, `moved:${lead.assignmentSeq}`, now);

  const oldOwner = personById(deps.company, lead.ownerId);
  if (oldOwner && req.reason !== 'declined') {
    await notify(trx, deps, {
      personId: oldOwner.id,
      id: `lead-moved-owner:${lead.id}:${lead.assignmentSeq}`,
      message: { kind: 'text', text: reassignTexts[req.reason].owner[localeOf(deps.company, oldOwner)](lead.id, nextOwner.name, req.actor?.name ?? '') },
      now,
    });
  }
  const supervisor = oldOwner && supervisorOf(deps.company, oldOwner);
  if (supervisor && supervisor.id !== req.actor?.id && supervisor.id !== nextOwner.id) {
    await notify(trx, deps, {
      personId: supervisor.id,
      id: `lead-moved-supervisor:${lead.id}:${lead.assignmentSeq}`,
      message: { kind: 'text', text: reassignTexts[req.reason].supervisor[localeOf(deps.company, supervisor)](lead.id, nextOwner.name, oldOwner.name) },
      now,
    });
  }
  const moved = (await getLead(trx, lead.id))!;
  await sendLeadCard(trx, deps, moved, now, explanation);
  return moved;
}

export async function recordTouch(
  trx: Kysely<Database>,
  deps: ServiceDeps,
  lead: Lead,
  actor: Person,
  channel: TouchChannel,
  now: number,
): Promise<{ lead: Lead; first: boolean }> {
  if (!(await markFirstTouch(trx, lead.id, lead.assignmentSeq, actor.id, channel, now))) return { lead, first: false };
  await stopLadder(trx, lead.id);
  await recordEvent(trx, { subject: lead.id, type: 'lead.touched', actor: actor.id, at: now, data: { channel, seq: lead.assignmentSeq } });
  const touched = (await getLead(trx, lead.id))!;
  const owner = personById(deps.company, lead.ownerId);
  const label = TOUCH_CHANNELS[channel][localeOf(deps.company, owner)];
  await updateOwnerCard(trx, deps, touched, { kind: 'touched', byName: actor.name, at: hhmm(now, deps.company.timezone), channel: label }, `touched:${lead.assignmentSeq}`, now);
  return { lead: touched, first: true };
}
