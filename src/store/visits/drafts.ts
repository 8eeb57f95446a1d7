/** Notes the bot understood, waiting for the rep's 确认 / 修改 / 放弃; a draft is decided once. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Extraction } from '../../domain/visits/extraction.ts';
import { insertRow } from '../compiled-insert.ts';

export interface VisitDraft {
  id: string;
  repId: string;
  customerId: string;
  note: string;
  extraction: Extraction;
  via: 'note' | 'voice';
  status: 'pending' | 'confirmed' | 'discarded';
  visitId: string | null;
  createdAt: number;
}

export async function insertDraft(db: Kysely<Database>, d: VisitDraft): Promise<void> {
  await insertRow(db, 'visit_drafts', {
    id: d.id,
    rep_id: d.repId,
    customer_id: d.customerId,
    note: d.note,
    extraction: JSON.stringify(d.extraction),
    via: d.via,
    status: d.status,
    visit_id: d.visitId,
    created_at: d.createdAt,
    updated_at: d.createdAt,
  });
}

export async function getDraft(db: Kysely<Database>, id: string): Promise<VisitDraft | undefined> {
  const r = await db.selectFrom('visit_drafts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return {
    id: r.id,
    repId: r.rep_id,
    customerId: r.customer_id,
    note: r.note,
    extraction: JSON.parse(r.extraction) as Extraction,
    via: r.via,
    status: r.status,
    visitId: r.visit_id,
    createdAt: Number(r.created_at),
  };
}

/** Decides a pending draft; false when it was already decided (a double tap, a replay). */
export async function decideDraft(db: Kysely<Database>, id: string, status: 'confirmed' | 'discarded', visitId: string | null, now: number): Promise<boolean> {
  const r = await db
    .updateTable('visit_drafts')
    .set({ status, visit_id: visitId, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
