/** Chooses the active channels from the environment: WeCom, Slack, and/or the local console. */
import type { Db } from '../../db/connect.ts';
import type { Env } from '../config/env.ts';
import type { Company } from '../config/company.ts';
import type { Logger } from '../log.ts';
import type { ChannelAdapter, InboundSink } from './channel.ts';
import { createSlackChannel } from './slack/index.ts';
import { createWecomChannel } from './wecom/index.ts';
import { createConsoleChannel } from './console/index.ts';

/** No platform credentials: the bot runs with the local console only. */
export function isLocalMode(env: Env): boolean {
  return !env.SLACK_BOT_TOKEN && !env.WECOM_CORP_ID;
}

export interface BuildChannelsOptions {
  env: Env;
  company: Company;
  db: Db;
  sink: InboundSink;
  log: Logger;
  now: () => number;
  newLead: (input: unknown) => Promise<{ status: number; body: unknown }>;
}

export function buildChannels(o: BuildChannelsOptions): ChannelAdapter[] {
  const { env } = o;
  const channels: ChannelAdapter[] = [];
  if (env.WECOM_CORP_ID && env.WECOM_AGENT_ID && env.WECOM_SECRET && env.WECOM_TOKEN && env.WECOM_ENCODING_AES_KEY) {
    channels.push(
      createWecomChannel({
        corpId: env.WECOM_CORP_ID,
        agentId: env.WECOM_AGENT_ID,
        secret: env.WECOM_SECRET,
        token: env.WECOM_TOKEN,
        encodingAESKey: env.WECOM_ENCODING_AES_KEY,
        apiBase: env.WECOM_API_BASE,
        publicBaseUrl: env.PUBLIC_BASE_URL,
        db: o.db.kysely,
        sink: o.sink,
        log: o.log.child({ channel: 'wecom' }),
        now: o.now,
      }),
    );
  }
  if (env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
    channels.push(
      createSlackChannel({
        // Socket Mode carries no signatures; the secret is only used by the HTTP receiver.
        signingSecret: env.SLACK_SIGNING_SECRET ?? '',
        botToken: env.SLACK_BOT_TOKEN,
        appToken: env.SLACK_APP_TOKEN,
        apiUrl: env.SLACK_API_URL,
        sink: o.sink,
        log: o.log.child({ channel: 'slack' }),
        now: o.now,
      }),
    );
  }
  if (isLocalMode(env) || env.CONSOLE_ENABLED) {
    channels.push(
      createConsoleChannel({
        db: o.db.kysely,
        company: o.company,
        sink: o.sink,
        log: o.log, // the console channel tags its own log lines
        token: isLocalMode(env) ? undefined : env.CONSOLE_TOKEN,
        now: o.now,
        newLead: o.newLead,
      }),
    );
  }
  return channels;
}
