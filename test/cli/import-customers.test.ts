/** `closeloop import-customers` on SQLite and PostgreSQL: the examples' export, XLSX, dedupe, merge, owners, dry run, re-run. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.ts';
import { runImportCustomers } from '../../src/cli/import-customers.ts';
import { parseOldDate } from '../../src/services/customers/import-customers.ts';
import { freshDbs, testDatabases } from '../support/databases.ts';

const NOW = Date.parse('2026-12-04T10:00:00+08:00');
const dir = mkdtempSync(join(tmpdir(), 'closeloop-customers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CSV = 'examples/crm-customers.csv';
const MAPPING = 'examples/crm-customers-mapping.yaml';

async function run(args: string[], databaseUrl: string) {
  const out: string[] = [];
  const err: string[] = [];
  const env = parseEnv({ DATABASE_URL: databaseUrl, COMPANY_CONFIG: 'examples/company.yaml' });
  const code = await runImportCustomers(args, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env, now: () => NOW });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('parseOldDate', () => {
  it('reads the old CRM\'s date spellings as midnight in the company zone', () => {
    const day = Date.parse('2026-11-18T00:00:00+08:00');
    for (const s of ['2026-11-18', '2026/11/18', '2026.11.18', '2026年11月18日', '2026-11-18 14:30']) expect(parseOldDate(s, 'Asia/Shanghai')).toBe(day);
    expect(parseOldDate(46344, 'Asia/Shanghai')).toBe(day); // Excel serial day of 2026-11-18
    expect(parseOldDate('2026-02-30', 'Asia/Shanghai')).toBeUndefined();
    expect(parseOldDate('上周', 'Asia/Shanghai')).toBeUndefined();
  });
});

describe.each(testDatabases)('closeloop import-customers on $name', (kind) => {
  const fresh = freshDbs(kind);

  it('dry run prints what would happen and writes nothing; the import creates; a re-run changes nothing', async () => {
    const { db, url } = await fresh();
    const dry = await run([CSV, '--mapping', MAPPING, '--dry-run'], url);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('6 would be created, 0 merged into existing customers, 0 unchanged, 1 skipped');
    expect(dry.out).toContain('create  華東醫療器械經銷有限公司 → 李娜 (distributor, 郑总/钱经理)  [line 7, line 8]');
    expect(dry.out).toMatch(/Unknown owners[^\n]*\n {2}老赵: 1 row \(line 9\)/);
    expect(await db.kysely.selectFrom('customers').select('id').execute()).toHaveLength(0);

    const first = await run([CSV, '--mapping', MAPPING], url);
    expect(first.code).toBe(0);
    expect(first.out).toContain('Imported: 6 created, 0 merged, 0 unchanged, 1 skipped.');
    const school = await db.kysely.selectFrom('customers').selectAll().where('name', '=', '上海市实验中学').executeTakeFirstOrThrow();
    expect(school).toMatchObject({ owner_id: 'zhang-wei', industry: 'education', region: '上海', customer_type: 'school', size_band: 'large', external_ref: 'KH-2001' });
    expect(JSON.parse(school.contacts)).toEqual([{ name: '李主任', title: '信息中心主任', phone: '021-5555-0101' }]);
    expect(Number(school.last_contact_at)).toBe(Date.parse('2026-11-18T00:00:00+08:00'));
    expect(JSON.parse(school.custom)).toEqual({ schoolSize: '2400' });
    const distributor = await db.kysely.selectFrom('customers').selectAll().where('customer_type', '=', 'distributor').execute();
    expect(distributor).toHaveLength(1);
    expect(Number(distributor[0]!.last_contact_at)).toBe(Date.parse('2026-11-20T00:00:00+08:00'));

    const again = await run([CSV, '--mapping', MAPPING], url);
    expect(again.out).toContain('Imported: 0 created, 0 merged, 6 unchanged, 1 skipped.');
    expect(await db.kysely.selectFrom('customers').select('id').execute()).toHaveLength(6);
  });

  it('merges into a customer that already exists (a new contact, a later last contact), keeping its owner', async () => {
    const { db, url } = await fresh();
    await db.kysely
      .insertInto('customers')
      .values({ id: 'C-9001', name: '上海市实验中学', name_key: '上海市实验中学', industry: 'education', region: null, customer_type: 'school', size_band: null, owner_id: 'chen-jie', contacts: JSON.stringify([{ name: '王校长', title: '校长' }]), source_lead_ids: '["L-1001"]', external_ref: null, last_contact_at: Date.parse('2026-10-01T00:00:00+08:00'), custom: '{}', created_at: 1, updated_at: 1 })
      .execute();
    const res = await run([CSV, '--mapping', MAPPING, '--dry-run'], url);
    expect(res.out).toMatch(/merge {3}上海市实验中学 into C-9001 上海市实验中学: contacts, lastContactAt, region, sizeBand, externalRef, custom; owner kept: chen-jie \(the file says zhang-wei\)/);
    const real = await run([CSV, '--mapping', MAPPING], url);
    expect(real.err).toBe('');
    expect(real.out).toContain('Imported: 5 created, 1 merged, 0 unchanged, 1 skipped.');
    const c = await db.kysely.selectFrom('customers').selectAll().where('id', '=', 'C-9001').executeTakeFirstOrThrow();
    expect(c.owner_id).toBe('chen-jie');
    expect(JSON.parse(c.contacts).map((x: { name: string }) => x.name)).toEqual(['王校长', '李主任']);
    expect(JSON.parse(c.source_lead_ids)).toEqual(['L-1001']);
  });

  it('reads XLSX (dates as date cells) through the same mapping', async () => {
    const { db, url } = await fresh();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('客户');
    sheet.addRow(['客户名称', '联系人', '上次沟通日期', '负责人', '行业']);
    sheet.addRow(['宁波市第二中学', '孙老师', new Date(Date.UTC(2026, 10, 3)), '小张', '教育']);
    sheet.addRow(['宁波市第二中学 ', '钱老师', '2026-11-05', '小张', '教育']);
    const path = join(dir, 'customers.xlsx');
    await book.xlsx.writeFile(path);
    const mapping = join(dir, 'm.yaml');
    writeFileSync(mapping, 'kind: customers\ncolumns: { name: 客户名称, contactName: 联系人, lastContactAt: 上次沟通日期, owner: 负责人, industry: 行业 }\nvalues: { industry: { 教育: education } }\nowners: { 小张: zhang-wei }\n');
    const res = await run([path, '--mapping', mapping], url);
    expect(res.code).toBe(0);
    expect(res.out).toContain('[row 2, row 3]');
    const rows = await db.kysely.selectFrom('customers').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.contacts).map((x: { name: string }) => x.name)).toEqual(['孙老师', '钱老师']);
    expect(Number(rows[0]!.last_contact_at)).toBe(Date.parse('2026-11-05T00:00:00+08:00'));
  });

  it('names bad input: a missing column, a bad mapping, a bad date; nothing is written for them', async () => {
    const { db, url } = await fresh();
    const mapping = join(dir, 'bad.yaml');
    writeFileSync(mapping, 'kind: customers\ncolumns: { name: 客户名称, owner: 负责人, lastContact: 上次沟通日期 }\n');
    const bad = await run([CSV, '--mapping', mapping], url);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('columns.lastContact: not a customer field');
    const missing = join(dir, 'missing.yaml');
    writeFileSync(missing, 'kind: customers\ncolumns: { name: 公司名, owner: 负责人 }\n');
    expect((await run([CSV, '--mapping', missing], url)).err).toContain('no column "公司名"');
    const csv = join(dir, 'dates.csv');
    writeFileSync(csv, '客户名称,负责人,上次沟通日期\n某学校,zhang-wei,上周三\n');
    const m2 = join(dir, 'dates.yaml');
    writeFileSync(m2, 'kind: customers\ncolumns: { name: 客户名称, owner: 负责人, lastContactAt: 上次沟通日期 }\n');
    const dates = await run([csv, '--mapping', m2], url);
    expect(dates.out).toContain('skip    line 2: 某学校: last contact "上周三" is not a date (use 2026-11-20)');
    expect(await db.kysely.selectFrom('customers').select('id').execute()).toHaveLength(0);
  });
});
