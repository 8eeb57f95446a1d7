import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/connect.ts';
import type { Card } from '../../../cards/card.ts';
import { DeliveryError, type OutboundItem } from '../../../src/channels/channel.ts';
import { createWecomChannel, type WecomChannelOptions } from '../../../src/channels/wecom/index.ts';
import { createLogger } from '../../../src/log.ts';
import { createInboundSink } from '../../../src/services/inbound.ts';
import { INVALID_RESPONSE_CODE, start, type FakeWecom } from '../../fakes/wecom-server.ts';
import { openTestDb, testDatabases } from '../../support/databases.ts';

const CORP = 'ww0123456789abcdef';
const AGENT = 1000002;
const SECRET = 'app-secret';
const log = createLogger({ level: 'silent', pretty: false });

const card: Card = {
  key: 'lead:L-1001',
  version: 1,
  title: '新线索 L-1001',
  fields: [{ label: '客户', value: '华东某制造' }],
  links: [{ label: '查看', url: 'https://ops.example.com/l/1001' }],
  actions: [
    { actionId: 'lead.accept', label: '接收', value: 'L-1001', style: 'primary' },
    { actionId: 'lead.decline', label: '转交', value: 'L-1001' },
  ],
};
const acted: Card = { ...card, version: 2, actions: undefined, status: '已接收 · 张伟 · 10:42' };

function item(extra: Partial<OutboundItem> = {}): OutboundItem {
  return {
    id: 'lead-assigned:L-1001:v1:wecom:zhangwei',
    channel: 'wecom',
    personId: 'zhangwei',
    recipient: 'ZhangWei',
    op: 'send',
    cardKey: card.key,
    message: { kind: 'card', card },
    ref: null,
    ...extra,
  };
}

async function rejection(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(err)}`);
  return err;
}



describe.each(testDatabases)('wecom deliver on $name', (kind) => {
  let fake: FakeWecom | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  let db: Db;
  let channel: (extra?: Partial<WecomChannelOptions>) => ReturnType<typeof createWecomChannel>;
  let api: FakeWecom;

  beforeEach(async () => {
    const t = await openTestDb(kind);
    cleanup = t.cleanup;
    db = t.db;
    api = fake = await start({ corpId: CORP, secret: SECRET, agentId: AGENT });
    channel = (extra = {}) =>
      createWecomChannel({
        corpId: CORP,
        agentId: AGENT,
        secret: SECRET,
        token: 'tok',
        encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
        apiBase: api.url,
        db: db.kysely,
        sink: createInboundSink(db.kysely, () => {}),
        log,
        ...extra,
      });
  });
  afterEach(async () => {
    await fake?.close();
    await cleanup?.();
    fake = undefined;
    cleanup = undefined;
  });

  it('sends a button card and returns its taskId and response_code', async () => {
    const result = await channel().deliver(item());
    const [sent] = api.sent();
    expect(sent).toMatchObject({ touser: 'ZhangWei', agentid: AGENT, msgtype: 'template_card', enable_duplicate_check: 1, duplicate_check_interval: 1800 });
    const tc = sent?.template_card as Record<string, unknown>;
    expect(tc.card_type).toBe('button_interaction');
    expect(result.ref).toMatchObject({ taskId: tc.task_id, responseCode: api.sends[0]?.responseCode });
    expect(typeof result.ref?.responseCode).toBe('string');
  });

  it('caches the access token in the database, shared by a second instance, single-flight', async () => {
    const a = channel();
    await Promise.all([a.deliver(item()), a.deliver(item({ message: { kind: 'text', text: '你好' } }))]);
    await a.deliver(item({ message: { kind: 'text', text: 'again' } }));
    expect(api.gettokenCalls).toBe(1);
    const row = await db.kysely.selectFrom('platform_tokens').selectAll().executeTakeFirstOrThrow();
    expect(row.name).toBe(`wecom:${CORP}:${AGENT}`);
    await channel().deliver(item({ message: { kind: 'text', text: 'from instance b' } }));
    expect(api.gettokenCalls).toBe(1);
    expect(api.sent()).toHaveLength(4);
  });

  it('refreshes the token once on 42001 and retries inside the same call', async () => {
    const a = channel();
    await a.deliver(item({ message: { kind: 'text', text: 'one' } }));
    api.expireToken();
    await a.deliver(item({ message: { kind: 'text', text: 'two' } }));
    expect(api.gettokenCalls).toBe(2);
    expect(api.sent()).toHaveLength(2);
    expect(api.received.filter((r) => r.path === '/cgi-bin/message/send')).toHaveLength(3);
  });

  it('updates a card once per response_code; a spent code falls back to a new send', async () => {
    const a = channel();
    const sent = await a.deliver(item());
    const first = await a.deliver(item({ op: 'update', message: { kind: 'card', card: acted }, ref: sent.ref ?? null }));
    expect(first.ref).toEqual({ responseCode: null, usedResponseCode: sent.ref?.responseCode });
    const [update] = api.updates();
    expect(update).toMatchObject({ userids: ['ZhangWei'], agentid: AGENT, response_code: sent.ref?.responseCode });
    expect(update?.template_card).toMatchObject({ card_type: 'text_notice', task_id: sent.ref?.taskId, emphasis_content: { title: '已接收' } });

    // The relay merges refs, so the used code is known and skipped without a call…
    const merged = { ...sent.ref, ...first.ref };
    const again = await a.deliver(item({ op: 'update', message: { kind: 'card', card: { ...acted, version: 3 } }, ref: merged }));
    expect(api.updates()).toHaveLength(1);
    expect(api.sent()).toHaveLength(2);
    expect(again.ref).toMatchObject({ responseCode: null });
    // …and a code WeCom refuses (spent elsewhere) also ends in a new send, marked as used.
    const stale = await a.deliver(item({ op: 'update', message: { kind: 'card', card: { ...card, version: 4 } }, ref: sent.ref ?? null }));
    expect(api.received.at(-2)?.path).toBe('/cgi-bin/message/update_template_card');
    expect(api.sent()).toHaveLength(3);
    expect(stale.ref).toMatchObject({ usedResponseCode: sent.ref?.responseCode, responseCode: expect.any(String) });
  });

  it('spends the response_code a click delivered, greying buttons out when the card has no link', async () => {
    const noLink: Card = { ...acted, links: undefined };
    const code = api.issueResponseCode('task', 'ZhangWei');
    const result = await channel().deliver(item({ op: 'update', message: { kind: 'card', card: noLink }, ref: { taskId: 'task', responseCode: code } }));
    expect(result.ref).toEqual({ responseCode: null, usedResponseCode: code });
    expect(api.updates()[0]).toMatchObject({ response_code: code, button: { replace_name: '已接收' } });
  });

  it('classifies failures: -1/45009/5xx/network retryable, 81013 and others permanent', async () => {
    const a = channel();
    api.failNext(-1);
    expect(await rejection(a.deliver(item()))).toMatchObject({ retryable: true });
    api.failNext(45009);
    expect(await rejection(a.deliver(item()))).toMatchObject({ retryable: true, retryAfterMs: 60_000 });
    api.failNext(502);
    expect(await rejection(a.deliver(item()))).toMatchObject({ retryable: true });
    api.failNext(81013);
    const permanent = await rejection(a.deliver(item()));
    expect(permanent.retryable).toBe(false);
    expect(permanent.message).toContain('81013');
    api.failNext({ errcode: 48002, errmsg: 'api forbidden' });
    expect(await rejection(a.deliver(item()))).toMatchObject({ retryable: false, message: expect.stringContaining('48002 api forbidden') });
    const offline = channel({ apiBase: 'http://127.0.0.1:9' });
    expect(await rejection(offline.deliver(item()))).toMatchObject({ retryable: true });
  });

  it('fails permanently on a wrong secret and on a form with no H5 link', async () => {
    const wrong = await rejection(channel({ secret: 'nope' }).deliver(item()));
    expect(wrong).toMatchObject({ retryable: false, message: expect.stringContaining('40001') });
    const form: Card = { ...card, actions: undefined, form: { inputs: [{ kind: 'text', id: 'notes', label: '纪要' }], submit: { actionId: 'visit.submit', label: '提交', value: 'V1' } } };
    const noLink = await rejection(channel().deliver(item({ message: { kind: 'card', card: form } })));
    expect(noLink).toMatchObject({ retryable: false, message: expect.stringContaining('formUrl') });
    const ok = await channel({ formUrl: () => 'https://h5.example/f?sig=1' }).deliver(item({ message: { kind: 'card', card: form } }));
    expect(ok.ref).toMatchObject({ responseCode: null });
  });

  it('exposes the per-member quota, pacing and recipient mapping', () => {
    const a = channel();
    expect(a.name).toBe('wecom');
    expect(a.quota).toEqual([{ max: 30, windowMs: 60_000 }, { max: 1000, windowMs: 3_600_000 }]);
    expect(a.pacing).toEqual({ maxConcurrent: 4, minTimeMs: 0 });
    expect(a.recipientOf({ wecomUserId: 'ZhangWei' } as Parameters<typeof a.recipientOf>[0])).toBe('ZhangWei');
    expect(() => channel({ encodingAESKey: 'short' })).toThrow(/encodingAESKey/);
  });
});

describe('fake WeCom server', () => {
  let fake: FakeWecom | undefined;
  afterEach(async () => fake?.close());

  async function call(path: string, body: unknown, token: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${fake?.url}${path}?access_token=${token}`, { method: 'POST', body: JSON.stringify(body) });
    return (await res.json()) as Record<string, unknown>;
  }

  it('silently drops sends over 30/min per member and enforces tokens and single-use codes', async () => {
    const f = (fake = await start({ corpId: CORP, secret: SECRET, agentId: AGENT }));
    const tokenRes = (await (await fetch(`${f.url}/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`)).json()) as { access_token: string };
    const token = tokenRes.access_token;
    for (let i = 0; i < 31; i++) {
      const res = await call('/cgi-bin/message/send', { touser: 'u1', agentid: AGENT, msgtype: 'text', text: { content: `m${i}` } }, token);
      expect(res.errcode).toBe(0);
    }
    expect(f.overLimitSends).toBe(1);
    expect(f.sent()).toHaveLength(30);
    expect((await call('/cgi-bin/message/send', {}, 'bogus')).errcode).toBe(40014);
    expect((await call('/cgi-bin/message/send', { touser: 'u2', agentid: 1, msgtype: 'text', text: { content: 'x' } }, token)).errcode).toBe(40056);
    const code = f.issueResponseCode('t', 'u1');
    const upd = { userids: ['u1'], agentid: AGENT, response_code: code, button: { replace_name: '已处理' } };
    expect((await call('/cgi-bin/message/update_template_card', upd, token)).errcode).toBe(0);
    expect((await call('/cgi-bin/message/update_template_card', upd, token)).errcode).toBe(INVALID_RESPONSE_CODE);
    const badCard = { card_type: 'button_interaction', task_id: 'bad id!', main_title: { title: 't' }, button_list: [{ text: 'a', key: 'k' }] };
    expect((await call('/cgi-bin/message/send', { touser: 'u3', agentid: AGENT, msgtype: 'template_card', template_card: badCard }, token)).errcode).toBe(40058);
  });
});
