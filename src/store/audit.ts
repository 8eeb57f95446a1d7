/** Append-only audit trail: every state change records who, what and when. */
import { orderedId } from './ordered-id.ts';
import type { Insertable, Kysely } from 'kysely';
import type { AuditEventsTable, Database } from '../../db/schema.ts';
import { insertRow } from './compiled-insert.ts';

export interface AuditEvent {
  subject: string;
  type: string;
  actor: string | null;
  at: number;
  data?: Record<string, unknown>;
}

/** The row an event is stored as (for a `RowBatch`; `recordEvent` inserts it at once). */
export function auditRow(e: AuditEvent): Insertable<AuditEventsTable> {
  return { id: orderedId(), subject: e.subject, type: e.type, actor: e.actor, at: e.at, data: JSON.stringify(e.data ?? {}) };
}

export async function recordEvent(db: Kysely<Database>, e: AuditEvent): Promise<void> {
  await insertRow(db, 'audit_events', auditRow(e));
}
