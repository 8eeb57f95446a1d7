/**
 * After the old CRM's customers are imported, 张伟's first `/visit` lists his customers with
 * what is known, and the form shows it (type, contact, last contact) asking only for what is new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { eventually, startApp, type RunningApp } from '../support/app-harness.ts';
import { consoleClient, textsOf, type FeedItem } from '../support/console-client.ts';
import { parseEnv } from '../../src/config/env.ts';
import { runImportCustomers } from '../../src/cli/import-customers.ts';
import type { ConsoleView } from '../../cards/render/console.ts';

type CardView = Extract<ConsoleView, { kind: 'card' }>;
const cards = (items: FeedItem[], prefix: string): CardView[] => items.flatMap((i) => (i.view.kind === 'card' && i.cardKey?.startsWith(prefix) ? [i.view] : []));

describe.each(testDatabases)('console: imported customers on $name', (kind) => {
  let t: RunningApp;
  let c: ReturnType<typeof consoleClient>;
  beforeAll(async () => {
    t = await startApp(kind);
    c = consoleClient(t.url);
    const env = parseEnv({ DATABASE_URL: t.dbUrl, COMPANY_CONFIG: 'examples/company.yaml' });
    const out: string[] = [];
    expect(await runImportCustomers(['examples/crm-customers.csv', '--mapping', 'examples/crm-customers-mapping.yaml'], { stdout: (l) => out.push(l), stderr: (l) => out.push(l), env })).toBe(0);
  });
  afterAll(async () => t.stop());

  it('lists 张伟\'s imported customers with what is already known', async () => {
    await c.command('zhang-wei', 'visit');
    const list = await eventually(async () => cards(await c.feed('zhang-wei'), 'customer-list:')[0]);
    expect(list.title).toBe('张伟的客户（3）');
    const rows = Object.fromEntries(list.fields.map((f) => [f.label, f.value]));
    expect(Object.keys(rows).sort()).toEqual(['上海市实验中学', '复旦大学附属中学', '浦东新区教育局信息中心'].sort());
    expect(rows['上海市实验中学']).toBe('学校 · 教育 · 上海 · 李主任 信息中心主任 · 上次沟通 2026-11-18');
    expect(list.buttons.map((b) => b.actionId)).toEqual(['visit.form', 'visit.form', 'visit.form']);
  });

  it('the form shows what is known and asks for pains, competitor and the next action', async () => {
    await c.command('zhang-wei', 'visit 复旦附中');
    const hint = await eventually(async () => textsOf(await c.feed('zhang-wei')).find((x) => x.startsWith('没有客户「复旦附中」')));
    expect(hint).toContain('复旦大学附属中学');
    const list = cards(await c.feed('zhang-wei'), 'customer-list:')[0]!;
    const button = list.buttons.find((b) => b.label === '拜访 复旦大学附属中学')!;
    await c.click('zhang-wei', button.actionId, button.value);
    const form = await eventually(async () => cards(await c.feed('zhang-wei'), `visit-form:${button.value}`)[0]);
    const known = Object.fromEntries(form.fields.map((f) => [f.label, f.value]));
    expect(known).toMatchObject({ 客户类型: '学校', 行业: '教育', 地区: '上海', 联系人: '陈老师 · 信息技术教研组长', 上次沟通: '2026-10-30', 负责人: '张伟' });
    const required = form.form!.inputs.filter((i) => 'required' in i && i.required).map((i) => i.id);
    expect(required).toEqual(['pains', 'competitor_1']);
    expect(form.form!.inputs.map((i) => i.id)).not.toContain('contactName');
  });
});
