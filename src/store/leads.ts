/** Lead rows ↔ domain leads, and the queries the lead service needs. */
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database, LeadsTable } from '../../db/schema.ts';
import type { Lead } from '../domain/leads/lead.ts';
import { insertRow } from './compiled-insert.ts';

type LeadRow = Selectable<LeadsTable>;

export function leadFromRow(r: LeadRow): Lead {
  return {
    id: r.id,
    externalId: r.external_id ?? undefined,
    company: r.company,
    contactName: r.contact_name,
    contactTitle: r.contact_title,
    industry: r.industry,
    budget: Number(r.budget),
    websiteDwellSeconds: r.website_dwell_seconds,
    decisionChainSize: r.decision_chain_size,
    interactionCount: r.interaction_count,
    region: r.region ?? undefined,
    source: r.source ?? undefined,
    phone: r.phone ?? undefined,
    email: r.email ?? undefined,
    notes: r.notes ?? undefined,
    custom: JSON.parse(r.custom) as Lead['custom'],
    ownerId: r.owner_id,
    status: r.status,
    acceptedBy: r.accepted_by,
    acceptedAt: numberOrNull(r.accepted_at),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    tags: JSON.parse(r.tags) as string[],
    score: Number(r.score),
    ruleVersion: r.rule_version,
    routeId: r.route_id,
    assignmentSeq: Number(r.assignment_seq),
    firstAssignedAt: numberOrNull(r.first_assigned_at),
    assignedAt: numberOrNull(r.assigned_at),
    firstTouchAt: numberOrNull(r.first_touch_at),
    firstTouchBy: r.first_touch_by,
    touchChannel: r.touch_channel,
    openedAt: numberOrNull(r.opened_at),
  };
}

function numberOrNull(v: number | null): number | null {
  return v === null ? null : Number(v);
}

export async function insertLead(db: Kysely<Database>, lead: Lead): Promise<void> {
  await insertRow(db, 'leads', leadRow(lead));
}

/** The stored form of a lead (for a `RowBatch`; `insertLead` inserts it at once). */
export function leadRow(lead: Lead): Insertable<LeadsTable> {
  return {
    id: lead.id,
    external_id: lead.externalId ?? null,
    company: lead.company,
    contact_name: lead.contactName,
    contact_title: lead.contactTitle,
    industry: lead.industry,
    budget: lead.budget,
    website_dwell_seconds: lead.websiteDwellSeconds,
    decision_chain_size: lead.decisionChainSize,
    interaction_count: lead.interactionCount,
    region: lead.region ?? null,
    source: lead.source ?? null,
    phone: lead.phone ?? null,
    email: lead.email ?? null,
    notes: lead.notes ?? null,
    custom: JSON.stringify(lead.custom),
    owner_id: lead.ownerId,
    status: lead.status,
    accepted_by: lead.acceptedBy,
    accepted_at: lead.acceptedAt,
    created_at: lead.createdAt,
    updated_at: lead.updatedAt,
    tags: JSON.stringify(lead.tags),
    score: lead.score,
    rule_version: lead.ruleVersion,
    route_id: lead.routeId,
    assignment_seq: lead.assignmentSeq,
    first_assigned_at: lead.firstAssignedAt,
    assigned_at: lead.assignedAt,
    first_touch_at: lead.firstTouchAt,
    first_touch_by: lead.firstTouchBy,
    touch_channel: lead.touchChannel,
    opened_at: lead.openedAt,
  };
}

export async function getLead(db: Kysely<Database>, id: string): Promise<Lead | undefined> {
  const row = await db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst();
  return row && leadFromRow(row);
}

/** The stored leads with any of these externalIds (asked in chunks, within every driver's parameter limit). */
export async function findLeadsByExternalIds(db: Kysely<Database>, externalIds: readonly string[]): Promise<Lead[]> {
  const out: Lead[] = [];
  for (let i = 0; i < externalIds.length; i += 500) {
    const rows = await db.selectFrom('leads').selectAll().where('external_id', 'in', externalIds.slice(i, i + 500)).execute();
    out.push(...rows.map(leadFromRow));
  }
  return out;
}

/** Records the owner's first look at the lead, for this assignment, while it waits for acceptance. */
export async function markLeadOpened(db: Kysely<Database>, id: string, seq: number, ownerId: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('leads')
    .set({ opened_at: now })
    .where('id', '=', id)
    .where('assignment_seq', '=', seq)
    .where('owner_id', '=', ownerId)
    .where('status', '=', 'assigned')
    .where('opened_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks the lead accepted only if it still is assigned (a concurrent accept loses). */
export async function markLeadAccepted(db: Kysely<Database>, id: string, actorId: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('leads')
    .set({ status: 'accepted', accepted_by: actorId, accepted_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'assigned')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** `count` consecutive numbers of a named sequence in one statement (a batch's lead ids). */
export async function nextSequences(db: Kysely<Database>, name: string, count: number, start = 1001): Promise<number[]> {
  if (count < 1) return [];
  const row = await db
    .insertInto('sequences')
    .values({ name, value: start + count - 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`sequences.value + ${count}` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  const last = Number(row.value);
  return Array.from({ length: count }, (_, i) => last - count + 1 + i);
}

export interface OwnershipChange {
  ownerId: string;
  seq: number;
  tags: string[];
  score: number;
  ruleVersion: string | null;
  routeId: string | null;
  now: number;
}

/** Moves the lead to a new owner if nobody else changed its hands first (same assignment seq). */
export async function moveLeadOwnership(
  db: Kysely<Database>,
  id: string,
  expectedSeq: number,
  c: OwnershipChange,
  opts: { onlyIfUntouched?: boolean } = {},
): Promise<boolean> {
  const r = await db
    .updateTable('leads')
    .set({
      owner_id: c.ownerId,
      assignment_seq: c.seq,
      assigned_at: c.now,
      status: 'assigned',
      accepted_by: null,
      accepted_at: null,
      opened_at: null,
      tags: JSON.stringify(c.tags),
      score: c.score,
      rule_version: c.ruleVersion,
      route_id: c.routeId,
      updated_at: c.now,
    })
    .where('id', '=', id)
    .where('assignment_seq', '=', expectedSeq)
    // A reclaim must lose to a first touch committed a moment earlier.
    .$if(opts.onlyIfUntouched === true, (qb) => qb.where('first_touch_at', 'is', null))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records the first touch once; touching also counts as accepting an unaccepted lead. */
export async function markFirstTouch(
  db: Kysely<Database>,
  id: string,
  expectedSeq: number,
  actorId: string,
  channel: string,
  now: number,
): Promise<boolean> {
  const r = await db
    .updateTable('leads')
    .set((eb) => ({
      first_touch_at: now,
      first_touch_by: actorId,
      touch_channel: channel,
      status: 'accepted',
      accepted_by: eb.fn.coalesce('accepted_by', eb.val(actorId)),
      accepted_at: eb.fn.coalesce('accepted_at', eb.val(now)),
      updated_at: now,
    }))
    .where('id', '=', id)
    // Only for the assignment the toucher saw: a touch racing a reclaim must not stop the new owner's clock.
    .where('assignment_seq', '=', expectedSeq)
    .where('first_touch_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface OwnedLeads {
  /** No first touch yet, oldest assignment first (the most pressing on top). */
  open: Lead[];
  /** First touch at or after `touchedSince`, latest first. */
  recent: Lead[];
}

/** A person's leads for `/lead mine`; each list capped at `limit`. */
export async function leadsOwnedBy(db: Kysely<Database>, ownerId: string, opts: { touchedSince: number; limit: number }): Promise<OwnedLeads> {
  const base = db.selectFrom('leads').selectAll().where('owner_id', '=', ownerId);
  const [open, recent] = await Promise.all([
    base.where('first_touch_at', 'is', null).orderBy('assigned_at').orderBy('id').limit(opts.limit).execute(),
    base.where('first_touch_at', '>=', opts.touchedSince).orderBy('first_touch_at', 'desc').orderBy('id').limit(opts.limit).execute(),
  ]);
  return { open: open.map(leadFromRow), recent: recent.map(leadFromRow) };
}

