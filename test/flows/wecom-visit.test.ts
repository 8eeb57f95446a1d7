/**
 * Visits on WeCom over real encrypted callbacks: a typed note → confirmation template card
 * (确认 / 修改 / 放弃) → 确认 stores the visit; 修改 → the signed H5 form pre-filled → submit
 * stores one visit (a resubmitted form is one visit); a tampered link is refused; a voice note
 * with a transcriber gives the same confirmation card.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompany } from '../../src/config/company.ts';
import { testDatabases } from '../support/databases.ts';
import { eventually, settled, startApp, type RunningApp } from '../support/app-harness.ts';
import { start as startFakeWecom, type FakeWecom } from '../fakes/wecom-server.ts';
import { WECOM_TEST_APP, wecomClient, wecomEnv } from '../support/wecom-client.ts';

const { corpId, agentId, secret } = WECOM_TEST_APP;
const members = loadCompany('examples/company.yaml').people.flatMap((p) => (p.wecomUserId ? [p.wecomUserId] : []));
const BASE = 'https://bot.example.com';
const STT_TOKEN = 'wecom-visit-transcriber-token-1';
const SPOKEN = '拜访 上海市实验中学：校长说科室预算很紧，现在在试用锐捷的样品，月底前给他们出方案';

type Body = Record<string, unknown>;
type Tc = { task_id: string; card_type: string; button_list?: { key: string; text: string }[]; card_action?: { url: string } };
const cardOf = (b: Body) => b.template_card as Tc;

describe.each(testDatabases)('wecom: visits on $name', (kind) => {
  let fake: FakeWecom;
  let t: RunningApp;
  let stt: Server;
  let w: ReturnType<typeof wecomClient>;
  beforeAll(async () => {
    fake = await startFakeWecom({ corpId, secret, agentId, users: members });
    stt = createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${STT_TOKEN}`) return void res.writeHead(401).end();
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: SPOKEN })));
    });
    await new Promise<void>((r) => stt.listen(0, '127.0.0.1', r));
    const addr = stt.address() as { port: number };
    t = await startApp(kind, { ...wecomEnv(fake.url), PUBLIC_BASE_URL: BASE, TRANSCRIBER_URL: `http://127.0.0.1:${addr.port}/v1/transcribe`, TRANSCRIBER_TOKEN: STT_TOKEN });
    w = wecomClient({ base: t.url });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
    await new Promise((r) => stt.close(r));
  });

  const db = () => t.app.db.kysely;
  const cardsTo = (user: string) => fake.sent().filter((b) => b.touser === user && b.msgtype === 'template_card');
  const textsTo = (user: string) => fake.sent().filter((b) => b.touser === user && b.msgtype === 'text').map((b) => String((b.text as { content?: unknown }).content));
  const draftCard = (n: number) => eventually(() => cardsTo('ZhangWei').filter((b) => cardOf(b).button_list?.some((x) => x.key.startsWith('visit.confirm:')))[n]);
  const local = (url: string) => `${t.url}${url.slice(BASE.length)}`;

  it('a typed note gives 确认 / 修改 / 放弃; 确认 stores the visit', async () => {
    await w.post(w.text('ZhangWei', 'deal new 上海市实验中学 600000 学校'));
    await eventually(() => textsTo('ZhangWei').find((x) => x.includes('商机 D-')));
    await w.post(w.text('ZhangWei', '拜访上海市实验中学：信息中心主任说机房服务器去年宕机五次，每次停两天；他们现在用的是华为的方案；下周三要我们带工程师过来做技术交流。'));
    const card = cardOf(await draftCard(0));
    expect(card.button_list!.map((b) => b.text)).toEqual(['确认', '修改', '放弃']);
    expect(JSON.stringify(card)).toContain('华为 · 在用');
    await settled(t.app);
    const key = card.button_list![0]!.key;
    await w.post(w.click('ZhangWei', { eventKey: key, taskId: card.task_id, responseCode: fake.issueResponseCode(card.task_id, 'ZhangWei') }));
    await eventually(() => textsTo('ZhangWei').find((x) => x.startsWith('已保存拜访')));
    expect(await db().selectFrom('visits').selectAll().execute()).toMatchObject([{ via: 'note', stage: 'qualified', next_action: 'tech_exchange' }]);
    const update = await eventually(() => fake.updates()[0]);
    // The card is replaced in place: the status instead of the buttons.
    expect(JSON.stringify(update)).toMatch(/"emphasis_content":\{"title":"已确认","desc":"拜访 V-\d+ · \d\d:\d\d"\}/);
    expect(JSON.stringify(update)).not.toContain('visit.confirm');
  });

  it('a voice note is transcribed into the same confirmation card; 修改 opens the H5 form pre-filled; a resubmit is one visit', async () => {
    fake.addMedia('MEDIA_VISIT_1', Buffer.from('#!AMR\nfake-audio'));
    await w.post(w.voice('ZhangWei', 'MEDIA_VISIT_1'));
    const card = cardOf(await draftCard(1));
    expect(JSON.stringify(card)).toContain('锐捷 · 评估中');
    const draft = await db().selectFrom('visit_drafts').selectAll().orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(draft.via).toBe('voice');
    await settled(t.app);

    const modify = card.button_list!.find((b) => b.key.startsWith('visit.modify:'))!;
    const sentBefore = cardsTo('ZhangWei').length;
    await w.post(w.click('ZhangWei', { eventKey: modify.key, taskId: card.task_id, responseCode: fake.issueResponseCode(card.task_id, 'ZhangWei') }));
    const notice = cardOf(await eventually(() => cardsTo('ZhangWei')[sentBefore]));
    expect(notice.card_type).toBe('text_notice');
    const url = notice.card_action!.url;
    expect(url.startsWith(`${BASE}/wecom/form?t=`)).toBe(true);

    const page = await fetch(local(url));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/value="budget_tight" checked/);
    expect(html).toMatch(/value="ruijie" selected/);
    expect(html).toContain('type="date"');

    const token = new URL(url).searchParams.get('t')!;
    const form = new URLSearchParams([['t', token], ['f:pains', 'budget_tight'], ['f:pains', 'price_too_high'], ['f:competitor_1', 'ruijie'], ['f:stance_1', 'evaluating'], ['f:action', 'send_proposal'], ['f:due', '2026-12-31']]);
    const post = () => fetch(`${t.url}/wecom/form`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    expect((await post()).status).toBe(200);
    await eventually(() => textsTo('ZhangWei').filter((x) => x.startsWith('已保存拜访')).length >= 2);
    expect((await post()).status).toBe(200);
    await settled(t.app);
    const visits = await db().selectFrom('visits').selectAll().orderBy('id').execute();
    expect(visits).toHaveLength(2);
    expect(visits[1]).toMatchObject({ via: 'voice', next_action: 'send_proposal', next_action_due: '2026-12-31' });
    const pains = await db().selectFrom('visit_pains').select(['pain_key', 'source']).where('visit_id', '=', visits[1]!.id).orderBy('pain_key').execute();
    expect(pains).toEqual([
      { pain_key: 'budget_tight', source: 'note' },
      { pain_key: 'price_too_high', source: 'corrected' },
    ]);

    // A tampered link is refused and records nothing.
    const bad = await fetch(local(url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))));
    expect(bad.status).toBe(401);
  });
});
