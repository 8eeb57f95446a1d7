/**
 * The visit story on the local console: 张伟 qualifies the README's lead → deal card; a typed
 * note → confirmation card → 确认 → visit stored with its stage; 修改 → pre-filled form →
 * submit; a stage-limited action refused; `/deal` shows the visit; others are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { demoLead, eventually, postLead, startApp, type RunningApp } from '../support/app-harness.ts';
import { consoleClient, textsOf, type FeedItem } from '../support/console-client.ts';
import { LOCAL_DEMO_API_TOKEN } from '../../src/app.ts';
import type { ConsoleView } from '../../cards/render/console.ts';

type CardView = Extract<ConsoleView, { kind: 'card' }>;

function cards(items: FeedItem[], prefix: string): CardView[] {
  return items.flatMap((i) => (i.view.kind === 'card' && i.cardKey?.startsWith(prefix) ? [i.view] : []));
}

const NOTE = '拜访 上海市实验中学：信息中心主任说机房服务器去年宕机五次，每次停两天；他们现在用的是华为的方案，合同明年到期；下周三要我们带工程师过来做技术交流。';

describe.each(testDatabases)('console: qualify → note → confirm → deal on $name', (kind) => {
  let t: RunningApp;
  let c: ReturnType<typeof consoleClient>;
  let leadId: string;
  beforeAll(async () => {
    t = await startApp(kind);
    c = consoleClient(t.url);
    const posted = await postLead(t.url, LOCAL_DEMO_API_TOKEN, demoLead);
    leadId = String(posted.body.id);
    await eventually(async () => (await c.feed('zhang-wei')).find((i) => i.cardKey === `lead:${leadId}`));
  });
  afterAll(async () => t.stop());

  it('shows labels, not keys, and a teammate gets "not yours" with the owner', async () => {
    const card = (await c.feed('zhang-wei')).find((i) => i.cardKey === `lead:${leadId}`)!.view as CardView;
    expect(card.fields.find((f) => f.label === '行业')?.value).toBe('教育');
    await c.command('li-na', `lead ${leadId}`);
    const refusal = await eventually(async () => textsOf(await c.feed('li-na')).find((x) => x.includes(leadId)));
    expect(refusal).toBe(`线索 ${leadId} 不是你的：负责人是 张伟。`);
    // The supervisor sees the owner and only the buttons a supervisor may press.
    await c.command('wang-qiang', `lead ${leadId}`);
    const view = await eventually(async () => cards(await c.feed('wang-qiang'), `lead:${leadId}:view:`)[0]);
    expect(view.fields.find((f) => f.label === '负责人')?.value).toBe('张伟');
    expect(view.buttons.map((b) => b.actionId)).not.toContain('lead.decline');
    // A manager reads it without buttons.
    await c.command('lin-xue', `lead ${leadId}`);
    const managerView = await eventually(async () => cards(await c.feed('lin-xue'), `lead:${leadId}:view:`)[0]);
    expect(managerView.buttons).toEqual([]);
  });

  it('qualifies the lead into a customer and a deal at 初步合格; a second tap reuses them', async () => {
    await c.click('zhang-wei', 'lead.contacted', leadId);
    await eventually(async () => cards(await c.feed('zhang-wei'), 'lead-touch:')[0]);
    await c.click('zhang-wei', 'lead.touch', `${leadId}|visit`);
    await eventually(async () => textsOf(await c.feed('zhang-wei')).find((x) => x.includes('计时已停止')));
    const touched = await eventually(async () => {
      const v = (await c.feed('zhang-wei')).find((i) => i.cardKey === `lead:${leadId}`)?.view as CardView | undefined;
      return v?.buttons.some((b) => b.actionId === 'lead.qualify') ? v : undefined;
    });
    expect(touched.buttons.find((b) => b.actionId === 'lead.qualify')?.label).toBe('转为商机');

    await c.click('zhang-wei', 'lead.qualify', leadId);
    const deal = await eventually(async () => cards(await c.feed('zhang-wei'), 'deal:D-')[0]);
    expect(deal.title).toContain('上海市实验中学');
    const f = Object.fromEntries(deal.fields.map((x) => [x.label, x.value]));
    expect(f).toMatchObject({ 客户: '上海市实验中学', 客户类型: '学校', 阶段: '初步合格', 负责人: '张伟', 金额: '¥60万' });
    const customer = await t.app.db.kysely.selectFrom('customers').selectAll().executeTakeFirstOrThrow();
    expect(customer).toMatchObject({ name: '上海市实验中学', industry: 'education', customer_type: 'school', owner_id: 'zhang-wei', region: '上海' });
    expect(JSON.parse(customer.source_lead_ids)).toEqual([leadId]);

    // A teammate may not qualify someone else's lead; nothing is written.
    await c.click('li-na', 'lead.qualify', leadId);
    await eventually(async () => textsOf(await c.feed('li-na')).find((x) => x.includes('只有负责人或其主管')));
    await c.click('zhang-wei', 'lead.qualify', leadId);
    await eventually(async () => textsOf(await c.feed('zhang-wei')).find((x) => x.includes('已转为商机')));
    expect(await t.app.db.kysely.selectFrom('deals').select('id').execute()).toHaveLength(1);
    expect(await t.app.db.kysely.selectFrom('customers').select('id').execute()).toHaveLength(1);
    const history = await t.app.db.kysely.selectFrom('deal_stage_history').selectAll().execute();
    expect(history).toMatchObject([{ seq: 1, from_stage: null, to_stage: 'qualified', actor_id: 'zhang-wei', reason: 'created' }]);
  });

  it('turns the typed note into a confirmation card, and 确认 stores the visit at its stage', async () => {
    await c.command('zhang-wei', NOTE);
    const confirm = await eventually(async () => cards(await c.feed('zhang-wei'), 'visit-draft:')[0]);
    const f = Object.fromEntries(confirm.fields.map((x) => [x.label, x.value]));
    expect(f.痛点).toContain('设备故障率高');
    expect(f.痛点).toContain('宕机五次');
    expect(f.数量).toBe('5 次 / 2 天');
    expect(f.竞品).toBe('华为 · 在用');
    expect(f.下一步).toMatch(/^技术交流 · 截止 \d{4}-\d{2}-\d{2}$/);
    expect(confirm.buttons.map((b) => b.label)).toEqual(['确认', '修改', '放弃']);
    expect(await t.app.db.kysely.selectFrom('visits').select('id').execute()).toHaveLength(0);

    const draftId = confirm.buttons[0]!.value;
    const clickId = `confirm-${draftId}`;
    await c.click('zhang-wei', 'visit.confirm', draftId, `visit-draft:${draftId}`, clickId);
    await eventually(async () => textsOf(await c.feed('zhang-wei')).find((x) => x.startsWith('已保存拜访')));
    // A second tap of 确认 (a new click, not a replay) saves nothing more.
    await c.click('zhang-wei', 'visit.confirm', draftId, `visit-draft:${draftId}`);
    await eventually(async () => textsOf(await c.feed('zhang-wei')).find((x) => x.includes('已保存为拜访')));
    const visits = await t.app.db.kysely.selectFrom('visits').selectAll().execute();
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ stage: 'qualified', rep_id: 'zhang-wei', customer_type: 'school', next_action: 'tech_exchange', via: 'note', next_action_source: 'note' });
    const pains = await t.app.db.kysely.selectFrom('visit_pains').selectAll().execute();
    expect(pains).toMatchObject([{ pain_key: 'equipment_failure_high', source: 'note' }]);
    const competitors = await t.app.db.kysely.selectFrom('visit_competitors').selectAll().execute();
    expect(competitors).toMatchObject([{ competitor_key: 'huawei', stance: 'incumbent', source: 'note' }]);
    const updated = await eventually(async () => cards(await c.feed('zhang-wei'), `visit-draft:${draftId}`).find((x) => x.status));
    expect(updated.status).toMatch(/^已确认 · 拜访 V-\d+/);
    expect(updated.buttons).toEqual([]);
  });

  it('shows the visit on the deal card', async () => {
    await c.command('zhang-wei', 'deal 上海市实验中学');
    const deal = await eventually(async () => cards(await c.feed('zhang-wei'), 'deal:D-').find((x) => x.text?.includes('设备故障率高')));
    expect(deal.text).toContain('华为 · 在用');
    expect(deal.fields.find((x) => x.label === '待办下一步')?.value).toMatch(/^技术交流/);
  });

  it('修改 opens the form pre-filled; the submitted form is saved with corrected values', async () => {
    await c.command('zhang-wei', '拜访上海市实验中学：校长担心价格太高，正在看锐捷的样品');
    const confirm = await eventually(async () => cards(await c.feed('zhang-wei'), 'visit-draft:').find((x) => x.buttons.length && x.text?.includes('锐捷')));
    const draftId = confirm.buttons[0]!.value;
    await c.click('zhang-wei', 'visit.modify', draftId, `visit-draft:${draftId}`);
    const form = await eventually(async () => cards(await c.feed('zhang-wei'), `visit-form:${draftId}`)[0]);
    const inputs = form.form!.inputs;
    const pains = inputs.find((i) => i.id === 'pains')!;
    expect(pains.kind === 'multiselect' && pains.initial).toEqual(['price_too_high']);
    const comp = inputs.find((i) => i.id === 'competitor_1')!;
    expect(comp.kind === 'select' && comp.initial).toBe('ruijie');
    const stance = inputs.find((i) => i.id === 'stance_1')!;
    expect(stance.kind === 'select' && stance.initial).toBe('evaluating');

    const submit = form.form!.submit;
    await c.click('zhang-wei', submit.actionId, submit.value, `visit-form:${draftId}`, undefined);
    // An empty submit (no pains) is refused with what to fix; nothing is saved.
    await eventually(async () => textsOf(await c.feed('zhang-wei')).find((x) => x.includes('痛点：至少选一项')));
    const before = (await t.app.db.kysely.selectFrom('visits').select('id').execute()).length;
    const res = await fetch(`${t.url}/console/api/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ person: 'zhang-wei', actionId: submit.actionId, value: submit.value, cardKey: `visit-form:${draftId}`, clientId: `submit-${draftId}`, values: { pains: ['price_too_high', 'budget_tight'], competitor_1: 'ruijie', stance_1: 'evaluating', action: 'tech_exchange' } }),
    });
    expect(res.status).toBe(202);
    await eventually(async () => textsOf(await c.feed('zhang-wei')).find((x) => x.startsWith('已保存拜访') && x.includes('提交管理员')) ?? textsOf(await c.feed('zhang-wei')).filter((x) => x.startsWith('已保存拜访')).length >= 2);
    const visits = await t.app.db.kysely.selectFrom('visits').selectAll().orderBy('id').execute();
    expect(visits.length).toBe(before + 1);
    const pains2 = await t.app.db.kysely.selectFrom('visit_pains').selectAll().where('visit_id', '=', visits.at(-1)!.id).orderBy('pain_key').execute();
    expect(pains2.map((p) => [p.pain_key, p.source])).toEqual([
      ['budget_tight', 'corrected'],
      ['price_too_high', 'note'],
    ]);
  });

  it('refuses a next action the stage does not allow, naming the allowed ones; nothing is saved', async () => {
    await c.command('zhang-wei', 'visit 上海市实验中学');
    const form = await eventually(async () => cards(await c.feed('zhang-wei'), 'visit-form:C-')[0]);
    const action = form.form!.inputs.find((i) => i.id === 'action')!;
    const allowed = action.kind === 'select' ? action.options.map((o) => o.value) : [];
    expect(allowed).toContain('tech_exchange');
    expect(allowed).not.toContain('spec_comparison');
    const before = (await t.app.db.kysely.selectFrom('visits').select('id').execute()).length;
    await fetch(`${t.url}/console/api/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ person: 'zhang-wei', actionId: form.form!.submit.actionId, value: form.form!.submit.value, clientId: 'forged-action', values: { pains: ['equipment_failure_high'], competitor_1: 'none', action: 'spec_comparison' } }),
    });
    const refusal = await eventually(async () => textsOf(await c.feed('zhang-wei')).find((x) => x.includes('在当前阶段不允许')));
    expect(refusal).toContain('技术交流');
    expect((await t.app.db.kysely.selectFrom('visits').select('id').execute()).length).toBe(before);
  });

  it('an unknown customer gets the nearest names; someone else\'s customer is refused', async () => {
    await c.command('zhang-wei', 'visit 实验中学');
    const hint = await eventually(async () => textsOf(await c.feed('zhang-wei')).find((x) => x.startsWith('没有客户「实验中学」')));
    expect(hint).toContain('上海市实验中学');
    await c.command('li-na', '拜访 上海市实验中学：客户说价格太高');
    const refusal = await eventually(async () => textsOf(await c.feed('li-na')).find((x) => x.includes('上海市实验中学')));
    expect(refusal).toContain('张伟');
    expect(await t.app.db.kysely.selectFrom('visit_drafts').select('id').where('rep_id', '=', 'li-na').execute()).toHaveLength(0);
  });

  it('a second lead of the same company (Traditional spelling) reuses the customer; its new owner may visit', async () => {
    const posted = await postLead(t.url, LOCAL_DEMO_API_TOKEN, { ...demoLead, company: '上海市實驗中學 ', contactName: '李主任', contactTitle: '信息中心主任' });
    const second = String(posted.body.id);
    await eventually(async () => (await t.app.db.kysely.selectFrom('leads').select('owner_id').where('id', '=', second).executeTakeFirst())?.owner_id);
    await c.command('lin-xue', `lead transfer ${second} 李娜`);
    await eventually(async () => (await t.app.db.kysely.selectFrom('leads').select('owner_id').where('id', '=', second).executeTakeFirst())?.owner_id === 'li-na');
    await c.click('li-na', 'lead.accept', second);
    await eventually(async () => (await t.app.db.kysely.selectFrom('leads').select('status').where('id', '=', second).executeTakeFirst())?.status === 'accepted');
    await c.click('li-na', 'lead.qualify', second);
    await eventually(async () => textsOf(await c.feed('li-na')).find((x) => x.includes('已存在，已为它创建商机')));
    const customers = await t.app.db.kysely.selectFrom('customers').selectAll().execute();
    expect(customers).toHaveLength(1);
    expect(JSON.parse(customers[0]!.source_lead_ids)).toEqual([leadId, second]);
    expect(JSON.parse(customers[0]!.contacts).map((x: { name: string }) => x.name)).toEqual(['王校长', '李主任']);
    const deal = await t.app.db.kysely.selectFrom('deals').selectAll().where('source_lead_id', '=', second).executeTakeFirstOrThrow();
    expect(deal.owner_id).toBe('li-na');
    // 李娜 owns a deal on the customer: she may now visit it, and it is on her list.
    await c.command('li-na', 'visit');
    const list = await eventually(async () => cards(await c.feed('li-na'), 'customer-list:')[0]);
    expect(list.fields.map((f) => f.label)).toContain('上海市实验中学');
    await c.command('li-na', '拜访 上海市实验中学：主任说价格太高');
    await eventually(async () => cards(await c.feed('li-na'), 'visit-draft:')[0]);
  });
});
