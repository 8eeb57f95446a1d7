/** Phrases reps' corrections suggest as synonyms, waiting for the admin (`closeloop lexicon review`). */
import { sql, type Kysely } from 'kysely';
import type { Database, LexiconSuggestionsTable } from '../../../db/schema.ts';
import type { LexiconEntry } from '../../domain/visits/extraction.ts';
import { orderedId } from '../ordered-id.ts';

export interface LexiconSuggestion {
  id: string;
  kind: LexiconSuggestionsTable['kind'];
  key: string;
  phrase: string;
  suggestedBy: string;
  times: number;
  status: LexiconSuggestionsTable['status'];
  createdAt: number;
}

/** Records a suggestion, or counts one more time it was made. */
export async function suggestPhrase(db: Kysely<Database>, s: { kind: LexiconEntry['kind']; key: string; phrase: string; by: string; visitId: string | null; now: number }): Promise<void> {
  await db
    .insertInto('lexicon_suggestions')
    .values({ id: orderedId(), kind: s.kind, key: s.key, phrase: s.phrase, suggested_by: s.by, visit_id: s.visitId, times: 1, status: 'pending', created_at: s.now })
    .onConflict((oc) => oc.columns(['kind', 'key', 'phrase']).doUpdateSet({ times: sql`lexicon_suggestions.times + 1` }))
    .execute();
}

export async function suggestionsWithStatus(db: Kysely<Database>, status: LexiconSuggestion['status']): Promise<LexiconSuggestion[]> {
  const rows = await db.selectFrom('lexicon_suggestions').selectAll().where('status', '=', status).orderBy('times', 'desc').orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, key: r.key, phrase: r.phrase, suggestedBy: r.suggested_by, times: Number(r.times), status: r.status, createdAt: Number(r.created_at) }));
}

/** The admin's decision; false when it was already decided or does not exist. */
export async function decideSuggestion(db: Kysely<Database>, id: string, status: 'accepted' | 'rejected', by: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('lexicon_suggestions')
    .set({ status, decided_by: by, decided_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Accepted phrases: merged into the note extractor's lexicon at start. */
export async function acceptedLexicon(db: Kysely<Database>): Promise<LexiconEntry[]> {
  const rows = await db.selectFrom('lexicon_suggestions').select(['kind', 'key', 'phrase']).where('status', '=', 'accepted').execute();
  return rows.map((r) => ({ kind: r.kind, key: r.key, phrase: r.phrase }));
}
