/** Append-only audit trail: every state change records who, what and when. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export async function recordEvent(
  db: Kysely<Database>,
  e: { subject: string; type: string; actor: string | null; at: number; data?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({ id: randomUUID(), subject: e.subject, type: e.type, actor: e.actor, at: e.at, data: JSON.stringify(e.data ?? {}) })
    .execute();
}

export async function eventsFor(db: Kysely<Database>, subject: string) {
  return db.selectFrom('audit_events').selectAll().where('subject', '=', subject).orderBy('at').orderBy('id').execute();
}
