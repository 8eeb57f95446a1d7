/**
 * Route + persist benchmark: the real `intakeLead` (tags, route, lead row, owner history with
 * its explanation, audit, lead card in the outbox, SLA timers — one transaction) on a temp
 * SQLite file, against raw single-row better-sqlite3 inserts (one autocommit row each, same
 * pragmas) in the same process. Run alone: `npx tsx bench/route.ts`.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { connect } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadCompany } from '../src/config/company.ts';
import { createConsoleChannel } from '../src/channels/console/index.ts';
import { createLogger } from '../src/log.ts';
import type { ServiceDeps } from '../src/services/deps.ts';
import { intakeLead } from '../src/services/leads.ts';
import { compileLeadRouting } from '../src/services/routing/compile.ts';
import { readLeadFile, validateLead } from '../src/cli/lead-file.ts';
import type { LeadInput } from '../src/domain/leads/lead-input.ts';

const RAW_ROWS = 50_000;
const LEADS = 3_000;
const WARMUP = 200;
const example = (file: string) => fileURLToPath(new URL(`../examples/${file}`, import.meta.url));

type Sync = 'NORMAL' | 'FULL';

/** Inserts per second of one lead-sized row per statement, autocommit, prepared once. */
function rawInsertRate(path: string, rows: number, sync: Sync): number {
  const db = new BetterSqlite3(path);
  // The pragmas db/connect.ts sets, so both sides pay for the same durability.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma(`synchronous = ${sync}`);
  db.exec('create table rows (id text primary key, body text not null, created_at integer not null)');
  const insert = db.prepare('insert into rows (id, body, created_at) values (?, ?, ?)');
  const body = JSON.stringify({ company: '上海市实验中学', contactName: '王校长', contactTitle: '校长', industry: 'education', budget: 600000 });
  for (let i = 0; i < WARMUP; i++) insert.run(`w${i}`, body, Date.now());
  const started = performance.now();
  for (let i = 0; i < rows; i++) insert.run(`r${i}`, body, Date.now());
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return rows / seconds;
}

/** Leads per second through intakeLead, in local mode (console channel only), serially. */
async function intakeRate(path: string, leads: number, sync: Sync): Promise<{ rate: number; firstRate: number; lastRate: number }> {
  const db = connect(`file:${path}`, { sqliteSynchronous: sync });
  try {
    await migrateToLatest(db);
    const company = loadCompany(example('company.yaml'));
    const log = createLogger({ level: 'silent', pretty: false });
    const sink = { accept: async () => 'duplicate' as const };
    const channels = [createConsoleChannel({ db: db.kysely, company, sink, log })];
    const deps: ServiceDeps = { db, company, channels, log, routing: compileLeadRouting(company), now: Date.now, wakeOutbox: () => {}, wakeScheduler: () => {} };
    const examples: LeadInput[] = readLeadFile(example('leads.json')).map((r) => {
      const v = validateLead(company.leads.customFields, r.raw);
      if (!v.ok) throw new Error('examples/leads.json: invalid lead');
      return v.lead;
    });
    // Unique externalIds, as API callers send them: intake looks each one up first.
    const lead = (i: number): LeadInput => ({ ...examples[i % examples.length]!, externalId: `bench-${i}` });
    for (let i = 0; i < WARMUP; i++) await intakeLead(deps, { ...lead(i), externalId: `warm-${i}` });
    const marks: number[] = [performance.now()];
    for (let i = 0; i < leads; i++) {
      await intakeLead(deps, lead(i));
      if ((i + 1) % (leads / 4) === 0) marks.push(performance.now());
    }
    const quarter = (q: number) => leads / 4 / (((marks[q + 1] ?? 0) - (marks[q] ?? 0)) / 1000);
    return { rate: leads / (((marks[4] ?? 0) - (marks[0] ?? 0)) / 1000), firstRate: quarter(0), lastRate: quarter(3) };
  } finally {
    await db.close();
  }
}

export async function benchRoute(): Promise<{ route_persist_ratio: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'closeloop-bench-route-'));
  try {
    const baseline = rawInsertRate(join(dir, 'raw.db'), RAW_ROWS, 'NORMAL');
    const ours = await intakeRate(join(dir, 'bench.db'), LEADS, 'NORMAL');
    console.error(
      `bench route: intakeLead ${ours.rate.toFixed(0)} leads/s (first quarter ${ours.firstRate.toFixed(0)}, last ${ours.lastRate.toFixed(0)}) vs raw insert ${baseline.toFixed(0)} rows/s (synchronous=NORMAL, the app's default)`,
    );
    // Context only: when every commit waits for fsync, the commit dominates both sides.
    const fullBaseline = rawInsertRate(join(dir, 'raw-full.db'), RAW_ROWS / 10, 'FULL');
    const full = await intakeRate(join(dir, 'bench-full.db'), LEADS / 10, 'FULL');
    console.error(`bench route: with synchronous=FULL ${full.rate.toFixed(0)} leads/s vs ${fullBaseline.toFixed(0)} rows/s, ratio ${(full.rate / fullBaseline).toFixed(3)}`);
    return { route_persist_ratio: Number((ours.rate / baseline).toFixed(4)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchRoute());
