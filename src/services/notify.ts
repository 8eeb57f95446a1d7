/**
 * Queues messages to people: one outbox row per active channel the person is on, with a
 * deterministic id, inside the caller's transaction.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Message } from '../../cards/card.ts';
import type { Company } from '../config/company.ts';
import { personById } from '../config/company.ts';
import type { ChannelAdapter, ChannelName } from '../channels/channel.ts';
import { insertOutboxRow, type NewOutboxRow } from '../store/outbox.ts';

export interface NotifyDeps {
  company: Company;
  channels: readonly ChannelAdapter[];
}

export interface NotifyRequest {
  personId: string;
  message: Message;
  /** Deterministic id base, e.g. `lead-assigned:L-1001:v1`; the channel is appended. */
  id: string;
  op?: 'send' | 'update';
  /** Only these channels (e.g. reply on the channel the person wrote from). */
  only?: ChannelName;
  now: number;
}

/** Returns how many rows were queued (0 when the person is on no active channel). */
export async function notify(trx: Kysely<Database>, deps: NotifyDeps, req: NotifyRequest): Promise<number> {
  let queued = 0;
  for (const row of outboxRowsFor(deps, req)) if (await insertOutboxRow(trx, row)) queued++;
  return queued;
}

/** The outbox rows a notification becomes: one per active channel the person is on. */
export function outboxRowsFor(deps: NotifyDeps, req: NotifyRequest): NewOutboxRow[] {
  const person = personById(deps.company, req.personId);
  if (!person) return [];
  const rows: NewOutboxRow[] = [];
  for (const channel of deps.channels) {
    if (req.only && channel.name !== req.only) continue;
    const recipient = channel.recipientOf(person);
    if (!recipient) continue;
    rows.push({
      id: `${req.id}:${channel.name}:${person.id}`,
      channel: channel.name,
      personId: person.id,
      recipient,
      op: req.op ?? 'send',
      cardKey: req.message.kind === 'card' ? req.message.card.key : null,
      message: req.message,
      now: req.now,
    });
  }
  return rows;
}
