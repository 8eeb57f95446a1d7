/** The Slack ChannelAdapter: Bolt for inbound, the Web API client for outbound. */
import { renderSlackModal, slackModalMetadata } from '../../../cards/render/slack.ts';
import type { ChannelAdapter } from '../channel.ts';
import { createBoltApp, type BoltAppOptions } from './bolt-app.ts';
import { classifySlackError, createSlackDeliver } from './deliver.ts';
import { slackEventsRoute } from './receiver.ts';

/** What the Bolt app needs; the clock defaults to Date.now. */
export interface SlackChannelOptions extends Omit<BoltAppOptions, 'now'> {
  now?: () => number;
}

export type SlackChannel = ChannelAdapter & Required<Pick<ChannelAdapter, 'openModal'>> & { name: 'slack' };

export function createSlackChannel(opts: SlackChannelOptions): SlackChannel {
  const now = opts.now ?? Date.now;
  const { app, receiver } = createBoltApp({ ...opts, now });
  const routes = receiver ? [slackEventsRoute(receiver, { now, log: opts.log })] : [];
  let started = false;
  return {
    name: 'slack',
    recipientOf: (person) => person.slackUserId,
    deliver: createSlackDeliver(app.client),
    routes: () => routes,
    async openModal(triggerId, card) {
      const view = renderSlackModal(card, { callbackId: card.form?.submit.actionId ?? card.key, privateMetadata: slackModalMetadata(card) });
      try {
        await app.client.views.open({ trigger_id: triggerId, view });
      } catch (err) {
        throw classifySlackError(err, 'views.open');
      }
    },
    // Slack allows ~1 message/s per channel with short bursts and answers 429 + Retry-After
    // beyond; the relay keeps per-recipient order and honours retryAfterMs, so in-process
    // pacing only bounds concurrency. No DB quota: nothing is silently dropped, unlike WeCom.
    pacing: { maxConcurrent: 4, minTimeMs: 0 },
    async start() {
      // HTTP mode needs nothing: our server hosts the receiver. Socket Mode opens the websocket.
      if (opts.appToken && !started) {
        await app.start();
        started = true;
      }
    },
    async stop() {
      if (opts.appToken && started) {
        await app.stop();
        started = false;
      }
    },
  };
}
