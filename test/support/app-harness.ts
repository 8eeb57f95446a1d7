/**
 * Starts the whole app in-process on port 0 against a fresh test database, so flow tests
 * drive it over real HTTP like a platform would.
 * @module
 */
import { createApp, type App } from '../../src/app.ts';
import { parseEnv } from '../../src/config/env.ts';
import { loadCompany, type Company } from '../../src/config/company.ts';
import { createLogger } from '../../src/log.ts';
import { openTestDb, type TestDatabase } from './databases.ts';

export interface RunningApp {
  app: App;
  url: string;
  company: Company;
  /** The test database's URL, for a CLI run against the same database. */
  dbUrl: string;
  stop(): Promise<void>;
}

export async function startApp(
  kind: TestDatabase,
  env: Record<string, string> = {},
  options: { company?: Company; now?: () => number } = {},
): Promise<RunningApp> {
  const { url: dbUrl, cleanup } = await openTestDb(kind);
  const company = options.company ?? loadCompany('examples/company.yaml');
  const app = await createApp({
    env: parseEnv({ DATABASE_URL: dbUrl, LOG_LEVEL: 'silent', ...env }),
    company,
    log: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', pretty: false }),
    now: options.now,
    pollMs: 20,
  });
  const { url } = await app.listen(0, '127.0.0.1');
  return {
    app,
    url,
    company,
    dbUrl,
    stop: async () => {
      await app.stop();
      await cleanup();
    },
  };
}

/** Polls `probe` until it returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const demoLead = {
  company: '上海市实验中学',
  contactName: '王校长',
  contactTitle: '校长',
  industry: 'education',
  budget: 600000,
  websiteDwellSeconds: 420,
  decisionChainSize: 3,
  interactionCount: 2,
  source: '官网',
  region: '上海',
};

export async function postLead(base: string, token: string | undefined, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/leads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Every dispatch finished and the relay has nothing left to deliver. */
export async function settled(app: App): Promise<void> {
  await app.idle();
  await eventually(async () => {
    const open = await app.db.kysely.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).execute();
    return open.length === 0;
  });
}
