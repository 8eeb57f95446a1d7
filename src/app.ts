/**
 * Wiring only: database → channels → inbound sink → dispatcher → services → outbox relay and
 * scheduler, all behind one HTTP server. `createApp` never reads the environment.
 * @module
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Db } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Env } from './config/env.ts';
import { personById, type Company } from './config/company.ts';
import { createLogger, type Logger } from './log.ts';
import type { ChannelAdapter, Interaction } from './channels/channel.ts';
import { createInboundSink } from './services/inbound.ts';
import { createDispatcher } from './services/dispatcher.ts';
import type { ServiceDeps } from './services/deps.ts';
import { createOutboxRelay } from './services/outbox-relay.ts';
import { createScheduler } from './services/scheduler.ts';
import { createMetrics, metricsContentType, metricsText } from './metrics.ts';
import { createHttpServer } from './http/server.ts';
import { healthRoute, metricsRoute } from './http/health.ts';
import { leadsApiRoute, submitLead } from './http/leads-api.ts';
import { pendingInbox } from './store/inbox.ts';
import { buildChannels, isLocalMode } from './channels/build.ts';
import { compileLeadRouting } from './services/routing/compile.ts';
import { compileExtractor } from './domain/visits/extract/index.ts';
import { acceptedLexicon } from './store/visits/lexicon-suggestions.ts';
import { slaTimerHandlers } from './services/lead-sla-handlers.ts';
import { createHttpTranscriber } from './services/voice/http-transcriber.ts';
import type { Transcriber } from './services/voice/transcriber.ts';
import { createVoiceDispatch } from './services/voice/voice-dispatch.ts';

export interface AppConfig {
  env: Env;
  company: Company;
  log?: Logger;
  now?: () => number;
  /** Outbox/scheduler poll interval; tests shorten it. */
  pollMs?: number;
  instanceId?: string;
  /** Speech-to-text for voice messages; default: the HTTP transcriber when TRANSCRIBER_URL is set, else none. */
  transcriber?: Transcriber;
}

export interface App {
  deps: ServiceDeps;
  db: Db;
  channels: readonly ChannelAdapter[];
  server: Server;
  /** The lead-API token in force (a fixed demo token in local mode when API_TOKEN is unset). */
  apiToken: string | undefined;
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  /** Waits until every dispatch started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export const LOCAL_DEMO_API_TOKEN = 'local-demo-token';

export async function createApp(config: AppConfig): Promise<App> {
  const { env, company } = config;
  const log = config.log ?? createLogger({ level: env.LOG_LEVEL });
  const now = config.now ?? Date.now;
  const db = connect(env.DATABASE_URL, {
    sqliteSynchronous: env.SQLITE_SYNCHRONOUS,
    sqliteCheckpoint: env.SQLITE_CHECKPOINT,
    onCheckpointError: (message) => log.warn({ message }, 'sqlite background checkpoint'),
  });
  await migrateToLatest(db);

  const metrics = createMetrics(db, { now, teamOf: (id) => personById(company, id)?.team });
  const inFlight = new Set<Promise<void>>();
  let dispatch: (i: Interaction) => Promise<void> = async () => {};
  const sink = createInboundSink(
    db.kysely,
    (interaction) => {
      const p = dispatch(interaction).finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    (channel, outcome) => metrics.inbound.inc({ channel, outcome }),
  );

  const apiToken = env.API_TOKEN ?? (isLocalMode(env) ? LOCAL_DEMO_API_TOKEN : undefined);
  // The console's New-lead form uses the same intake; bound after deps exist.
  let consoleLead: (input: unknown) => Promise<{ status: number; body: unknown }> = async () => ({ status: 503, body: {} });
  const channels = buildChannels({ env, company, db, sink, log, now, newLead: (input) => consoleLead(input) });

  const relay = createOutboxRelay({
    db,
    channels,
    log,
    now,
    pollMs: config.pollMs,
    instanceId: config.instanceId,
    metrics: metrics.relay,
  });
  let wakeScheduler = () => {};
  const deps: ServiceDeps = {
    db,
    company,
    channels,
    log,
    routing: compileLeadRouting(company),
    now,
    wakeOutbox: () => relay.wake(),
    wakeScheduler: () => wakeScheduler(),
    // The company's lexicons plus the synonyms the admin accepted (`closeloop lexicon review`).
    extractor: compileExtractor(company.visits, await acceptedLexicon(db.kysely)),
  };
  const transcriber = config.transcriber ?? (env.TRANSCRIBER_URL ? createHttpTranscriber({ url: env.TRANSCRIBER_URL, token: env.TRANSCRIBER_TOKEN }) : undefined);
  if (!transcriber && channels.some((c) => c.fetchMedia)) {
    log.info('TRANSCRIBER_URL is not set: voice messages are answered with how to use the app’s own Convert to Text (转文字)');
  }
  // Voice messages are transcribed in front of the dispatcher, then dispatched as typed commands.
  dispatch = createVoiceDispatch(createDispatcher(deps), deps, { transcriber });
  consoleLead = (input) => submitLead(deps, input);
  const scheduler = createScheduler({
    db,
    handlers: slaTimerHandlers(deps),
    log,
    now,
    pollMs: config.pollMs,
    instanceId: config.instanceId,
    metrics: metrics.scheduler,
  });
  wakeScheduler = () => scheduler.wake();

  const routes = [
    healthRoute(db, () => channels.map((c) => c.name)),
    metricsRoute(async () => ({ contentType: metricsContentType(metrics), text: await metricsText(metrics) })),
    leadsApiRoute(deps, apiToken),
    ...channels.flatMap((c) => c.routes()),
  ];
  const server = createHttpServer(routes, log);

  for (const channel of channels) await channel.start?.();
  relay.start();
  scheduler.start();
  // Interactions acknowledged but not processed before a crash are replayed once.
  for (const interaction of await pendingInbox(db.kysely, now() - 30_000)) dispatch(interaction).catch(() => {});

  const idle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  return {
    deps,
    db,
    channels,
    server,
    apiToken,
    idle,
    listen(port = env.PORT, host = env.HOST ?? (isLocalMode(env) ? '127.0.0.1' : '0.0.0.0')) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const addr = server.address() as AddressInfo;
          const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve({ url: `http://${shown}:${addr.port}`, port: addr.port });
        });
      });
    },
    async stop() {
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
      server.closeAllConnections?.();
      await idle();
      await scheduler.stop();
      await relay.stop();
      for (const channel of channels) await channel.stop?.();
      await db.close();
    },
  };
}
