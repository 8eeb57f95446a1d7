/**
 * The inbound sink: records each verified interaction in the inbox (deduplicated by the
 * platform's id) and hands new ones to the dispatcher after the channel has acknowledged.
 *
 * Inserts are group-committed: interactions that arrive while a write is running are
 * written together in the next statement, so a burst costs one commit per batch, not per
 * request. Each caller still learns whether its own interaction was new before it answers.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { InboundSink, Interaction } from '../channels/channel.ts';
import { inboxId, insertInboxBatch } from '../store/inbox.ts';
import { createGroupCommit } from './group-commit.ts';

export type InboundMetric = (channel: string, outcome: 'accepted' | 'duplicate') => void;

const MAX_BATCH = 200;

export function createInboundSink(
  db: Kysely<Database>,
  dispatch: (interaction: Interaction) => void,
  metric: InboundMetric = () => {},
): InboundSink {
  const record = createGroupCommit<Interaction, 'accepted' | 'duplicate'>({
    maxBatch: MAX_BATCH,
    async run(batch) {
      const fresh = await insertInboxBatch(db, batch);
      return batch.map((interaction) => {
        // Only the first of several identical deliveries in one batch counts as new.
        const isNew = fresh.delete(inboxId(interaction));
        metric(interaction.channel, isNew ? 'accepted' : 'duplicate');
        // Dispatch after the caller has answered the platform: never inside its deadline.
        if (isNew) setImmediate(() => dispatch(interaction));
        return isNew ? 'accepted' : 'duplicate';
      });
    },
  });
  return { accept: record };
}
