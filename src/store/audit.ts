/** Append-only audit trail: every state change records who, what and when. */
import { orderedId } from './ordered-id.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { insertRow } from './compiled-insert.ts';

export async function recordEvent(
  db: Kysely<Database>,
  e: { subject: string; type: string; actor: string | null; at: number; data?: Record<string, unknown> },
): Promise<void> {
  await insertRow(db, 'audit_events', { id: orderedId(), subject: e.subject, type: e.type, actor: e.actor, at: e.at, data: JSON.stringify(e.data ?? {}) });
}
