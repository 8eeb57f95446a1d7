/**
 * The vertical slice on Slack, end to end over real HTTP: lead → Block Kit card in the owner's
 * DM → refusal for others → accept in place (chat.update) → redelivery deduplicated, against
 * the fake Slack Web API; plus /closeloop help and bad requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { demoLead, eventually, postLead, settled as settledApp, type RunningApp } from '../support/app-harness.ts';
import { signSlackRequest, type FakeSlack, type FakeSlackCall } from '../fakes/slack-server.ts';
import { SLACK_TEST_APP, slackClient, startSlackApp } from '../support/slack-client.ts';

const API_TOKEN = 'slack-flow-api-token-0123';
const ZHANG_WEI = 'U0CL0ZW02';
const LI_NA = 'U0CL0LN03';

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Record<string, unknown>[] };
const blocksOf = (c: FakeSlackCall): Block[] => {
  const raw = c.args.blocks;
  return (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? [])) as Block[];
};
const buttonsOf = (c: FakeSlackCall) => blocksOf(c).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
const contextTexts = (c: FakeSlackCall) =>
  blocksOf(c).flatMap((b) => (b.type === 'context' ? (b.elements ?? []).map((e) => String(e.text)) : []));

describe.each(testDatabases)('slack: lead → card → accept on $name', (kind) => {
  let fake: FakeSlack;
  let t: RunningApp;
  let s: ReturnType<typeof slackClient>;
  let stop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    ({ fake, t, s, stop } = await startSlackApp(kind, API_TOKEN));
  });
  afterAll(async () => stop());

  const db = () => t.app.db.kysely;
  const okCalls = (method: string) => fake.callsTo(method).filter((c) => c.status === 200 && c.response.ok === true);
  const postsTo = (user: string) => okCalls('chat.postMessage').filter((c) => c.args.channel === user);
  const textsTo = (user: string) => postsTo(user).filter((c) => c.args.blocks === undefined).map((c) => String(c.args.text));
  const leadCardsTo = (user: string, leadId: string) =>
    postsTo(user).filter((c) => buttonsOf(c).some((b) => b.action_id === 'lead.accept' && b.value === leadId));
  const leadRow = (id: string) => db().selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const count = async (table: 'inbox' | 'outbox') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const settled = () => settledApp(t.app);
  const newLead = async (body: Record<string, unknown>) => {
    const posted = await postLead(t.url, API_TOKEN, body);
    expect(posted.status).toBe(201);
    const id = String(posted.body.id);
    const owner = t.company.people.find((p) => p.id === (posted.body.assignee as { id: string }).id)!;
    const [card] = await eventually(() => {
      const cards = leadCardsTo(owner.slackUserId!, id);
      return cards.length ? cards : undefined;
    });
    // The card is on screen once the relay has recorded its delivery: nobody can click it before that.
    await settled();
    const channelId = String(card!.response.channel);
    const ts = String(card!.response.ts);
    /** A click on one of this card's buttons in 张伟's DM. */
    const button = (actionId: string) => ({ actionId, value: id, blockId: `actions:lead:${id}`, channelId, messageTs: ts });
    return { id, card: card!, channelId, ts, button, owner };
  };

  it('runs with the Slack channel only', () => {
    expect(t.app.channels.map((c) => c.name)).toEqual(['slack']);
  });

  it('delivers the lead card to the owner, refuses others, accepts in place, and processes a redelivery once', async () => {
    // 1. The lead arrives: exactly one card, in 张伟's DM, with 接收 / 不是我的 carrying the lead id.
    const { id, card, channelId, ts, button } = await newLead(demoLead);
    expect(channelId).toBe(`D${ZHANG_WEI.slice(1)}`);
    expect(blocksOf(card)[0]).toMatchObject({ type: 'header', text: { text: expect.stringContaining(demoLead.company) } });
    expect(String(card.args.text)).toContain(demoLead.company);
    expect(buttonsOf(card).map((b) => [b.action_id, b.value, (b.text as { text: string }).text])).toEqual([
      ['lead.accept', id, '接收'],
      ['lead.contacted', id, '已联系'],
      ['lead.why', id, '为什么是我?'],
      ['lead.decline', id, '不是我的'],
    ]);
    expect(okCalls('chat.postMessage')).toHaveLength(1);

    // 2. 李娜 (neither owner nor supervisor) clicks 接收: a refusal in her DM, nothing else changes.
    const liNa = s.blockAction(LI_NA, { ...button('lead.accept'), channelId: `D${LI_NA.slice(1)}`, messageTs: '1700000000.000001' });
    expect((await s.post(liNa)).status).toBe(200);
    const refusal = await eventually(() => textsTo(LI_NA).find((x) => x.includes(id)));
    expect(refusal).toMatch(/只有负责人或其主管/);
    await settled();
    expect(await leadRow(id)).toMatchObject({ status: 'assigned', accepted_by: null, owner_id: 'zhang-wei' });
    expect(fake.callsTo('chat.update')).toEqual([]);
    expect(postsTo(ZHANG_WEI)).toHaveLength(1);

    // 3. 张伟 clicks 接收 on his card: the same message is updated with the status, buttons gone.
    const accept = s.blockAction(ZHANG_WEI, button('lead.accept'));
    expect((await s.post(accept)).status).toBe(200);
    const [update] = await eventually(() => {
      const u = okCalls('chat.update');
      return u.length ? u : undefined;
    });
    expect(update!.args).toMatchObject({ channel: channelId, ts });
    expect(buttonsOf(update!).map((b) => b.action_id)).toEqual(['lead.contacted', 'lead.qualify', 'lead.why']);
    expect(contextTexts(update!)).toContainEqual(expect.stringMatching(/^已接收 · 张伟 · \d\d:\d\d$/));
    expect(fake.messages.get(`${channelId}:${ts}`)?.blocks).toEqual(blocksOf(update!));
    const row = await leadRow(id);
    expect(row).toMatchObject({ status: 'accepted', accepted_by: 'zhang-wei' });
    await settled();
    expect(postsTo(ZHANG_WEI)).toHaveLength(1);

    // 4. The same payload delivered again: acknowledged, processed once.
    const inboxBefore = await count('inbox');
    expect((await s.post(accept)).status).toBe(200);
    expect((await s.post(accept)).status).toBe(200);
    await settled();
    expect(await count('inbox')).toBe(inboxBefore);
    const clicks = await db().selectFrom('inbox').select(['id', 'status']).where('user_id', '=', ZHANG_WEI).where('kind', '=', 'action').execute();
    expect(clicks).toEqual([{ id: expect.stringContaining(`:${ZHANG_WEI}:lead.accept`), status: 'done' }]);
    expect(fake.callsTo('chat.update')).toHaveLength(1);
    expect(postsTo(ZHANG_WEI)).toHaveLength(1);
    const events = await db().selectFrom('audit_events').select('type').where('subject', '=', id).execute();
    expect(events.map((e) => e.type).sort()).toEqual(['lead.accepted', 'lead.assigned']);

    // A new, different click after acceptance gets a clear reply and changes nothing.
    expect((await s.post(s.blockAction(ZHANG_WEI, button('lead.accept')))).status).toBe(200);
    expect(await eventually(() => textsTo(ZHANG_WEI).find((x) => x.includes('已由')))).toMatch(new RegExp(`线索 ${id} 已由 张伟 于 \\d\\d:\\d\\d 接收`));
    await settled();
    expect(fake.callsTo('chat.update')).toHaveLength(1);
    expect(await leadRow(id)).toMatchObject({ status: 'accepted', accepted_by: 'zhang-wei', accepted_at: row.accepted_at });
  });

  it('"不是我的" re-routes the lead excluding the rep: a card to the next rep, the old card updated in place', async () => {
    const { id, channelId, ts, button, owner } = await newLead({ ...demoLead, company: '杭州某小学' });
    const updatesBefore = fake.callsTo('chat.update').length;
    expect((await s.post(s.blockAction(owner.slackUserId!, button('lead.decline')))).status).toBe(200);
    const row = await eventually(async () => {
      const r = await leadRow(id);
      return r.assignment_seq === 2 ? r : undefined;
    });
    const next = t.company.people.find((p) => p.id === row.owner_id)!;
    expect(next.id).not.toBe(owner.id);
    const [moved] = await eventually(() => {
      const cards = leadCardsTo(next.slackUserId!, id);
      return cards.length ? cards : undefined;
    });
    expect(buttonsOf(moved!).map((b) => b.action_id)).toEqual(['lead.accept', 'lead.contacted', 'lead.why', 'lead.decline']);
    const update = await eventually(() => okCalls('chat.update')[updatesBefore]);
    expect(update.args).toMatchObject({ channel: channelId, ts });
    expect(buttonsOf(update)).toEqual([]);
    expect(contextTexts(update)).toContainEqual(expect.stringMatching(new RegExp(`^已转给 ${next.name} · \\d\\d:\\d\\d$`)));
    expect(await eventually(() => textsTo(owner.slackUserId!).find((x) => x.includes(`已将线索 ${id} 转给 ${next.name}`)))).toBeTruthy();
  });

  it('answers /closeloop help in the DM', async () => {
    expect((await s.post(s.command(ZHANG_WEI, '/closeloop', 'help'))).status).toBe(200);
    const help = await eventually(() => textsTo(ZHANG_WEI).find((x) => x.startsWith('你好 张伟')));
    expect(help).toMatch(/help/);
    expect(help).toMatch(/lead/);
  });

  it('forged and stale requests get 401, a malformed payload 400, and nothing is written', async () => {
    const { id, button } = await newLead({ ...demoLead, company: '苏州某中学' });
    await settled();
    const before = { inbox: await count('inbox'), outbox: await count('outbox'), calls: fake.calls.length };

    expect((await s.post(s.blockAction(ZHANG_WEI, button('lead.accept')), { secret: 'not-our-signing-secret' })).status).toBe(401);
    expect((await s.post(s.blockAction(ZHANG_WEI, button('lead.accept')), { skewSec: -301 })).status).toBe(401);
    expect((await s.post(s.blockAction(ZHANG_WEI, button('lead.accept')), { skewSec: 301 })).status).toBe(401);
    expect((await s.post(s.command(ZHANG_WEI, '/closeloop', 'help'), { secret: 'not-our-signing-secret' })).status).toBe(401);
    // Signed over one body, sent with another.
    const signedFor = s.blockAction(LI_NA, button('lead.decline'));
    const res = await fetch(`${t.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signedHeaders(signedFor) },
      body: s.blockAction(ZHANG_WEI, button('lead.accept')),
    });
    expect(res.status).toBe(401);
    // Correctly signed, but the payload is not JSON.
    expect((await s.post('payload=%7Bnot-json')).status).toBe(400);

    await settled();
    expect({ inbox: await count('inbox'), outbox: await count('outbox'), calls: fake.calls.length }).toEqual(before);
    expect(await leadRow(id)).toMatchObject({ status: 'assigned', accepted_by: null });
  });
});

/** Slack's signature headers for `body`, signed now with our secret. */
function signedHeaders(body: string): Record<string, string> {
  return signSlackRequest(SLACK_TEST_APP.signingSecret, body, Math.floor(Date.now() / 1000));
}
