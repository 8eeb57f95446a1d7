/**
 * Lead intake from every source (API, chat form, import — each validates first, with the same
 * checks): tag, route, store, send the owner's card and start the SLA clock, in one transaction
 * per batch. Concurrent intakes are group-committed.
 * @module
 */
import type { Person } from '../config/company.ts';
import { personById } from '../config/company.ts';
import type { LeadInput } from '../domain/leads/lead-input.ts';
import type { Lead } from '../domain/leads/lead.ts';
import { findLeadsByExternalIds, leadRow, nextSequences } from '../store/leads.ts';
import { assignmentRow } from '../store/lead-assignments.ts';
import { auditRow } from '../store/audit.ts';
import { KEEP_EXISTING_ID, RowBatch } from '../store/compiled-insert.ts';
import { outboxRow } from '../store/outbox.ts';
import { timerRow } from '../store/timers.ts';
import type { ServiceDeps } from './deps.ts';
import { createGroupCommit } from './group-commit.ts';
import { leadCardNotice } from './leads.ts';
import { firstLadderTimer } from './lead-sla.ts';
import { cardForPerson, storedExplanation } from './lead-card.ts';
import { outboxRowsFor } from './notify.ts';
import { createLiveRouter, reasonLine, type Assignment, type StoredExplanation } from './routing/assign.ts';

export interface IntakeResult {
  lead: Lead;
  created: boolean;
  owner: Person;
  reason: string;
}

export type IntakeVia = 'api' | 'chat' | 'import';

export interface IntakeRequest {
  input: LeadInput;
  via: IntakeVia;
}

const intakeQueues = new WeakMap<ServiceDeps, (request: IntakeRequest) => Promise<IntakeResult>>();
const MAX_INTAKE_BATCH = 200;

/**
 * Stores a new lead, routes it and sends its card; the same externalId returns the stored lead.
 * Leads arriving together (an API burst) are group-committed: routed one after another in one
 * transaction, so a burst costs one commit, not one per lead; a batch that fails is retried
 * lead by lead, so each caller gets its own answer.
 */
export function intakeLead(deps: ServiceDeps, input: LeadInput, via: IntakeVia = 'api'): Promise<IntakeResult> {
  let submit = intakeQueues.get(deps);
  if (!submit) {
    submit = createGroupCommit({ maxBatch: MAX_INTAKE_BATCH, retryAlone: true, run: (batch: IntakeRequest[]) => intakeLeads(deps, batch) });
    intakeQueues.set(deps, submit);
  }
  return submit({ input, via });
}

/**
 * Stores, routes and announces several leads in one transaction, in order (import, or a
 * group-committed burst): each gets its tags, owner, card and SLA clock exactly as if it came
 * alone, and routing state (caps, rotation) carries from one to the next.
 */
export async function intakeLeads(deps: ServiceDeps, requests: readonly IntakeRequest[]): Promise<IntakeResult[]> {
  const now = deps.now();
  const decided = await deps.db.kysely.transaction().execute(async (trx) => {
    const externalIds = [...new Set(requests.flatMap((r) => (r.input.externalId ? [r.input.externalId] : [])))];
    const byExternalId = new Map((await findLeadsByExternalIds(trx, externalIds)).map((l) => [l.externalId!, l] as const));
    const creating = new Set<string>();
    const toCreate = requests.filter((r) => {
      const ext = r.input.externalId;
      if (!ext) return true;
      if (byExternalId.has(ext) || creating.has(ext)) return false;
      creating.add(ext);
      return true;
    }).length;
    const ids = (await nextSequences(trx, 'lead', toCreate)).map((n) => `L-${n}`);
    const router = createLiveRouter(trx, deps.company, deps.routing);
    // Every new lead's rows are written together at the end: a few multi-row statements per
    // table instead of a statement per row. Nothing in between reads them back.
    const rows = new RowBatch();
    const out: { lead: Lead; created: boolean; explanation: StoredExplanation | null }[] = [];
    for (const { input, via } of requests) {
      const seen = input.externalId ? byExternalId.get(input.externalId) : undefined;
      if (seen) {
        // The stored lead's own reason, as its owner's card shows it.
        out.push({ lead: seen, created: false, explanation: await storedExplanation(trx, seen) });
        continue;
      }
      const id = ids.shift()!;
      const assignment = await router.assign(Object.assign({}, input, { id }), { exclude: [], now, waitingSince: now });
      const lead = newLead(deps, input, id, assignment, now);
      rows.add('leads', leadRow(lead));
      rows.add('lead_assignments', assignmentRow({ leadId: id, seq: 1, ownerId: lead.ownerId, teamId: assignment.teamId, via: assignment.via, at: now, explanation: assignment.explanation }));
      rows.add('audit_events', auditRow({ subject: id, type: 'lead.assigned', actor: null, at: now, data: { ownerId: lead.ownerId, via: assignment.via, intake: via, routeId: assignment.routeId, tags: lead.tags } }));
      const card = await cardForPerson(trx, deps, lead, lead.ownerId, { kind: 'open' }, assignment.explanation);
      for (const row of outboxRowsFor(deps, leadCardNotice(lead, card, now))) rows.add('outbox', outboxRow(row), KEEP_EXISTING_ID);
      rows.add('timers', timerRow(firstLadderTimer(deps, lead, now)), KEEP_EXISTING_ID);
      if (input.externalId) byExternalId.set(input.externalId, lead);
      out.push({ lead, created: true, explanation: assignment.explanation });
    }
    await rows.write(trx);
    await router.flush();
    return out;
  });
  if (decided.some((d) => d.created)) {
    deps.wakeOutbox();
    deps.wakeScheduler();
  }
  return decided.map(({ lead, created, explanation }) => {
    const owner = personById(deps.company, lead.ownerId)!;
    const reason = explanation ? reasonLine(explanation, owner, deps.company.language) : '';
    return { lead, created, owner, reason };
  });
}

function newLead(deps: ServiceDeps, input: LeadInput, id: string, assignment: Assignment, now: number): Lead {
  // Object.assign, not `{ ...input, id, … }`: a spread followed by more properties is ~10× dearer on Node 20.
  return Object.assign({}, input, {
    id,
    custom: input.custom ?? {},
    ownerId: assignment.owner.id,
    status: 'assigned',
    acceptedBy: null,
    acceptedAt: null,
    createdAt: now,
    updatedAt: now,
    tags: assignment.evaluation.tags.map((x) => x.key),
    score: assignment.evaluation.score,
    ruleVersion: deps.routing.rules.version,
    routeId: assignment.routeId,
    assignmentSeq: 1,
    firstAssignedAt: now,
    assignedAt: now,
    firstTouchAt: null,
    firstTouchBy: null,
    touchChannel: null,
    openedAt: null,
  } satisfies Omit<Lead, keyof LeadInput> & Pick<Lead, 'id' | 'custom'>);
}
