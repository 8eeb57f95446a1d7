import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connect, sqlitePath, type Db } from '../../db/connect.ts';
import { loadCompany, type Company } from '../../src/config/company.ts';
import { createLogger } from '../../src/log.ts';
import { intakeLead } from '../../src/services/lead-intake.ts';
import type { ServiceDeps } from '../../src/services/deps.ts';
import { compileLeadRouting } from '../../src/services/routing/compile.ts';
import { displayWidth, openReadOnlyDb, runRouteDryRun, table, type CliIo } from '../../src/cli/route-dry-run.ts';
import { readLeadFile } from '../../src/cli/lead-file.ts';
import { validateLead } from '../../src/domain/leads/validate-lead.ts';
import { openTestDb, testDatabases } from '../support/databases.ts';

const NOW = Date.parse('2026-03-10T10:00:00+08:00');
const company = loadCompany('examples/company.yaml');
const dir = mkdtempSync(join(tmpdir(), 'closeloop-dry-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const missingDb = `file:${join(dir, 'no-such-dir', 'closeloop.db')}`;

const eduLead = { company: '某中学', contactName: '王校长', contactTitle: '校长', industry: 'education', budget: 600000, websiteDwellSeconds: 0, decisionChainSize: 1, interactionCount: 0 };

async function dryRun(args: string[], databaseUrl = missingDb) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: { DATABASE_URL: databaseUrl, COMPANY_CONFIG: 'examples/company.yaml' }, now: () => NOW };
  const code = await runRouteDryRun(args, io);
  return { code, out, err, text: out.join('\n') };
}

/** Each routed lead's owner and route id, in file order, read back from the printed report. */
function routed(out: string[]): { owner: string; route: string }[] {
  const field = (name: string) => out.filter((l) => l.startsWith(`    ${name} `)).map((l) => /\(([^()]+)\)$/.exec(l)?.[1] ?? '');
  const owners = field('owner');
  const routes = field('route');
  return owners.map((owner, i) => ({ owner, route: routes[i] ?? '' }));
}

function writeJson(name: string, leads: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(leads));
  return path;
}

const EXAMPLE_ROUTING = [
  { owner: 'zhang-wei', route: 'education-technical' },
  { owner: 'wang-qiang', route: 'education-technical' },
  { owner: 'zhang-wei', route: 'education-technical' },
  { owner: 'liu-yang', route: 'healthcare' },
  { owner: 'zhao-min', route: 'healthcare' },
  { owner: 'huang-lei', route: 'executive-cycle' },
  { owner: 'liu-yang', route: 'executive-cycle' },
  { owner: 'sun-li', route: 'everything-else' },
  { owner: 'wu-fang', route: 'everything-else' },
  { owner: 'zhou-tao', route: 'everything-else' },
];

describe('closeloop route --dry-run on the examples, without a database', () => {
  it('prints tags, score, route, owner and reason for every example lead, and creates no database', async () => {
    const r = await dryRun(['--dry-run', 'examples/leads.json']);
    expect(r.code).toBe(0);
    expect(routed(r.out)).toEqual(EXAMPLE_ROUTING);
    expect(r.text).toContain('#1  上海市实验中学 — 王校长, 校长');
    expect(r.text).toMatch(/ {4}tags {3}高意向-需技术协同, 中潜力-需案例背书\n {4}score {2}70\n {4}route {2}教育大单 → 技术方案组 \(education-technical\)/);
    expect(r.text).toContain('    why    教育 · 预算 ≥ 50万 · 校长 · 你有『教育行业』技能');
    expect(r.text).toContain('no database at');
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
  });

  it('routes examples/leads.csv exactly like examples/leads.json', async () => {
    const r = await dryRun(['--dry-run', 'examples/leads.csv']);
    expect(r.code).toBe(0);
    expect(routed(r.out)).toEqual(EXAMPLE_ROUTING);
    expect(r.out).toContain('line 2  上海市实验中学 — 王校长, 校长');
  });

  it('-v adds the full explanation: every candidate, why one was skipped, the rotation', async () => {
    const r = await dryRun(['--dry-run', 'examples/leads.json', '-v']);
    expect(r.text).toContain('      ✗ 陈杰缺少『技术方案』技能');
    expect(r.text).toContain('      ✓ 张伟：选中（偏好技能 1 项，权重 2）');
    expect(r.text).toContain('      在 2 位同等人选中按权重轮转（王强 ×1、张伟 ×2），轮到 张伟');
  });

  it('counts the file’s own leads against caps and rotation as it goes', async () => {
    const r = await dryRun(['--dry-run', writeJson('twelve.json', Array(12).fill(eduLead))]);
    const owners = routed(r.out).map((x) => x.owner);
    const count = (id: string) => owners.filter((o) => o === id).length;
    expect([count('zhang-wei'), count('wang-qiang'), count('li-na')]).toEqual([5, 5, 2]);
    expect(owners.slice(10)).toEqual(['li-na', 'li-na']);
    expect(r.text).toContain('    why    教育 · 预算 ≥ 50万 · 校长; 王强已满 5/5、张伟今日已满 5/5');
    // The summary's CJK names are padded by display width, so the columns line up.
    const summary = r.out.slice(r.out.findIndex((l) => l.startsWith('owner  leads')));
    const ends = summary.slice(0, 4).map((l) => displayWidth(/^\S+\s+\S+/.exec(l)?.[0] ?? ''));
    expect(ends).toEqual([12, 12, 12, 12]);
  });

  it('prints the bad fields of invalid leads (as the API would reject them), routes the rest, and exits 2', async () => {
    const bad = { ...eduLead, budget: '很多', custom: { schoolSize: -5, size: 3 } };
    const r = await dryRun(['--dry-run', writeJson('mixed.json', [eduLead, bad, { ...eduLead, industry: 'healthcare' }])]);
    expect(r.code).toBe(2);
    expect(r.text).toContain('#2  某中学 — 王校长, 校长  ✗ invalid, not routed');
    expect(r.out).toEqual(expect.arrayContaining([expect.stringMatching(/^ {4}budget: /), expect.stringMatching(/^ {4}custom\.schoolSize: must be at least 0/), expect.stringMatching(/^ {4}custom\.size: unknown custom field/)]));
    expect(routed(r.out).map((x) => x.route)).toEqual(['education-technical', 'healthcare']);
    expect(r.text).toContain('1 invalid lead not routed');
  });

  it('exits 2 naming the problem for a bad company file, lead file or usage', async () => {
    const yaml = join(dir, 'bad-company.yaml');
    writeFileSync(yaml, readFileSync('examples/company.yaml', 'utf8').replace('to: { team: key-accounts }', 'to: { team: key-acounts }'));
    const badCompany = await dryRun(['--dry-run', 'examples/leads.json', '--company', yaml]);
    expect(badCompany.code).toBe(2);
    expect(badCompany.err.join('\n')).toMatch(/leads\.routes\.1\.to\.team \(line \d+\): unknown team "key-acounts"/);
    const badFile = await dryRun(['--dry-run', join(dir, 'nope.csv')]);
    expect([badFile.code, badFile.err.join()]).toEqual([2, expect.stringContaining('cannot read')]);
    const noFile = await dryRun(['examples/leads.json']);
    expect([noFile.code, noFile.err.join()]).toEqual([2, expect.stringContaining('usage: closeloop route --dry-run')]);
  });

  it('does not route a lead twice when its externalId repeats, as intake would not', async () => {
    const lead = { ...eduLead, externalId: 'crm-1' };
    const r = await dryRun(['--dry-run', writeJson('dupes.json', [lead, lead])]);
    expect(r.code).toBe(0);
    expect(routed(r.out)).toHaveLength(1);
    expect(r.text).toContain('#2  某中学 — 王校长, 校长  = same lead as #1 (externalId crm-1); intake would not route it again');
  });

  it('exits 1 when the database cannot be read, rather than forecasting from nothing', async () => {
    const r = await dryRun(['--dry-run', 'examples/leads.json'], 'postgres://nobody:secret@127.0.0.1:1/closeloop');
    expect(r.code).toBe(1);
    expect(r.err.join()).toMatch(/^cannot read the database postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/closeloop: /);
    expect(r.out).toEqual([]);
  });

  it('pads CJK as two columns', () => {
    expect(displayWidth('张伟 (zhang-wei)')).toBe(16);
    expect(table([['张伟', '1'], ['zhou', '10']], ['l', 'r'])).toEqual(['张伟   1', 'zhou  10']);
  });
});

function depsFor(db: Db, c: Company): ServiceDeps {
  return { db, company: c, channels: [], log: createLogger({ level: 'silent', pretty: false }), routing: compileLeadRouting(c), now: () => NOW, wakeOutbox: () => {}, wakeScheduler: () => {} };
}

const TABLES = ['leads', 'lead_assignments', 'rotation_state', 'outbox', 'timers', 'audit_events', 'sequences'] as const;
async function snapshot(url: string): Promise<string> {
  const db = connect(url, { poolSize: 1 });
  try {
    const counts = await Promise.all(TABLES.map(async (t) => `${t}:${String((await db.kysely.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)}`));
    const rotation = await db.kysely.selectFrom('rotation_state').selectAll().orderBy('route_id').execute();
    return JSON.stringify({ counts, rotation });
  } finally {
    await db.close();
  }
}

describe.each(testDatabases)('closeloop route --dry-run against a $name database', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('starts from the stored workload and rotation, writes nothing, and predicts what intake then does', async () => {
    const t = await openTestDb(kind);
    cleanups.push(t.cleanup);
    const deps = depsFor(t.db, company);
    for (let i = 0; i < 7; i++) await intakeLead(deps, { ...eduLead, custom: {} });
    await t.db.close();
    const before = await snapshot(t.url);
    const file = kind.name === 'sqlite' ? sqlitePath(t.url) : '';
    const bytes = file && createHash('sha256').update(readFileSync(file)).digest('hex');
    const mtime = file && statSync(file).mtimeMs;

    const leadsFile = writeJson(`next-${kind.name}.json`, [eduLead, eduLead, { ...eduLead, industry: 'healthcare' }]);
    const r = await dryRun(['--dry-run', leadsFile], t.url);
    expect(r.code).toBe(0);
    expect(r.text).toContain('(read-only)');
    expect(r.text).toMatch(/张伟今日已满 5\/5/);
    const predicted = routed(r.out).map((x) => x.owner);

    expect(await snapshot(t.url)).toBe(before);
    if (file) {
      expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(bytes);
      expect(statSync(file).mtimeMs).toBe(mtime);
    }

    // The dry run is a forecast: intake of the same leads now gives the same owners.
    const db = connect(t.url, { poolSize: 2 });
    cleanups.push(() => db.close());
    const actual: string[] = [];
    for (const row of readLeadFile(leadsFile)) {
      const v = validateLead(company.leads.customFields, row.raw);
      if (!v.ok) throw new Error('example lead invalid');
      actual.push((await intakeLead(depsFor(db, company), v.lead)).owner.id);
    }
    expect(predicted).toEqual(actual);
  });

  it('reports a lead whose externalId is already stored instead of routing it', async () => {
    const t = await openTestDb(kind);
    cleanups.push(t.cleanup);
    const first = readLeadFile('examples/leads.json')[0]!.raw as { externalId: string };
    const v = validateLead(company.leads.customFields, first);
    if (!v.ok) throw new Error('example lead invalid');
    await intakeLead(depsFor(t.db, company), v.lead);
    const r = await dryRun(['--dry-run', 'examples/leads.json'], t.url);
    expect(r.text).toContain(`#1  上海市实验中学 — 王校长, 校长  = already stored as L-1001 (externalId ${first.externalId}); intake would not route it again`);
    expect(routed(r.out)).toHaveLength(9);
  });

  it('opens the database so that a write is refused', async () => {
    const t = await openTestDb(kind);
    cleanups.push(t.cleanup);
    const ro = await openReadOnlyDb(t.url);
    cleanups.push(() => ro.close());
    const write = ro.kysely!.insertInto('sequences').values({ name: 'x', value: 1 }).execute();
    await expect(write).rejects.toThrow(/readonly|read-only/);
  });
});
