/**
 * Visit-save benchmark: confirming a note as a visit — the real `confirmDraft` (draft decided,
 * visit row with its pain and competitor rows, the customer's last contact, audit, the card
 * update and the reply in the outbox, one transaction) — against raw single-row
 * better-sqlite3 inserts (one autocommit row each) on the same kind of file with the app's
 * pragmas, in the same process. `visit_submit_ratio` = confirmed visits/s ÷ raw rows/s.
 * Run alone: `npx tsx bench/visit.ts`.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { connect, DEFAULT_SQLITE_SYNCHRONOUS } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadCompany, personById } from '../src/config/company.ts';
import { createConsoleChannel } from '../src/channels/console/index.ts';
import { createLogger } from '../src/log.ts';
import type { ServiceDeps } from '../src/services/deps.ts';
import { compileLeadRouting } from '../src/services/routing/compile.ts';
import { compileExtractor } from '../src/domain/visits/extract/index.ts';
import { newDeal } from '../src/services/deals/new-deal.ts';
import { confirmDraft } from '../src/services/visits/decide.ts';
import { insertDraft } from '../src/store/visits/drafts.ts';

const RAW_ROWS = 20_000;
const VISITS = 2_000;
const WARMUP = 100;
const NOTE = '信息中心主任说机房服务器去年宕机五次，每次停两天；他们现在用的是华为的方案；下周三要我们带工程师过来做技术交流。';

function rawInsertRate(path: string): number {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma(`synchronous = ${DEFAULT_SQLITE_SYNCHRONOUS}`);
  db.exec('create table rows (id text primary key, body text not null, created_at integer not null)');
  const insert = db.prepare('insert into rows (id, body, created_at) values (?, ?, ?)');
  const body = JSON.stringify({ customer: 'C-1001', pains: ['equipment_failure_high'], competitor: 'huawei', note: NOTE });
  for (let i = 0; i < WARMUP; i++) insert.run(`w${i}`, body, Date.now());
  const t0 = performance.now();
  for (let i = 0; i < RAW_ROWS; i++) insert.run(`r${i}`, body, Date.now());
  const rate = RAW_ROWS / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

async function confirmRate(path: string): Promise<number> {
  const company = loadCompany(fileURLToPath(new URL('../examples/company.yaml', import.meta.url)));
  const db = connect(`file:${path}`);
  await migrateToLatest(db);
  const log = createLogger({ level: 'silent', pretty: false });
  const sink = { accept: async () => 'accepted' as const };
  const channels = [createConsoleChannel({ db: db.kysely, company, sink, log })];
  const deps: ServiceDeps = { db, company, channels, log, routing: compileLeadRouting(company), now: Date.now, wakeOutbox: () => {}, wakeScheduler: () => {}, extractor: compileExtractor(company.visits) };
  const rep = personById(company, 'zhang-wei')!;
  const origin = (k: string) => ({ personId: rep.id, interaction: { channel: 'console' as const, dedupeKey: k } });
  const { customer } = await newDeal(deps, rep, { customerName: '上海市实验中学', amount: 600000, typeWord: 'school' }, origin('bench-deal'));
  const extraction = deps.extractor!.extract(NOTE, { now: Date.now(), timezone: company.timezone, stage: 'qualified', customerType: 'school' });
  const drafts = Array.from({ length: WARMUP + VISITS }, (_, i) => `VD-${900000 + i}`);
  for (const id of drafts) await insertDraft(db.kysely, { id, repId: rep.id, customerId: customer.id, note: NOTE, extraction, via: 'note', status: 'pending', visitId: null, createdAt: Date.now() });
  for (const id of drafts.slice(0, WARMUP)) await confirmDraft(deps, rep, id, origin(`c-${id}`));
  const t0 = performance.now();
  for (const id of drafts.slice(WARMUP)) await confirmDraft(deps, rep, id, origin(`c-${id}`));
  const rate = VISITS / ((performance.now() - t0) / 1000);
  const stored = Number((await db.kysely.selectFrom('visits').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  if (stored !== WARMUP + VISITS) throw new Error(`bench: expected ${WARMUP + VISITS} visits, found ${stored}`);
  await db.close();
  return rate;
}

export async function benchVisit(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'closeloop-bench-visit-'));
  try {
    const raw = rawInsertRate(join(dir, 'raw.db'));
    const visits = await confirmRate(join(dir, 'app.db'));
    console.error(`visit: ${Math.round(visits)} confirmed visits/s vs ${Math.round(raw)} raw rows/s`);
    return { visit_submit_ratio: Number((visits / raw).toFixed(3)), visit_confirm_per_s: Math.round(visits) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchVisit());
