/** `/lead new` over the console: the form, a submit through the API's validation, bad fields refused. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { demoLead, eventually, postLead, startApp, type RunningApp } from '../support/app-harness.ts';
import { consoleClient, textsOf, type FeedItem } from '../support/console-client.ts';
import { LOCAL_DEMO_API_TOKEN } from '../../src/app.ts';
import { loadCompany } from '../../src/config/company.ts';
import { formIndustries, formNumber } from '../../commands/lead-new.ts';
import type { ConsoleCardView } from '../../cards/render/console.ts';

/** The console page's form submit: the action plus the form's values. */
async function submit(base: string, person: string, form: ConsoleCardView, values: Record<string, string>) {
  const res = await fetch(`${base}/console/api/action`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ person, actionId: form.form!.submit.actionId, value: form.form!.submit.value, cardKey: form.key, values, clientId: randomUUID() }),
  });
  expect(res.status).toBe(202);
}

function formsOf(items: FeedItem[]): ConsoleCardView[] {
  return items.flatMap((i) => (i.view.kind === 'card' && i.view.form ? [i.view] : []));
}

const filled = {
  company: '上海市实验中学',
  contactName: '王校长',
  contactTitle: '校长',
  industry: 'education',
  budget: '60万',
  decisionChainSize: '3',
  websiteDwellSeconds: '420',
  interactionCount: '2',
  source: '官网',
  'custom.schoolSize': '1,200',
};

describe('formNumber and formIndustries', () => {
  it('reads numbers as people type them', () => {
    expect(formNumber('500000')).toBe(500000);
    expect(formNumber(' 500,000 ')).toBe(500000);
    expect(formNumber('50万')).toBe(500000);
    expect(formNumber('1.5万')).toBe(15000);
    expect(formNumber('')).toBeUndefined();
    expect(formNumber('五十万')).toBeNaN();
  });

  it('offers the industries of the routes, tag rules and materials', () => {
    expect(formIndustries(loadCompany('examples/company.yaml'))).toEqual(['education', 'healthcare']);
  });
});

describe.each(testDatabases)('chat: lead new on $name', (kind) => {
  let t: RunningApp;
  let c: ReturnType<typeof consoleClient>;
  const leadCount = async () => (await t.app.db.kysely.selectFrom('leads').select('id').execute()).length;
  const newForm = async (person: string) => {
    const before = formsOf(await c.feed(person)).length;
    await c.command(person, 'lead new');
    return eventually(async () => formsOf(await c.feed(person))[before]);
  };
  const reply = async (person: string, includes: string) => eventually(async () => textsOf(await c.feed(person)).find((x) => x.includes(includes)));

  beforeAll(async () => {
    t = await startApp(kind);
    c = consoleClient(t.url);
  });
  afterAll(async () => t.stop());

  it('replies with a form of every intake field and the declared custom field', async () => {
    const form = await newForm('zhang-wei');
    expect(form.title).toBe('新建线索');
    const inputs = form.form!.inputs;
    expect(inputs.map((i) => i.id)).toEqual([
      'company',
      'contactName',
      'contactTitle',
      'industry',
      'budget',
      'decisionChainSize',
      'websiteDwellSeconds',
      'interactionCount',
      'source',
      'custom.schoolSize',
    ]);
    expect(inputs.filter((i) => i.required).map((i) => i.id)).toEqual(['company', 'contactName', 'contactTitle', 'industry', 'budget', 'decisionChainSize']);
    const industry = inputs.find((i) => i.id === 'industry');
    expect(industry?.kind === 'select' && industry.options).toEqual([
      { value: 'education', label: '教育' },
      { value: 'healthcare', label: '医疗' },
      { value: 'other', label: '其他' },
    ]);
    expect(inputs.find((i) => i.id === 'custom.schoolSize')).toMatchObject({ kind: 'text', label: '学校规模', required: false });
    expect(form.form!.submit).toMatchObject({ actionId: 'lead.new.submit', label: '提交' });
  });

  it('refuses bad fields by name and creates nothing', async () => {
    const form = await newForm('zhang-wei');
    await submit(t.url, 'zhang-wei', form, { ...filled, budget: '-5', company: '', decisionChainSize: 'three', 'custom.schoolSize': '-1' });
    const text = await reply('zhang-wei', '线索未创建');
    expect(text.split('\n')).toEqual([
      '线索未创建，请修改以下字段后重新提交：',
      '• 公司名称: 必填',
      '• 预算（元）: must be 0 or more',
      '• 决策链人数: 请填写数字，如 500000',
      '• 学校规模: must be at least 0',
    ]);
    await t.app.idle();
    expect(await leadCount()).toBe(0);
  });

  it('creates the lead by the API rules, assigns it, and a second submit of the form creates nothing', async () => {
    const form = await newForm('zhang-wei');
    await submit(t.url, 'zhang-wei', form, filled);
    const text = await reply('zhang-wei', '已创建');
    const m = /^线索 (L-\d+) 已创建，分配给 (\S+)（理由：(.+)）$/.exec(text);
    expect(m).not.toBeNull();
    const [, id, ownerName, reason] = m!;
    const row = await t.app.db.kysely.selectFrom('leads').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ company: '上海市实验中学', budget: 600000, website_dwell_seconds: 420, decision_chain_size: 3, interaction_count: 2, source: '官网' });
    expect(JSON.parse(row.custom)).toEqual({ schoolSize: 1200 });
    expect(t.company.people.find((p) => p.id === row.owner_id)?.name).toBe(ownerName);
    expect(reason).toContain('教育');

    // The same lead through the API gets the same tags, score and route.
    const api = await postLead(t.url, LOCAL_DEMO_API_TOKEN, { ...demoLead, custom: { schoolSize: 1200 } });
    expect(api.status).toBe(201);
    expect(JSON.parse(row.tags)).toEqual(api.body.tags);
    expect(Number(row.score)).toBe(api.body.score);
    expect(row.route_id).toBe(api.body.route);
    // Its owner got the lead card, with the SLA clock running.
    const timers = await t.app.db.kysely.selectFrom('timers').select('id').where('subject', '=', id!).where('status', '=', 'pending').execute();
    expect(timers.map((x) => x.id)).toEqual([`sla:${id}:a1:remind`]); // the clock's first step; each schedules the next

    await submit(t.url, 'zhang-wei', form, filled);
    expect(await reply('zhang-wei', '这张表单已提交过')).toContain(id);
    expect(await leadCount()).toBe(2);
  });

  it('speaks English to an English reader, reason included', async () => {
    const form = await newForm('chen-jie');
    expect(form.title).toBe('New lead');
    await submit(t.url, 'chen-jie', form, { ...filled, budget: '-1' });
    expect(await reply('chen-jie', 'No lead was created')).toContain('• Budget (CNY): must be 0 or more');
    await submit(t.url, 'chen-jie', form, { ...filled, company: '杭州某小学' });
    expect(await reply('chen-jie', 'created and assigned')).toMatch(/^Lead L-\d+ created and assigned to \S+ \(why: .*budget ≥ ¥500,000.*\)\.$/);
  });
});
