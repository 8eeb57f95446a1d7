/**
 * The inbound sink: records each verified interaction in the inbox (deduplicated by the
 * platform's id) and hands new ones to the dispatcher after the channel has acknowledged.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { InboundSink, Interaction } from '../channels/channel.ts';
import { insertInbox } from '../store/inbox.ts';

export type InboundMetric = (channel: string, outcome: 'accepted' | 'duplicate') => void;

export function createInboundSink(
  db: Kysely<Database>,
  dispatch: (interaction: Interaction) => void,
  metric: InboundMetric = () => {},
): InboundSink {
  return {
    async accept(interaction) {
      const fresh = await insertInbox(db, interaction);
      metric(interaction.channel, fresh ? 'accepted' : 'duplicate');
      if (!fresh) return 'duplicate';
      // Dispatch after the caller has answered the platform: never inside its deadline.
      setImmediate(() => dispatch(interaction));
      return 'accepted';
    },
  };
}
