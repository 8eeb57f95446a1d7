/**
 * The vertical slice on WeCom, end to end over real HTTP: lead → button card → refusal for
 * others → accept in place (update_template_card) → retry deduplicated, against the fake
 * WeCom API; plus help, bad callbacks and the per-member quota.
 */
import { loadCompany, type Company } from '../../src/config/company.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { demoLead, eventually, postLead, settled as settledApp, startApp, type RunningApp } from '../support/app-harness.ts';
import { start as startFakeWecom, type FakeWecom } from '../fakes/wecom-server.ts';
import { WECOM_TEST_APP, wecomClient, wecomEnv } from '../support/wecom-client.ts';

const API_TOKEN = 'wecom-flow-api-token-0123';
const { corpId, agentId, secret } = WECOM_TEST_APP;
const members = loadCompany('examples/company.yaml').people.flatMap((p) => (p.wecomUserId ? [p.wecomUserId] : []));

type Body = Record<string, unknown>;
const cardOf = (b: Body) => b.template_card as Body & { task_id: string; button_list?: Body[]; main_title: { title: string; desc?: string } };

async function startPair(kind: (typeof testDatabases)[number], now?: () => number, company?: Company) {
  const fake = await startFakeWecom({ corpId, secret, agentId, users: members, now });
  try {
    const t = await startApp(kind, { API_TOKEN, ...wecomEnv(fake.url) }, { now, ...(company ? { company } : {}) });
    return { fake, t };
  } catch (err) {
    await fake.close();
    throw err;
  }
}

describe.each(testDatabases)('wecom: lead → card → accept on $name', (kind) => {
  let fake: FakeWecom;
  let t: RunningApp;
  let w: ReturnType<typeof wecomClient>;
  beforeAll(async () => {
    ({ fake, t } = await startPair(kind));
    w = wecomClient({ base: t.url });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  const db = () => t.app.db.kysely;
  const sentTo = (user: string, msgtype: 'text' | 'template_card') => fake.sent().filter((b) => b.touser === user && b.msgtype === msgtype);
  const textsTo = (user: string) => sentTo(user, 'text').map((b) => String((b.text as { content?: unknown }).content));
  const leadCardsTo = (user: string, leadId: string) =>
    sentTo(user, 'template_card').filter((b) => cardOf(b).button_list?.some((x) => x.key === `lead.accept:${leadId}`));
  const leadRow = (id: string) => db().selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const count = async (table: 'inbox' | 'outbox') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const settled = () => settledApp(t.app);
  const newLead = async (body: Body) => {
    const posted = await postLead(t.url, API_TOKEN, body);
    expect(posted.status).toBe(201);
    const id = String(posted.body.id);
    const owner = t.company.people.find((p) => p.id === (posted.body.assignee as { id: string }).id)!;
    const [card] = await eventually(() => {
      const cards = leadCardsTo(owner.wecomUserId!, id);
      return cards.length ? cards : undefined;
    });
    // The card is on screen once the relay has recorded its delivery: nobody can click it before that.
    await settled();
    return { id, card: card!, owner };
  };

  it('runs with the WeCom channel only', () => {
    expect(t.app.channels.map((c) => c.name)).toEqual(['wecom']);
  });

  it('delivers the lead card to the owner, refuses others, accepts in place, and processes a retry once', async () => {
    // 1. The lead arrives: exactly one button card, to 张伟 only.
    const { id, card } = await newLead(demoLead);
    expect(card).toMatchObject({ touser: 'ZhangWei', agentid: agentId, msgtype: 'template_card' });
    const tc = cardOf(card);
    expect(tc.card_type).toBe('button_interaction');
    expect(tc.main_title.title).toContain(demoLead.company);
    expect(tc.button_list?.map((b) => [b.text, b.key])).toEqual([
      ['接收', `lead.accept:${id}`],
      ['已联系', `lead.contacted:${id}`],
      ['为什么是我?', `lead.why:${id}`],
      ['不是我的', `lead.decline:${id}`],
    ]);
    expect(tc.task_id).toMatch(/^[A-Za-z0-9_\-@]{1,128}$/);
    expect(fake.sends.filter((s) => s.body.msgtype === 'template_card')).toHaveLength(1);
    const sendRecord = fake.sends.find((s) => s.body === card);
    expect(sendRecord?.responseCode).toBeTruthy();
    const taskId = tc.task_id;

    // 2. 李娜 (neither owner nor supervisor) clicks 接收: a refusal text to her, nothing else changes.
    const liNa = w.click('LiNa', { eventKey: `lead.accept:${id}`, taskId, responseCode: fake.issueResponseCode(taskId, 'LiNa') });
    expect(await w.post(liNa)).toEqual({ status: 200, text: '' });
    const refusal = await eventually(() => textsTo('LiNa').find((x) => x.includes(id)));
    expect(refusal).toMatch(/只有负责人或其主管/);
    await settled();
    expect(await leadRow(id)).toMatchObject({ status: 'assigned', accepted_by: null, owner_id: 'zhang-wei' });
    expect(fake.updates()).toEqual([]);
    expect(fake.sent().filter((b) => b.touser === 'ZhangWei')).toHaveLength(1);

    // 3. 张伟 clicks 接收 with the response_code WeCom gives that click: the card is updated in place.
    const code = fake.issueResponseCode(taskId, 'ZhangWei');
    const accept = w.click('ZhangWei', { eventKey: `lead.accept:${id}`, taskId, responseCode: code });
    expect(await w.post(accept)).toEqual({ status: 200, text: '' });
    const [update] = await eventually(() => {
      const u = fake.updates();
      return u.length ? u : undefined;
    });
    expect(update).toMatchObject({ userids: ['ZhangWei'], agentid: agentId, response_code: code });
    // The whole card is replaced: the status line, and the buttons that still apply.
    const updated = (update as { template_card: { button_list: { key: string }[] } }).template_card;
    expect(updated.button_list.map((b) => b.key)).toEqual([`lead.contacted:${id}`, `lead.qualify:${id}`, `lead.why:${id}`]);
    expect(JSON.stringify(updated)).toMatch(/已接收 · 张伟 · \d\d:\d\d/);
    const row = await leadRow(id);
    expect(row).toMatchObject({ status: 'accepted', accepted_by: 'zhang-wei' });
    await settled();
    // Updated, not re-sent: still one card for the owner, nothing to anyone else.
    expect(fake.sent().filter((b) => b.touser === 'ZhangWei')).toHaveLength(1);
    expect(textsTo('LiNa')).toHaveLength(1);

    // 4. WeCom retries the identical encrypted POST: acknowledged, processed once.
    const inboxBefore = await count('inbox');
    expect(await w.post(accept)).toEqual({ status: 200, text: '' });
    expect(await w.post(accept)).toEqual({ status: 200, text: '' });
    await settled();
    expect(await count('inbox')).toBe(inboxBefore);
    const clicks = await db().selectFrom('inbox').select(['id', 'status']).where('user_id', '=', 'ZhangWei').where('kind', '=', 'action').execute();
    expect(clicks).toEqual([{ id: expect.stringContaining(`:lead.accept:${id}:ZhangWei:`), status: 'done' }]);
    expect(fake.updates()).toHaveLength(1);
    expect(fake.sent().filter((b) => b.touser === 'ZhangWei')).toHaveLength(1);
    const events = await db().selectFrom('audit_events').select('type').where('subject', '=', id).execute();
    expect(events.map((e) => e.type).sort()).toEqual(['lead.accepted', 'lead.assigned']);

    // A new, different click after acceptance gets a clear reply and changes nothing.
    const again = w.click('ZhangWei', { eventKey: `lead.accept:${id}`, taskId, responseCode: fake.issueResponseCode(taskId, 'ZhangWei') });
    expect((await w.post(again)).status).toBe(200);
    expect(await eventually(() => textsTo('ZhangWei').find((x) => x.includes('已由')))).toMatch(new RegExp(`线索 ${id} 已由 张伟 于 \\d\\d:\\d\\d 接收`));
    await settled();
    expect(fake.updates()).toHaveLength(1);
    expect(await leadRow(id)).toMatchObject({ status: 'accepted', accepted_by: 'zhang-wei', accepted_at: row.accepted_at });
  });

  it('"不是我的" re-routes the lead excluding the rep: a card to the next rep, the old card updated in place', async () => {
    const { id, card, owner } = await newLead({ ...demoLead, company: '杭州某小学' });
    const taskId = cardOf(card).task_id;
    const updatesBefore = fake.updates().length;
    const code = fake.issueResponseCode(taskId, owner.wecomUserId!);
    expect((await w.post(w.click(owner.wecomUserId!, { eventKey: `lead.decline:${id}`, taskId, responseCode: code }))).status).toBe(200);
    const row = await eventually(async () => {
      const r = await leadRow(id);
      return r.assignment_seq === 2 ? r : undefined;
    });
    const next = t.company.people.find((p) => p.id === row.owner_id)!;
    expect(next.id).not.toBe(owner.id);
    expect(next.team).toBe('tech-sales');
    const [moved] = await eventually(() => {
      const cards = leadCardsTo(next.wecomUserId!, id);
      return cards.length ? cards : undefined;
    });
    expect(cardOf(moved!).button_list?.map((b) => b.key)).toEqual([`lead.accept:${id}`, `lead.contacted:${id}`, `lead.why:${id}`, `lead.decline:${id}`]);
    const update = await eventually(() => fake.updates()[updatesBefore]);
    expect(update).toMatchObject({ userids: [owner.wecomUserId], response_code: code });
    expect(JSON.stringify(update)).toContain(`已转给 ${next.name}`);
    expect(await eventually(() => textsTo(owner.wecomUserId!).find((x) => x.includes(`已将线索 ${id} 转给 ${next.name}`)))).toBeTruthy();
  });

  it('answers help typed to the app', async () => {
    expect(await w.post(w.text('ZhangWei', 'help'))).toEqual({ status: 200, text: '' });
    const help = await eventually(() => textsTo('ZhangWei').find((x) => x.startsWith('你好 张伟')));
    expect(help).toMatch(/help/);
    expect(help).toMatch(/lead/);
  });

  it('bad callbacks get 401 / 403 / 400 and write nothing', async () => {
    const { id, card } = await newLead({ ...demoLead, company: '苏州某中学' });
    await settled();
    const taskId = cardOf(card).task_id;
    const click = () => ({ eventKey: `lead.accept:${id}`, taskId, responseCode: fake.issueResponseCode(taskId, 'ZhangWei') });
    const before = { inbox: await count('inbox'), outbox: await count('outbox'), sends: fake.sends.length, updates: fake.updates().length };

    const forged = w.click('ZhangWei', click());
    const badSig = forged.query.replace(/msg_signature=([0-9a-f])/, (_m, c: string) => `msg_signature=${c === '0' ? '1' : '0'}`);
    expect(badSig).not.toBe(forged.query);
    expect((await w.post({ ...forged, query: badSig })).status).toBe(401);
    expect((await w.post(w.click('ZhangWei', click(), { token: 'not-our-token' }))).status).toBe(401);
    expect((await w.post(w.click('ZhangWei', click(), { timestampSec: Math.floor(Date.now() / 1000) - 600 }))).status).toBe(401);
    expect((await w.post(w.click('ZhangWei', click(), { corpId: 'wwOTHERCORP0000000' }))).status).toBe(403);
    const valid = w.click('ZhangWei', click());
    expect((await w.post(valid, '<xml><Encrypt>abc</xml>')).status).toBe(400);
    expect((await w.post(valid, valid.body.replace('</xml>', ''))).status).toBe(400);
    expect((await w.post(valid, `<!DOCTYPE xml [<!ENTITY a "b">]>${valid.body}`)).status).toBe(400);

    await settled();
    expect({ inbox: await count('inbox'), outbox: await count('outbox'), sends: fake.sends.length, updates: fake.updates().length }).toEqual(before);
    expect(await leadRow(id)).toMatchObject({ status: 'assigned', accepted_by: null });
  });

  it('never sent over WeCom\'s per-member quota during the flow', () => {
    expect(fake.overLimitSends).toBe(0);
    expect(fake.sends.every((s) => !s.dropped && !s.duplicate)).toBe(true);
  });
});

describe.each(testDatabases)('wecom: per-member quota end to end on $name', (kind) => {
  // One clock for the app and the fake, so a quota window can pass without waiting a minute.
  let offsetMs = 0;
  const clock = () => Date.now() + offsetMs;
  let fake: FakeWecom;
  let t: RunningApp;
  beforeAll(async () => {
    // Every lead to one rep, so the 31st in a minute hits that member's quota.
    const demo = loadCompany('examples/company.yaml');
    const oneRep = { ...demo, leads: { ...demo.leads, routes: [{ ...demo.leads.routes[0]!, to: { people: ['zhang-wei'] }, weights: {} }] } };
    ({ fake, t } = await startPair(kind, clock, oneRep));
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it('holds the 31st card to one member until the minute has passed, so WeCom drops nothing', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 31; i++) {
      const posted = await postLead(t.url, API_TOKEN, { ...demoLead, company: `测试学校${i + 1}` });
      expect(posted.status).toBe(201);
      ids.push(String(posted.body.id));
    }
    const shownTo = () => fake.sent().filter((b) => b.touser === 'ZhangWei');
    await eventually(() => shownTo().length === 30);
    // The 31st waits in the outbox for the window to free, instead of being sent and dropped.
    const held = await eventually(async () => {
      const rows = await t.app.db.kysely.selectFrom('outbox').select(['id', 'status', 'next_attempt_at', 'attempts']).where('status', '!=', 'sent').execute();
      return rows.length === 1 && Number(rows[0]?.next_attempt_at) > clock() ? rows[0] : undefined;
    });
    expect(held).toMatchObject({ status: 'pending', attempts: 0 });
    expect(held.id).toContain(ids[30]);
    expect(fake.sends).toHaveLength(30);
    expect(fake.overLimitSends).toBe(0);

    offsetMs += 61_000;
    await eventually(() => shownTo().length === 31);
    expect(fake.overLimitSends).toBe(0);
    const keys = shownTo().map((b) => cardOf(b).button_list?.[0]?.key);
    expect(keys).toEqual(ids.map((id) => `lead.accept:${id}`));
  });
});
