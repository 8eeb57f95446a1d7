/** The Bolt App: HTTPReceiver (mounted in our server) or Socket Mode, with our four listeners. */
import { App, HTTPReceiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import { DEFAULT_BODY_LIMIT } from '../../http/body.ts';
import type { Logger } from '../../log.ts';
import type { InboundSink, Interaction } from '../channel.ts';
import { boltLogger } from './bolt-logger.ts';
import {
  blockActionInteraction,
  commandInteraction,
  dmMessageInteraction,
  viewSubmissionInteraction,
  type SlackBlockActionsPayload,
  type SlackEventEnvelope,
  type SlackViewSubmissionPayload,
} from './interactions.ts';

export interface BoltAppOptions {
  signingSecret: string;
  botToken: string;
  /** `xapp-…`: Socket Mode (no public URL, no HTTP route). */
  appToken?: string;
  /** Web API base (tests, gateways); default https://slack.com/api/. */
  apiUrl?: string;
  sink: InboundSink;
  log: Logger;
  now: () => number;
}

export interface BoltApp {
  app: App;
  /** Set in HTTP mode; its `requestListener` is mounted at POST /slack/events. */
  receiver?: HTTPReceiver;
}

/** Only the outbox relay retries: the SDK fails fast, and a 429 surfaces as WebAPIRateLimitedError. */
export function slackClientOptions(apiUrl?: string): WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  };
}

export function createBoltApp(opts: BoltAppOptions): BoltApp {
  const logger = boltLogger(opts.log);
  const common = {
    token: opts.botToken,
    logger,
    clientOptions: slackClientOptions(opts.apiUrl),
    // No auth.test at start (a dead Slack must not stop the bot); ids are placeholders, so
    // ignoreSelf cannot work and is off — the DM listener drops bot messages itself.
    tokenVerificationEnabled: false,
    botId: 'B_CLOSELOOP',
    botUserId: 'U_CLOSELOOP',
    ignoreSelf: false,
    // Bolt's conversation store keeps per-conversation state in memory; we keep state in the DB.
    convoStore: false as const,
  };
  let receiver: HTTPReceiver | undefined;
  let app: App;
  if (opts.appToken) {
    app = new App({ ...common, appToken: opts.appToken, socketMode: true });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: opts.signingSecret,
      endpoints: '/slack/events',
      logger,
      bodyLimit: DEFAULT_BODY_LIMIT,
      // ack() is still called first, but the 200 leaves only after the inbox insert has
      // committed: an acknowledged event is never lost to a crash, and a failed insert
      // answers 500 so Slack redelivers the event (same event_id → deduplicated).
      processBeforeResponse: true,
    });
    app = new App({ ...common, receiver });
  }
  registerListeners(app, opts);
  return { app, receiver };
}

function registerListeners(app: App, opts: BoltAppOptions): void {
  const accept = async (interaction: Interaction | undefined): Promise<void> => {
    if (interaction) await opts.sink.accept(interaction);
  };

  // Any slash command: /closeloop and /lead today, more as the manifest grows.
  app.command(/.*/, async ({ command, ack }) => {
    await ack();
    await accept(commandInteraction(command, opts.now()));
  });

  app.action(/.*/, async ({ body, ack }) => {
    await ack();
    await accept(blockActionInteraction(body as unknown as SlackBlockActionsPayload, opts.now()));
  });

  app.view(/.*/, async ({ body, ack }) => {
    // An empty ack closes the modal; the result arrives as a DM / card update from the outbox.
    await ack();
    const interaction = viewSubmissionInteraction(body as unknown as SlackViewSubmissionPayload, opts.now());
    if (!interaction) opts.log.warn({ viewId: body.view.id }, 'slack view submission without closeloop metadata');
    await accept(interaction);
  });

  // Events are acked by Bolt before listeners run; the event_id makes Slack's retries no-ops.
  app.event('message', async ({ body }) => {
    await accept(dmMessageInteraction(body as unknown as SlackEventEnvelope, opts.now()));
  });

  app.error(async (error) => {
    opts.log.error({ err: error.original ?? error, code: error.code }, 'slack listener failed');
    // Rethrow so the receiver answers 5xx (events get redelivered) instead of a false 200.
    throw error;
  });
}
