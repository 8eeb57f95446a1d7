import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sqlitePath } from '../../db/connect.ts';
import { loadCompany } from '../../src/config/company.ts';
import { createLogger } from '../../src/log.ts';
import { intakeLead } from '../../src/services/lead-intake.ts';
import type { ServiceDeps } from '../../src/services/deps.ts';
import { compileLeadRouting } from '../../src/services/routing/compile.ts';
import { runRouteCompare } from '../../src/cli/route-compare.ts';
import type { CliIo } from '../../src/cli/route-dry-run.ts';
import { readLeadFile } from '../../src/cli/lead-file.ts';
import { validateLead } from '../../src/domain/leads/validate-lead.ts';
import type { LeadInput } from '../../src/domain/leads/lead-input.ts';
import { openTestDb, testDatabases, type TestDatabase } from '../support/databases.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-10T10:00:00+08:00');
const company = loadCompany('examples/company.yaml');
const dir = mkdtempSync(join(tmpdir(), 'closeloop-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const examples: LeadInput[] = readLeadFile('examples/leads.json').map((r) => {
  const v = validateLead(company.leads.customFields, r.raw);
  if (!v.ok) throw new Error('invalid example lead');
  return v.lead;
});
const eduLead: LeadInput = { company: '某中学', contactName: '王校长', contactTitle: '校长', industry: 'education', budget: 600000, websiteDwellSeconds: 0, decisionChainSize: 1, interactionCount: 0 };

/** The demo company with healthcare sent to the technical team, a higher budget bar and no daily cap for 张伟. */
const demo = readFileSync('examples/company.yaml', 'utf8');
const changed = demo
  .replace('to: { team: key-accounts }\n      preferredSkills: [医疗行业]', 'to: { team: tech-sales }\n      preferredSkills: [医疗行业]')
  .replace('{ field: budget, gte: 500000 }', '{ field: budget, gte: 550000 }')
  .replace('capacity: { openLeads: 8, perDay: 5 }', 'capacity: { openLeads: 8 }');
function yaml(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const NEW = yaml('new-company.yaml', changed);
const SAME = yaml('same-company.yaml', demo);

async function compare(args: string[], databaseUrl: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: { DATABASE_URL: databaseUrl, COMPANY_CONFIG: 'examples/company.yaml' }, now: () => NOW };
  const code = await runRouteCompare(args, io);
  return { code, out, err, text: out.join('\n') };
}

/** The rows of the report section titled `title` (its table lines, trimmed), until the next blank line. */
function section(out: string[], title: string): string[][] {
  const start = out.findIndex((l) => l.startsWith(title));
  const rows: string[][] = [];
  for (const l of out.slice(start + 1)) {
    if (l.trim() === '') break;
    rows.push(l.trim().split(/\s{2,}/));
  }
  return rows;
}

async function seeded(kind: TestDatabase, leads: { lead: LeadInput; at: number }[]) {
  const t = await openTestDb(kind);
  let now = NOW;
  const deps: ServiceDeps = { db: t.db, company, channels: [], log: createLogger({ level: 'silent', pretty: false }), routing: compileLeadRouting(company), now: () => now, wakeOutbox: () => {}, wakeScheduler: () => {} };
  const ids: string[] = [];
  for (const { lead, at } of leads) {
    now = at;
    ids.push((await intakeLead(deps, lead)).lead.id);
  }
  return { ...t, ids };
}

describe.each(testDatabases)('closeloop route --compare on $name', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('prints owner and route changes, gains and losses, cap hits and tag changes, and writes nothing', async () => {
    // One example too old to replay, the other nine over the last ten days, and nine education leads yesterday.
    const t = await seeded(kind, [
      { lead: examples[0]!, at: NOW - 40 * DAY },
      ...examples.slice(1).map((lead, i) => ({ lead, at: NOW - (10 - i) * DAY })),
      ...Array.from({ length: 9 }, (_, i) => ({ lead: eduLead, at: NOW - DAY + i * 60_000 })),
    ]);
    cleanups.push(t.cleanup);
    await t.db.close();
    const file = kind.name === 'sqlite' ? sqlitePath(t.url) : '';
    const hash = () => (file ? createHash('sha256').update(readFileSync(file)).digest('hex') : '');
    const before = hash();

    const r = await compare(['--compare', NEW, '--days', '30'], t.url);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^Replaying 18 leads stored 2026-02-08 … 2026-03-10 \(last 30 days\)/);

    // L-1004 (华山医院) and L-1005 (杭州一院) are healthcare: now the technical team's 李娜; L-1003 (南京, 52万) loses its tag.
    expect(r.text).toMatch(/^ {2}L-1004 {2}刘洋 {2}→ {2}李娜 {2}\(route healthcare\)$/m);
    expect(r.text).toMatch(/^ {2}L-1005 {2}赵敏 {2}→ {2}李娜 {2}\(route healthcare\)$/m);
    expect(r.text).toMatch(/^ {2}L-1003 {2}王强 {2}→ {2}黄磊 {2}\(route education-technical → executive-cycle\)$/m);
    expect(r.text).toMatch(/^Owner or route changes: \d+ of 18 leads$/m);

    const perPerson = new Map(section(r.out, 'Leads per person').map(([who, ...n]) => [who, n]));
    expect(perPerson.get('李娜')).toEqual(['0', '2', '+2']);
    expect(perPerson.get('刘洋')?.[2]).toMatch(/^−/);
    const caps = new Map(section(r.out, 'Cap hits').map(([who, ...n]) => [who, n]));
    // Yesterday's nine education leads find 张伟 at his daily cap of 5, unless the cap is gone.
    expect(caps.get('张伟')?.slice(1)).toEqual(['0', `−${caps.get('张伟')?.[0]}`]);
    const tags = new Map(section(r.out, 'Tag changes').map(([tag, ...n]) => [tag, n]));
    expect(tags.get('高意向-需技术协同')?.[2]).toBe('−1');

    expect(hash()).toBe(before);
  });

  it('replays only the last --days, and counts a lead against its owner only until its recorded first touch', async () => {
    const leads = Array.from({ length: 18 }, (_, i) => ({ lead: eduLead, at: NOW - (18 - i) * DAY }));
    const t = await seeded(kind, leads);
    cleanups.push(t.cleanup);
    const untouched = await compare(['--compare', SAME, '--days', '30'], t.url);
    expect(untouched.text).toContain('No lead changes owner or route (18 leads).');
    // Nobody touches anything: 王强 (5 open) and 张伟 (8 open) fill up.
    const caps = new Map(section(untouched.out, 'Cap hits').map(([who, ...n]) => [who, n]));
    expect(Number(caps.get('王强')?.[0])).toBeGreaterThan(0);

    // Only first_touch_at matters to the replay; set it directly, an hour after each lead arrived.
    for (const [i, id] of t.ids.entries()) await t.db.kysely.updateTable('leads').set({ first_touch_at: leads[i]!.at + 3_600_000 }).where('id', '=', id).execute();
    const touched = await compare(['--compare', SAME, '--days', '30'], t.url);
    expect(touched.text).toContain('Cap hits: none under either rule set.');

    const week = await compare(['--compare', SAME, '--days', '7'], t.url);
    expect(week.out[0]).toMatch(/^Replaying 7 leads stored 2026-03-03 … 2026-03-10 \(last 7 days\)/);
  });

  it('rejects an invalid new company file with its YAML paths, and a missing database, with exit 2', async () => {
    const t = await seeded(kind, [{ lead: eduLead, at: NOW - DAY }]);
    cleanups.push(t.cleanup);
    const bad = yaml('bad.yaml', demo.replace('to: { team: inside-sales }', 'to: { team: inside }').replace('{ field: decisionChainSize, gte: 5 }', '{ field: decisionChain, gte: 5 }'));
    const r = await compare(['--compare', bad], t.url);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/bad\.yaml: invalid company file/);
    expect(r.err.join('\n')).toMatch(/leads\.routes\.3\.to\.team \(line \d+\): unknown team "inside"/);
    expect(r.err.join('\n')).toMatch(/leads\.tags\.2\.when\.field \(line \d+\): unknown field 'decisionChain'/);
    expect(r.out).toEqual([]);

    const none = await compare(['--compare', NEW], `file:${join(dir, 'missing', 'x.db')}`);
    expect([none.code, none.err.join()]).toEqual([2, expect.stringContaining('nothing to replay')]);
    const usage = await compare(['--compare', NEW, '--days', 'a month'], t.url);
    expect([usage.code, usage.err.join()]).toEqual([2, expect.stringContaining('--days takes a whole number')]);
  });
});

