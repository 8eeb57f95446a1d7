/**
 * A reply queued inside a use case's own transaction, so the state change and the message that
 * tells the person about it commit together (the dispatcher's `ctx.reply` commits on its own).
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Message } from '../../cards/card.ts';
import type { Interaction } from '../channels/channel.ts';
import { inboxId } from '../store/inbox.ts';
import { notify, type NotifyDeps } from './notify.ts';

/** Where a reply goes: the person, on the channel and under the inbound item they wrote from. */
export interface ReplyOrigin {
  personId: string;
  interaction: Pick<Interaction, 'channel' | 'dedupeKey'>;
}

export async function replyInTx(trx: Kysely<Database>, deps: NotifyDeps, origin: ReplyOrigin, message: Message | string, tag: string, now: number): Promise<void> {
  const msg: Message = typeof message === 'string' ? { kind: 'text', text: message } : message;
  await notify(trx, deps, { personId: origin.personId, message: msg, id: `reply:${inboxId(origin.interaction)}:${tag}`, only: origin.interaction.channel, now });
}
