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

export type InboundMetric = (channel: string, outcome: 'accepted' | 'duplicate') => void;

interface Waiting {
  interaction: Interaction;
  resolve(outcome: 'accepted' | 'duplicate'): void;
  reject(err: unknown): void;
}

const MAX_BATCH = 200;

export function createInboundSink(
  db: Kysely<Database>,
  dispatch: (interaction: Interaction) => void,
  metric: InboundMetric = () => {},
): InboundSink {
  let queue: Waiting[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      try {
        const fresh = await insertInboxBatch(
          db,
          batch.map((w) => w.interaction),
        );
        for (const w of batch) {
          const id = inboxId(w.interaction);
          // Only the first of several identical deliveries in one batch counts as new.
          const isNew = fresh.delete(id);
          metric(w.interaction.channel, isNew ? 'accepted' : 'duplicate');
          w.resolve(isNew ? 'accepted' : 'duplicate');
          // Dispatch after the caller has answered the platform: never inside its deadline.
          if (isNew) setImmediate(() => dispatch(w.interaction));
        }
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    scheduled = false;
  }

  return {
    accept(interaction) {
      return new Promise((resolve, reject) => {
        queue.push({ interaction, resolve, reject });
        // Deferred to the check phase, so requests parsed in the same I/O turn share a commit.
        if (!scheduled) {
          scheduled = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}
