/**
 * Deals and their append-only stage history. A deal's row holds where it is now; every stage
 * it entered is a history row (seq 1 is its creation), and a move is a conditional update on
 * the seq the mover saw, so two concurrent moves cannot both win.
 * @module
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, DealsTable } from '../../../db/schema.ts';
import type { Deal, StageChange } from '../../domain/deals/deal.ts';
import { insertRow } from '../compiled-insert.ts';
import { orderedId } from '../ordered-id.ts';

type Row = Selectable<DealsTable>;

export function dealFromRow(r: Row): Deal {
  return {
    id: r.id,
    customerId: r.customer_id,
    ownerId: r.owner_id,
    title: r.title,
    amount: r.amount === null ? null : Number(r.amount),
    stage: r.stage,
    stageSeq: Number(r.stage_seq),
    stageEnteredAt: Number(r.stage_entered_at),
    sourceLeadId: r.source_lead_id,
    status: r.status,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function dealRow(d: Deal): Insertable<DealsTable> {
  return {
    id: d.id,
    customer_id: d.customerId,
    owner_id: d.ownerId,
    title: d.title,
    amount: d.amount,
    stage: d.stage,
    stage_seq: d.stageSeq,
    stage_entered_at: d.stageEnteredAt,
    source_lead_id: d.sourceLeadId,
    status: d.status,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  };
}

async function insertHistory(db: Kysely<Database>, c: StageChange, data: Record<string, unknown> = {}): Promise<void> {
  await insertRow(db, 'deal_stage_history', {
    id: orderedId(),
    deal_id: c.dealId,
    seq: c.seq,
    from_stage: c.from,
    to_stage: c.to,
    actor_id: c.actorId,
    at: c.at,
    reason: c.reason,
    data: JSON.stringify(data),
  });
}

/** Inserts the deal and its first history row (seq 1, reason `created`); returns that change. */
export async function insertDeal(db: Kysely<Database>, d: Deal, actorId: string | null): Promise<StageChange> {
  await insertRow(db, 'deals', dealRow({ ...d, stageSeq: 1 }));
  const change: StageChange = { dealId: d.id, seq: 1, from: null, to: d.stage, actorId, at: d.stageEnteredAt, reason: 'created' };
  await insertHistory(db, change);
  return change;
}

/** Moves the deal if it still is at the seq the mover saw; null when someone else moved it first. */
export async function moveDealStage(
  db: Kysely<Database>,
  deal: Pick<Deal, 'id' | 'stage' | 'stageSeq'>,
  to: string,
  actorId: string,
  now: number,
  opts: { close?: boolean; data?: Record<string, unknown> } = {},
): Promise<StageChange | null> {
  const seq = deal.stageSeq + 1;
  const r = await db
    .updateTable('deals')
    .set({ stage: to, stage_seq: seq, stage_entered_at: now, updated_at: now, ...(opts.close ? { status: 'closed' as const } : {}) })
    .where('id', '=', deal.id)
    .where('stage_seq', '=', deal.stageSeq)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return null;
  const change: StageChange = { dealId: deal.id, seq, from: deal.stage, to, actorId, at: now, reason: 'moved' };
  await insertHistory(db, change, opts.data);
  return change;
}

export async function getDeal(db: Kysely<Database>, id: string): Promise<Deal | undefined> {
  const row = await db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirst();
  return row && dealFromRow(row);
}

export async function dealFromLead(db: Kysely<Database>, leadId: string): Promise<Deal | undefined> {
  const row = await db.selectFrom('deals').selectAll().where('source_lead_id', '=', leadId).executeTakeFirst();
  return row && dealFromRow(row);
}

/** The customer's open deal most recently created (a visit goes to it). */
export async function openDealOfCustomer(db: Kysely<Database>, customerId: string): Promise<Deal | undefined> {
  const row = await db
    .selectFrom('deals')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('status', '=', 'open')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row && dealFromRow(row);
}

export async function dealsOfCustomer(db: Kysely<Database>, customerId: string): Promise<Deal[]> {
  const rows = await db.selectFrom('deals').selectAll().where('customer_id', '=', customerId).orderBy('created_at', 'desc').execute();
  return rows.map(dealFromRow);
}

/** Open deals of these owners, the longest in their stage first. */
export async function openDealsOf(db: Kysely<Database>, ownerIds: readonly string[], limit = 50): Promise<Deal[]> {
  if (ownerIds.length === 0) return [];
  const rows = await db
    .selectFrom('deals')
    .selectAll()
    .where('owner_id', 'in', ownerIds as string[])
    .where('status', '=', 'open')
    .orderBy('stage_entered_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(dealFromRow);
}

export async function stageHistory(db: Kysely<Database>, dealId: string): Promise<StageChange[]> {
  const rows = await db.selectFrom('deal_stage_history').selectAll().where('deal_id', '=', dealId).orderBy('seq').execute();
  return rows.map((r) => ({
    dealId: r.deal_id,
    seq: Number(r.seq),
    from: r.from_stage,
    to: r.to_stage,
    actorId: r.actor_id,
    at: Number(r.at),
    reason: r.reason,
  }));
}
