/**
 * Visits with their pains and competitors (child rows carry when, who, team and customer, so
 * the managers' counts by period need no join), and the queries cards and lists need.
 * @module
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, VisitsTable } from '../../../db/schema.ts';
import type { VisitValues } from '../../domain/visits/visit.ts';
import { insertRow } from '../compiled-insert.ts';

export interface StoredVisit extends VisitValues {
  id: string;
  dedupeKey: string;
  customerId: string;
  dealId: string | null;
  repId: string;
  teamId: string | null;
  stage: string;
  customerType: string;
  industry: string | null;
  region: string | null;
  via: 'form' | 'note' | 'voice';
  visitedAt: number;
  createdAt: number;
}

/** Inserts the visit once per dedupe key; false when a visit with that key already exists. */
export async function insertVisit(db: Kysely<Database>, v: StoredVisit): Promise<boolean> {
  const r = await db
    .insertInto('visits')
    .values({
      id: v.id,
      dedupe_key: v.dedupeKey,
      customer_id: v.customerId,
      deal_id: v.dealId,
      rep_id: v.repId,
      team_id: v.teamId,
      stage: v.stage,
      customer_type: v.customerType,
      industry: v.industry,
      region: v.region,
      no_competitor: v.noCompetitor ? 1 : 0,
      next_action: v.nextAction?.key ?? null,
      next_action_due: v.nextAction?.due ?? null,
      next_action_source: v.nextAction?.source ?? null,
      quantities: JSON.stringify(v.quantities),
      note: v.note,
      via: v.via,
      visited_at: v.visitedAt,
      created_at: v.createdAt,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0n) !== 1) return false;
  const shared = { visit_id: v.id, visited_at: v.visitedAt, rep_id: v.repId, team_id: v.teamId, customer_id: v.customerId };
  for (const p of v.pains) await insertRow(db, 'visit_pains', { ...shared, pain_key: p.key, source: p.source, evidence: p.evidence ?? null });
  for (const c of v.competitors) {
    await insertRow(db, 'visit_competitors', {
      ...shared,
      competitor_key: c.key,
      competitor_name: c.name,
      stance: c.stance,
      source: c.source,
      evidence: c.evidence ?? null,
    });
  }
  return true;
}

export async function visitByDedupeKey(db: Kysely<Database>, key: string): Promise<StoredVisit | undefined> {
  const row = await db.selectFrom('visits').selectAll().where('dedupe_key', '=', key).executeTakeFirst();
  return row ? (await withChildren(db, [row]))[0] : undefined;
}

export async function getVisit(db: Kysely<Database>, id: string): Promise<StoredVisit | undefined> {
  const row = await db.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await withChildren(db, [row]))[0] : undefined;
}

/** The latest visits of a deal (its card shows three). */
export async function latestVisitsOfDeal(db: Kysely<Database>, dealId: string, limit: number): Promise<StoredVisit[]> {
  const rows = await db.selectFrom('visits').selectAll().where('deal_id', '=', dealId).orderBy('visited_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return withChildren(db, rows);
}

/** A rep's visits since a moment, latest first (`/visit mine`). */
export async function visitsOfRep(db: Kysely<Database>, repId: string, since: number, limit: number): Promise<StoredVisit[]> {
  const rows = await db
    .selectFrom('visits')
    .selectAll()
    .where('rep_id', '=', repId)
    .where('visited_at', '>=', since)
    .orderBy('visited_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return withChildren(db, rows);
}

async function withChildren(db: Kysely<Database>, rows: Selectable<VisitsTable>[]): Promise<StoredVisit[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [pains, competitors] = await Promise.all([
    db.selectFrom('visit_pains').selectAll().where('visit_id', 'in', ids).execute(),
    db.selectFrom('visit_competitors').selectAll().where('visit_id', 'in', ids).execute(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    dedupeKey: r.dedupe_key,
    customerId: r.customer_id,
    dealId: r.deal_id,
    repId: r.rep_id,
    teamId: r.team_id,
    stage: r.stage,
    customerType: r.customer_type,
    industry: r.industry,
    region: r.region,
    via: r.via,
    visitedAt: Number(r.visited_at),
    createdAt: Number(r.created_at),
    noCompetitor: Number(r.no_competitor) === 1,
    pains: pains.filter((p) => p.visit_id === r.id).map((p) => ({ key: p.pain_key, source: p.source, ...(p.evidence ? { evidence: p.evidence } : {}) })),
    competitors: competitors
      .filter((c) => c.visit_id === r.id)
      .map((c) => ({ key: c.competitor_key, name: c.competitor_name, stance: c.stance, source: c.source, ...(c.evidence ? { evidence: c.evidence } : {}) })),
    nextAction: r.next_action ? { key: r.next_action, ...(r.next_action_due ? { due: r.next_action_due } : {}), source: r.next_action_source ?? 'form' } : null,
    quantities: JSON.parse(r.quantities) as StoredVisit['quantities'],
    note: r.note,
  }));
}
