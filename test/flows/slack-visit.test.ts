/**
 * Visits on Slack: `/deal new` → deal card; `/visit 客户：纪要` → confirmation card with
 * 确认 / 修改 / 放弃 → 确认 stores the visit; `/visit 客户` opens a real modal
 * (multi_static_select, static_select, datepicker) whose view_submission stores a visit once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { eventually, type RunningApp } from '../support/app-harness.ts';
import type { FakeSlack, FakeSlackCall } from '../fakes/slack-server.ts';
import { slackClient, startSlackApp, viewSubmission, type OpenedView } from '../support/slack-client.ts';

const ZHANG_WEI = 'U0CL0ZW02';

type Element = { type: string; action_id: string; value?: string; options?: { value: string }[]; initial_date?: string };
type Block = { type: string; block_id?: string; element?: Element; elements?: Element[] };
const blocksOf = (c: FakeSlackCall): Block[] => {
  const raw = c.args.blocks;
  return (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? [])) as Block[];
};
const buttonsOf = (c: FakeSlackCall) => blocksOf(c).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));

const submission = (view: OpenedView, answers: Record<string, string | string[]>) => viewSubmission(view, answers, ZHANG_WEI);

describe.each(testDatabases)('slack: visits on $name', (kind) => {
  let fake: FakeSlack;
  let t: RunningApp;
  let s: ReturnType<typeof slackClient>;
  let stop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    ({ fake, t, s, stop } = await startSlackApp(kind, 'slack-visit-api-token-0123'));
  });
  afterAll(async () => stop());

  const db = () => t.app.db.kysely;
  const postsTo = (user: string) => fake.callsTo('chat.postMessage').filter((c) => c.status === 200 && c.args.channel === user);
  const textsTo = (user: string) => postsTo(user).filter((c) => c.args.blocks === undefined).map((c) => String(c.args.text));

  it('/deal new creates the customer and the deal and posts the deal card', async () => {
    expect((await s.post(s.command(ZHANG_WEI, '/deal', 'new 上海市实验中学 600000 学校'))).status).toBe(200);
    const card = await eventually(() => postsTo(ZHANG_WEI).find((c) => buttonsOf(c).some((b) => b.action_id === 'deal.move')));
    expect(buttonsOf(card).map((b) => b.action_id)).toEqual(['visit.form', 'visit.note_form', 'deal.move']);
    expect(await db().selectFrom('deals').selectAll().execute()).toMatchObject([{ stage: 'qualified', owner_id: 'zhang-wei', amount: 600000 }]);
  });

  it('a typed note gives the confirmation card; 确认 stores the visit once', async () => {
    await s.post(s.command(ZHANG_WEI, '/visit', '上海市实验中学：信息中心主任说机房服务器去年宕机五次，每次停两天；他们现在用的是华为的方案；下周三要我们带工程师过来做技术交流。'));
    const card = await eventually(() => postsTo(ZHANG_WEI).find((c) => buttonsOf(c).some((b) => b.action_id === 'visit.confirm')));
    expect(JSON.stringify(blocksOf(card))).toContain('设备故障率高');
    expect(JSON.stringify(blocksOf(card))).toContain('华为 · 在用');
    const confirm = buttonsOf(card).find((b) => b.action_id === 'visit.confirm')!;
    const click = { actionId: 'visit.confirm', value: confirm.value!, blockId: 'actions', channelId: String(card.args.channel), messageTs: String(card.response.ts) };
    const body = s.blockAction(ZHANG_WEI, click);
    expect((await s.post(body)).status).toBe(200);
    await eventually(() => textsTo(ZHANG_WEI).find((x) => x.startsWith('已保存拜访')));
    // Slack retries the same delivery: one visit.
    await s.post(body);
    await t.app.idle();
    expect(await db().selectFrom('visits').selectAll().execute()).toMatchObject([{ via: 'note', stage: 'qualified', next_action: 'tech_exchange' }]);
    // The card was updated in place without buttons.
    const update = await eventually(() => fake.callsTo('chat.update').find((c) => c.args.ts === card.response.ts));
    expect(buttonsOf(update)).toEqual([]);
  });

  it('/visit 客户 opens a modal with native inputs; its submission stores one visit', async () => {
    const opened = fake.callsTo('views.open').length;
    await s.post(s.command(ZHANG_WEI, '/visit', '上海市实验中学'));
    const call = await eventually(() => fake.callsTo('views.open')[opened]);
    expect(call.status).toBe(200);
    const view = (call.response as { view: OpenedView }).view;
    const kinds = Object.fromEntries(view.blocks.filter((b) => b.type === 'input').map((b) => [b.block_id, b.element!.type]));
    expect(kinds).toMatchObject({ pains: 'multi_static_select', competitor_1: 'static_select', stance_1: 'static_select', action: 'static_select', due: 'datepicker', note: 'plain_text_input' });
    const actions = view.blocks.find((b) => b.block_id === 'action')!.element!.options!.map((o) => o.value);
    expect(actions).toContain('tech_exchange');
    expect(actions).not.toContain('spec_comparison');

    const before = (await db().selectFrom('visits').select('id').execute()).length;
    const body = submission(view, { pains: ['budget_tight', 'training_lacking'], competitor_1: 'ruijie', stance_1: 'evaluating', action: 'site_survey', due: '2026-12-31' });
    expect((await s.post(body)).status).toBe(200);
    await eventually(() => textsTo(ZHANG_WEI).filter((x) => x.startsWith('已保存拜访')).length >= 2);
    // Slack redelivers the same submission: deduplicated on arrival, no reply.
    await s.post(body);
    // The same form submitted again (a new view hash): the form's own key finds the visit it made.
    await s.post(submission({ ...view, hash: `${view.hash}-again` }, { pains: ['budget_tight'], competitor_1: 'none' }));
    await eventually(() => textsTo(ZHANG_WEI).find((x) => x.includes('已保存过')));
    const visits = await db().selectFrom('visits').selectAll().orderBy('id').execute();
    expect(visits).toHaveLength(before + 1);
    expect(visits.at(-1)).toMatchObject({ via: 'form', next_action: 'site_survey', next_action_due: '2026-12-31', next_action_source: 'form' });
    const comp = await db().selectFrom('visit_competitors').selectAll().where('visit_id', '=', visits.at(-1)!.id).execute();
    expect(comp).toMatchObject([{ competitor_key: 'ruijie', stance: 'evaluating', source: 'form' }]);
  });
});
