import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { parseEnv } from '../../src/config/env.ts';
import { runImportLeads } from '../../src/cli/import-leads.ts';
import { freshDbs, testDatabases } from '../support/databases.ts';

const NOW = Date.parse('2026-03-10T10:00:00+08:00');
const dir = mkdtempSync(join(tmpdir(), 'closeloop-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const eduLead = { company: '某中学', contactName: '王校长', contactTitle: '校长', industry: 'education', budget: 600000, websiteDwellSeconds: 0, decisionChainSize: 1, interactionCount: 0 };

function writeJson(name: string, leads: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(leads));
  return path;
}

async function importLeads(args: string[], databaseUrl: string) {
  const out: string[] = [];
  const err: string[] = [];
  const env = parseEnv({ DATABASE_URL: databaseUrl, COMPANY_CONFIG: 'examples/company.yaml' });
  const code = await runImportLeads(args, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env, now: () => NOW });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function counts(db: Db) {
  const n = async (table: 'leads' | 'outbox' | 'timers' | 'lead_assignments') =>
    Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { leads: await n('leads'), assignments: await n('lead_assignments'), outbox: await n('outbox'), timers: await n('timers') };
}

describe.each(testDatabases)('closeloop import on $name', (kind) => {
  const fresh = freshDbs(kind);

  it('stores, routes and queues a card and an SLA clock for each lead; a second run adds nothing', async () => {
    const { db, url } = await fresh();
    const first = await importLeads(['examples/leads.csv'], url);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('Imported 10 new leads of 10.');
    expect(await counts(db)).toEqual({ leads: 10, assignments: 10, outbox: 10, timers: 10 });
    const edu = await db.kysely.selectFrom('leads').selectAll().where('external_id', '=', 'web-2026-0412').executeTakeFirstOrThrow();
    expect({ owner: edu.owner_id, route: edu.route_id, created: Number(edu.created_at) }).toEqual({ owner: 'zhang-wei', route: 'education-technical', created: NOW });
    const audit = await db.kysely.selectFrom('audit_events').select('data').where('subject', '=', edu.id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.data)).toMatchObject({ intake: 'import', ownerId: 'zhang-wei' });
    const timers = await db.kysely.selectFrom('timers').select('id').where('subject', '=', edu.id).orderBy('id').execute();
    expect(timers.map((t) => t.id)).toEqual([`sla:${edu.id}:a1:remind`]);

    const again = await importLeads(['examples/leads.csv'], url);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Imported 0 new leads of 10; 10 already stored (same externalId), left as they were.');
    expect(await counts(db)).toEqual({ leads: 10, assignments: 10, outbox: 10, timers: 10 });
  });

  it('checks every lead first: an invalid one (custom field included) stops the import and names the lead and field', async () => {
    const { db, url } = await fresh();
    const file = writeJson('bad.json', [eduLead, { ...eduLead, budget: 'lots' }, { ...eduLead, custom: { schoolSize: -5 } }]);
    const r = await importLeads([file], url);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/#2: budget: /);
    expect(r.err).toMatch(/#3: custom\.schoolSize: /);
    expect(r.err).toContain('2 of 3 leads are invalid; nothing was imported. Fix them, or pass --skip-invalid to import the other 1.');
    expect(await counts(db)).toEqual({ leads: 0, assignments: 0, outbox: 0, timers: 0 });

    const skipping = await importLeads([file, '--skip-invalid'], url);
    expect(skipping.code).toBe(0);
    expect(skipping.out).toContain('Imported 1 new lead of 1; 2 invalid skipped.');
    expect(skipping.out).toContain('no externalId');
    expect((await counts(db)).leads).toBe(1);
  });

  it('reads an old CRM export through a field mapping; --dry-run routes it and writes nothing', async () => {
    const { db, url } = await fresh();
    const args = ['examples/crm-export.csv', '--mapping', 'examples/crm-mapping.yaml'];
    const dry = await importLeads([...args, '--dry-run'], url);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('Not imported (no field in examples/crm-mapping.yaml): 负责人(旧系统)');
    expect(dry.out).toMatch(/line 2 {2}杭州市学军中学[\s\S]*owner {2}张伟 \(zhang-wei\)/);
    expect((await counts(db)).leads).toBe(0);

    const real = await importLeads(args, url);
    expect(real.code, real.err).toBe(0);
    const rows = await db.kysely.selectFrom('leads').select(['external_id', 'industry', 'budget', 'source', 'custom', 'owner_id']).orderBy('external_id').execute();
    expect(rows.map((r) => ({ ...r, budget: Number(r.budget), custom: JSON.parse(r.custom) as unknown }))).toEqual([
      { external_id: 'CRM-88001', industry: 'education', budget: 720000, source: '旧CRM导入', custom: { schoolSize: 2600 }, owner_id: 'zhang-wei' },
      { external_id: 'CRM-88002', industry: 'healthcare', budget: 1500000, source: '旧CRM导入', custom: {}, owner_id: 'liu-yang' },
      { external_id: 'CRM-88003', industry: 'manufacturing', budget: 380000, source: '旧CRM导入', custom: {}, owner_id: 'sun-li' },
    ]);
  });

  it('refuses bad usage and a bad mapping, naming the problem', async () => {
    const { url } = await fresh();
    expect((await importLeads([], url)).err).toMatch(/give the file to import[\s\S]*usage: closeloop import/);
    expect((await importLeads(['a.csv', 'b.csv'], url)).code).toBe(2);
    expect((await importLeads([join(dir, 'nope.txt')], url)).err).toMatch(/use a \.json or \.csv file/);
    const bad = join(dir, 'bad-mapping.yaml');
    writeFileSync(bad, 'kind: visits\ncolumns: { budgett: 预算 }\n');
    const r = await importLeads(['examples/crm-export.csv', '--mapping', bad], url);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/invalid mapping[\s\S]*kind: kind: leads[\s\S]*columns\.budgett: not a closeloop lead field/);
  });
});
