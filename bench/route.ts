/**
 * Route + persist benchmark: the real `intakeLead` (tags, route, lead row, owner history with
 * its explanation, audit, lead card in the outbox, SLA timers) on a temp SQLite file, against
 * raw single-row better-sqlite3 inserts (one autocommit row each) in the same process, both
 * with the pragmas the app runs with (WAL, synchronous=NORMAL by default).
 * `route_persist_ratio` is intake as API callers drive it under load: 64 requests in flight,
 * group-committed. For context it prints one caller at a time; the write floor: the rows a
 * lead needs, written by hand with prepared statements in transactions of 64 (no routing, no
 * cards, no query builder); and the same comparison with synchronous=FULL on both sides.
 * Run alone: `npx tsx bench/route.ts`.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { connect, DEFAULT_SQLITE_SYNCHRONOUS } from '../db/connect.ts';
import { startCheckpointer } from '../db/checkpointer.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadCompany } from '../src/config/company.ts';
import { createConsoleChannel } from '../src/channels/console/index.ts';
import { createLogger } from '../src/log.ts';
import type { ServiceDeps } from '../src/services/deps.ts';
import { intakeLead } from '../src/services/lead-intake.ts';
import { compileLeadRouting } from '../src/services/routing/compile.ts';
import { readLeadFile } from '../src/cli/lead-file.ts';
import { validateLead } from '../src/domain/leads/validate-lead.ts';
import type { LeadInput } from '../src/domain/leads/lead-input.ts';

const RAW_ROWS = 50_000;
const LEADS = 6_000;
const WARMUP = 200;
/** Leads routed into each intake file before its clock starts (warms the file, not the JIT). */
const INTAKE_WARMUP = 1_000;
/** Requests in flight, as a busy CRM webhook or an import would keep. */
const IN_FLIGHT = 64;
const example = (file: string) => fileURLToPath(new URL(`../examples/${file}`, import.meta.url));

type Sync = 'NORMAL' | 'FULL';
const APP_SYNC: Sync = DEFAULT_SQLITE_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL';

/**
 * Inserts per second of one lead-sized row per statement, autocommit, prepared once. `sync`:
 * the pragmas db/connect.ts sets with that `synchronous`, so both sides pay for the same
 * durability; 'library defaults': better-sqlite3 as it comes (rollback journal, FULL).
 */
async function rawInsertRate(path: string, rows: number, sync: Sync | 'library defaults', opts: { checkpointer?: boolean } = {}): Promise<number> {
  const db = new BetterSqlite3(path);
  if (sync !== 'library defaults') {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma(`synchronous = ${sync}`);
  }
  db.exec('create table rows (id text primary key, body text not null, created_at integer not null)');
  const insert = db.prepare('insert into rows (id, body, created_at) values (?, ?, ?)');
  const body = JSON.stringify({ company: '上海市实验中学', contactName: '王校长', contactTitle: '校长', industry: 'education', budget: 600000 });
  for (let i = 0; i < WARMUP; i++) insert.run(`w${i}`, body, Date.now());
  const checkpointer = opts.checkpointer ? startCheckpointer(path, (pages) => db.pragma(`wal_autocheckpoint = ${pages}`)) : undefined;
  const started = performance.now();
  for (let i = 0; i < rows; i++) insert.run(`r${i}`, body, Date.now());
  const seconds = (performance.now() - started) / 1000;
  await checkpointer?.stop();
  db.close();
  return rows / seconds;
}

/** Leads per second through intakeLead, in local mode (console channel only), `inFlight` callers at once. */
async function intakeRate(path: string, leads: number, sync: Sync, inFlight: number): Promise<{ rate: number; firstRate: number; lastRate: number }> {
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
    // Warm up through the same path as the measured run (same number in flight).
    const run = async (count: number, leadAt: (i: number) => LeadInput, onDone: (done: number) => void) => {
      let next = 0;
      let done = 0;
      const caller = async () => {
        while (next < count) {
          await intakeLead(deps, leadAt(next++));
          onDone(++done);
        }
      };
      await Promise.all(Array.from({ length: inFlight }, caller));
    };
    await run(INTAKE_WARMUP, (i) => ({ ...lead(i), externalId: `warm-${i}` }), () => {});
    const marks: number[] = [performance.now()];
    await run(leads, lead, (done) => {
      if (done % (leads / 4) === 0) marks.push(performance.now());
    });
    const quarter = (q: number) => leads / 4 / (((marks[q + 1] ?? 0) - (marks[q] ?? 0)) / 1000);
    return { rate: leads / (((marks[4] ?? 0) - (marks[0] ?? 0)) / 1000), firstRate: quarter(0), lastRate: quarter(3) };
  } finally {
    await db.close();
  }
}

/** The tables one new lead writes, and how many rows in each. */
const LEAD_ROWS = [
  ['leads', 1],
  ['lead_assignments', 1],
  ['audit_events', 1],
  ['outbox', 1],
  ['timers', 1],
] as const;

/**
 * Leads per second when only their rows are written: real rows from the intake run (`from`),
 * cloned under fresh ordered keys into a copy of its schema, prepared statements, 64 leads per
 * transaction. What any intake must at least pay; the gap to it is routing, cards and Kysely.
 */
function writeFloorRate(from: string, path: string, leads: number): number {
  const source = new BetterSqlite3(from, { readonly: true });
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  for (const r of source.prepare("select sql from sqlite_master where sql is not null and name not like 'sqlite_%'").all() as { sql: string }[]) db.exec(r.sql);
  const tables = LEAD_ROWS.map(([table, count]) => {
    const samples = source.prepare(`select * from ${table} order by rowid limit ${count}`).all() as Record<string, unknown>[];
    const columns = Object.keys(samples[0]!);
    const insert = db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
    return { table, samples, insert };
  });
  source.close();
  const writeLead = db.transaction((first: number, n: number) => {
    for (let k = first; k < first + n; k++) {
      const key = `F-${String(k).padStart(8, '0')}`;
      for (const { table, samples, insert } of tables) {
        samples.forEach((row, i) => {
          const clone: Record<string, unknown> = { ...row, id: `${key}:${i}` };
          if (table === 'leads') clone.external_id = key;
          if (table === 'lead_assignments') clone.lead_id = key;
          insert.run(Object.values(clone));
        });
      }
    }
  });
  const started = performance.now();
  for (let k = 0; k < leads; k += IN_FLIGHT) writeLead(k, Math.min(IN_FLIGHT, leads - k));
  const rate = leads / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

/** Paired runs (raw, then intake, each on a fresh file) whose median ratio is reported. */
const PAIRS = 5;

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchRoute(): Promise<{ route_persist_ratio: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'closeloop-bench-route-'));
  try {
    const ratio = (rate: number, base: number) => (rate / base).toFixed(3);
    const sync = (s: Sync) => `synchronous=${s}${s === APP_SYNC ? ' (the default)' : ''}`;
    const rawRows = APP_SYNC === 'FULL' ? RAW_ROWS / 5 : RAW_ROWS;
    // Two passes on throwaway files first: V8 keeps optimising intake's many functions for
    // thousands of leads (a pass straight after start ran 20–30 % slower than the third).
    // The raw side is one small loop, warm after its first few hundred rows.
    for (const warm of ['warm-1.db', 'warm-2.db']) await intakeRate(join(dir, warm), LEADS, APP_SYNC, IN_FLIGHT);
    // This machine's disk and CPU drift by ±20 % from one second to the next; each pair runs
    // its two sides back to back and the median pair is reported.
    const pairs: { raw: number; intake: Awaited<ReturnType<typeof intakeRate>> }[] = [];
    for (let k = 0; k < PAIRS; k++) {
      const raw = await rawInsertRate(join(dir, `raw-${k}.db`), rawRows, APP_SYNC);
      pairs.push({ raw, intake: await intakeRate(join(dir, `bench-${k}.db`), LEADS, APP_SYNC, IN_FLIGHT) });
    }
    const ratios = pairs.map((p) => p.intake.rate / p.raw);
    const mid = pairs[ratios.indexOf(median(ratios))]!;
    for (const [k, p] of pairs.entries()) {
      console.error(
        `bench route: pair ${k + 1}/${PAIRS}, ${sync(APP_SYNC)} on both sides: intakeLead ${p.intake.rate.toFixed(0)} leads/s with ${IN_FLIGHT} in flight (first quarter ${p.intake.firstRate.toFixed(0)}, last ${p.intake.lastRate.toFixed(0)}) vs raw insert ${p.raw.toFixed(0)} rows/s, ratio ${ratio(p.intake.rate, p.raw)}`,
      );
    }
    const serial = await intakeRate(join(dir, 'serial.db'), LEADS / 10, APP_SYNC, 1);
    console.error(`bench route: one caller at a time ${serial.rate.toFixed(0)} leads/s, ratio ${ratio(serial.rate, mid.raw)} (no group commit: a transaction per lead)`);
    const floorSource = join(dir, APP_SYNC === 'NORMAL' ? `bench-${pairs.indexOf(mid)}.db` : 'serial.db');
    const floor = writeFloorRate(floorSource, join(dir, 'floor.db'), LEADS);
    const normalBaseline = APP_SYNC === 'NORMAL' ? mid.raw : await rawInsertRate(join(dir, 'raw-normal.db'), RAW_ROWS, 'NORMAL');
    console.error(
      `bench route: write floor with synchronous=NORMAL (a lead's rows by hand, 64 leads per transaction, no logic, SQLite's own checkpoints) ${floor.toFixed(0)} leads/s, ratio ${ratio(floor, normalBaseline)}`,
    );
    // Context for the baseline: the raw loop with the app's background checkpointer as well.
    const rawChecked = await rawInsertRate(join(dir, 'raw-checked.db'), rawRows, APP_SYNC, { checkpointer: true });
    console.error(`bench route: raw inserts with the background checkpointer too ${rawChecked.toFixed(0)} rows/s; intake's median pair reaches ${ratio(mid.intake.rate, rawChecked)} of that`);
    // Context: when every commit waits for the disk, the raw side pays a flush per row.
    const other: Sync = APP_SYNC === 'NORMAL' ? 'FULL' : 'NORMAL';
    const otherBaseline = await rawInsertRate(join(dir, 'raw-other.db'), other === 'FULL' ? RAW_ROWS / 5 : RAW_ROWS, other);
    const otherOurs = await intakeRate(join(dir, 'bench-other.db'), LEADS / 2, other, IN_FLIGHT);
    console.error(`bench route: ${sync(other)} on both sides: ${otherOurs.rate.toFixed(0)} leads/s vs ${otherBaseline.toFixed(0)} rows/s, ratio ${ratio(otherOurs.rate, otherBaseline)}`);
    const stock = await rawInsertRate(join(dir, 'raw-stock.db'), RAW_ROWS / 20, 'library defaults');
    console.error(`bench route: raw inserts with better-sqlite3's own defaults (rollback journal, synchronous=FULL) ${stock.toFixed(0)} rows/s; intake at the app's default reaches ${ratio(mid.intake.rate, stock)} of that`);
    return { route_persist_ratio: Number(median(ratios).toFixed(4)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchRoute());
