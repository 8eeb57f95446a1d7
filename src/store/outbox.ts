/** Outbox rows: written in the same transaction as the state change they announce. */
import type { Insertable, Kysely } from 'kysely';
import type { Database, OutboxTable } from '../../db/schema.ts';
import type { OutboxAddress } from '../channels/channel.ts';
import type { Message } from '../../cards/card.ts';
import { insertRow, KEEP_EXISTING_ID } from './compiled-insert.ts';

export interface NewOutboxRow extends OutboxAddress {
  message: Message;
  now: number;
}

/** Inserts one row; a row with the same deterministic id is left as it is (never sent twice). */
export async function insertOutboxRow(db: Kysely<Database>, row: NewOutboxRow): Promise<boolean> {
  return insertRow(db, 'outbox', outboxRow(row), KEEP_EXISTING_ID);
}

/** The stored form of a queued message (for a `RowBatch`, with `KEEP_EXISTING_ID`). */
export function outboxRow(row: NewOutboxRow): Insertable<OutboxTable> {
  return {
    id: row.id,
    channel: row.channel,
    person_id: row.personId,
    recipient: row.recipient,
    op: row.op,
    card_key: row.cardKey,
    payload: JSON.stringify(row.message),
    status: 'pending',
    attempts: 0,
    next_attempt_at: row.now,
    lease_until: null,
    last_error: null,
    created_at: row.now,
    sent_at: null,
  };
}
