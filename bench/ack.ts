/**
 * Slack ack-path benchmark: our ingress (replay check + Bolt + inbox insert on SQLite) against a
 * bare node:http server that only reads the body and checks the HMAC, both loaded by autocannon
 * with signed event_callback requests (unique event_id each), in three interleaved pairs (median
 * reported). Run: `npx tsx bench/ack.ts`.
 * @module
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connect } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createSlackChannel, slackSignature, verifySlackSignature } from '../src/channels/slack/index.ts';
import { createHttpServer } from '../src/http/server.ts';
import { readBody } from '../src/http/body.ts';
import { createLogger } from '../src/log.ts';
import { createInboundSink } from '../src/services/inbound.ts';

const SECRET = 'bench-signing-secret';
const ROLE_ENV = 'CLOSELOOP_BENCH_ACK_ROLE';
const CONNECTIONS = 32;
const RUN_SEC = 5;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
// autocannon ships no types; this is the part of its API we use.
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

type Role = 'baseline' | 'ours';
type Stopped = { rows: number };

/** Runs in a child process, so the load generator never shares the server's event loop. */
async function serve(role: Role): Promise<void> {
  let server: Server;
  let finish: () => Promise<number>;
  if (role === 'baseline') {
    server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const ok = verifySlackSignature({
          secret: SECRET,
          body,
          timestamp: req.headers['x-slack-request-timestamp'] as string | undefined,
          signature: req.headers['x-slack-signature'] as string | undefined,
          nowMs: Date.now(),
        });
        res.writeHead(ok ? 200 : 401, { 'content-length': 0 });
        res.end();
      });
    });
    finish = async () => 0;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'closeloop-bench-ack-'));
    const db = connect(`file:${join(dir, 'bench.db')}`);
    await migrateToLatest(db);
    const log = createLogger({ level: 'silent' });
    const sink = createInboundSink(db.kysely, () => {});
    const slack = createSlackChannel({ signingSecret: SECRET, botToken: 'xoxb-bench', apiUrl: 'http://127.0.0.1:9/api/', sink, log });
    server = createHttpServer(slack.routes(), log);
    finish = async () => {
      const row = await db.kysely.selectFrom('inbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
      return Number(row.n);
    };
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.send?.({ port: (server.address() as AddressInfo).port });
  process.on('message', () => {
    server.closeAllConnections();
    server.close();
    void finish().then((rows) => process.send?.({ rows }, () => process.exit(0)));
  });
}

async function startChild(role: Role): Promise<{ port: number; stop(): Promise<Stopped> }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, [ROLE_ENV]: role },
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>() => new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`bench ${role} server exited (${code})`)));
  });
  const { port } = await next<{ port: number }>();
  return {
    port,
    stop: async () => {
      const stopped = next<Stopped>();
      child.send('stop');
      return stopped;
    },
  };
}

let seq = 0;
/** A fresh DM event per request, signed now: like Slack, every delivery has its own event_id. */
function setupRequest(req: AutocannonRequest): AutocannonRequest {
  const nowSec = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'T0BENCH',
    api_app_id: 'A0BENCH',
    event_id: `Ev${process.pid}x${++seq}`,
    event_time: nowSec,
    event: { type: 'message', channel: 'D0BENCH', channel_type: 'im', user: 'U0BENCH', text: 'help', ts: `${nowSec}.${String(seq).padStart(6, '0')}` },
  });
  const headers = { 'content-type': 'application/json', 'x-slack-request-timestamp': String(nowSec), 'x-slack-signature': slackSignature(SECRET, nowSec, body) };
  return { ...req, method: 'POST', path: '/slack/events', body, headers: { ...req.headers, ...headers } };
}

async function load(port: number, durationSec: number, overallRate?: number): Promise<AutocannonResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/slack/events`,
    connections: CONNECTIONS,
    duration: durationSec,
    ...(overallRate ? { overallRate } : {}),
    requests: [{ setupRequest }],
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`bench ack: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return result;
}

/** Capacity ratio (ours ÷ bare HMAC server, req/s over ~5 s each) and p99 at a fixed 500 req/s. */
/** Paired runs; the median pair's ratio and the median p99 are reported (single runs here spread ±0.1). */
const PAIRS = 3;

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchAck(): Promise<{ ack_capacity_ratio: number; ack_p99_ms_at_500rps: number }> {
  const baseline = await startChild('baseline');
  const ours = await startChild('ours');
  // Warm-up: JIT and connection setup out of the measurement.
  await load(baseline.port, 1);
  await load(ours.port, 1);
  // Both servers stay up and take turns, so a slow second of the machine hits both sides alike.
  const ratios: number[] = [];
  const p99s: number[] = [];
  let acked = 0;
  for (let k = 0; k < PAIRS; k++) {
    const base = await load(baseline.port, RUN_SEC);
    const full = await load(ours.port, RUN_SEC);
    const fixed = await load(ours.port, RUN_SEC, 500);
    ratios.push(full.requests.average / base.requests.average);
    p99s.push(fixed.latency.p99);
    acked += full['2xx'] + fixed['2xx'];
    console.error(`bench ack: pair ${k + 1}/${PAIRS}: ${full.requests.average.toFixed(0)} req/s vs bare HMAC server ${base.requests.average.toFixed(0)} req/s, ratio ${(full.requests.average / base.requests.average).toFixed(3)}; p99 at 500 req/s ${fixed.latency.p99} ms`);
  }
  await baseline.stop();
  const { rows } = await ours.stop();
  // Every acknowledged event must be in the inbox: the 200 goes out only after the insert.
  if (rows < acked) throw new Error(`bench ack: ${acked} events acknowledged but only ${rows} inbox rows`);

  return {
    ack_capacity_ratio: Math.round(median(ratios) * 1000) / 1000,
    ack_p99_ms_at_500rps: median(p99s),
  };
}

const role = process.env[ROLE_ENV];
if (role === 'baseline' || role === 'ours') await serve(role);
else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(JSON.stringify(await benchAck()));
