/**
 * `/lead new` on Slack: the slash command opens a real modal (views.open with its trigger_id),
 * and the modal's view_submission creates the lead through the same validation and routing
 * as the API — or replies naming the bad fields and creates nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { eventually, type RunningApp } from '../support/app-harness.ts';
import type { FakeSlack } from '../fakes/slack-server.ts';
import { slackClient, startSlackApp, viewSubmission, type OpenedView } from '../support/slack-client.ts';

const ZHANG_WEI = 'U0CL0ZW02';

/** Fills a modal's inputs the way Slack reports them in view.state.values. */
const submission = (view: OpenedView, answers: Record<string, string | string[]>) => viewSubmission(view, answers, ZHANG_WEI);

describe.each(testDatabases)('slack: /lead new as a modal on $name', (kind) => {
  let fake: FakeSlack;
  let t: RunningApp;
  let s: ReturnType<typeof slackClient>;
  let stop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    ({ fake, t, s, stop } = await startSlackApp(kind, 'slack-modal-api-token-0123'));
  });
  afterAll(async () => stop());

  const leads = () => t.app.db.kysely.selectFrom('leads').selectAll().execute();
  const textsTo = (user: string) =>
    fake.callsTo('chat.postMessage').filter((c) => c.args.channel === user && c.args.blocks === undefined).map((c) => String(c.args.text));

  async function openModal(): Promise<OpenedView> {
    const opened = fake.callsTo('views.open').length;
    expect((await s.post(s.command(ZHANG_WEI, '/lead', 'new'))).status).toBe(200);
    const call = await eventually(() => fake.callsTo('views.open')[opened]);
    expect(call.status).toBe(200);
    return (call.response as { view: OpenedView }).view;
  }

  it('opens a modal with the lead fields and the company’s custom fields; no card is posted instead', async () => {
    const view = await openModal();
    const ids = view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id);
    expect(ids).toEqual(expect.arrayContaining(['company', 'contactName', 'contactTitle', 'industry', 'budget', 'custom.schoolSize']));
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === ZHANG_WEI)).toHaveLength(0);
  });

  it('a bad budget creates nothing and the reply names the field', async () => {
    const view = await openModal();
    const before = (await leads()).length;
    expect((await s.post(submission(view, { company: '苏州某中学', contactName: '李校长', contactTitle: '校长', industry: 'education', budget: '-5', decisionChainSize: '3' }))).status).toBe(200);
    const reply = await eventually(() => textsTo(ZHANG_WEI).find((x) => x.startsWith('线索未创建')));
    expect(reply).toMatch(/预算/);
    await t.app.idle();
    expect(await leads()).toHaveLength(before);
  });

  it('a valid submission creates and routes the lead like the API', async () => {
    const view = await openModal();
    expect((await s.post(submission(view, { company: '苏州某中学', contactName: '李校长', contactTitle: '校长', industry: 'education', budget: '60万', decisionChainSize: '3', websiteDwellSeconds: '400' }))).status).toBe(200);
    const reply = await eventually(() => textsTo(ZHANG_WEI).find((x) => /^线索 L-\d+ 已创建/.test(x)));
    const id = /^线索 (L-\d+)/.exec(reply)![1]!;
    const row = (await leads()).find((l) => l.id === id)!;
    expect(row).toMatchObject({ company: '苏州某中学', budget: 600000, route_id: 'education-technical' });
    expect(JSON.parse(row.tags)).toContain('高意向-需技术协同');
  });
});
