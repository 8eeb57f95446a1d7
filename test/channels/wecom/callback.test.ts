import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/connect.ts';
import type { Interaction } from '../../../src/channels/channel.ts';
import { createWecomChannel } from '../../../src/channels/wecom/index.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import { createLogger } from '../../../src/log.ts';
import { createInboundSink } from '../../../src/services/inbound.ts';
import { cardEventXml, encryptedCallback, textMessageXml, urlVerificationQuery, voiceMessageXml } from '../../fakes/wecom-server.ts';
import { openTestDb, testDatabases } from '../../support/databases.ts';

// Official WXBizMsgCrypt sample vectors (see shared/reference/wecom.md).
const TOKEN = 'QDG6eK';
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const CORP = 'wx5823bf96d3bd56c7';
const VERIFY_QUERY =
  'msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780' +
  '&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D';
const POST_QUERY = 'msg_signature=477715d11cdb4164915debcba66cb864d751f3e6&timestamp=1409659813&nonce=1372623149';
const POST_ENCRYPT =
  'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
const POST_BODY = `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><Encrypt><![CDATA[${POST_ENCRYPT}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`;
const NOW = 1409659813_000;



describe.each(testDatabases)('wecom callback route on $name', (kind) => {
  let cleanup: (() => Promise<void>) | undefined;
  let server: Server | undefined;
  let base: string;
  let db: Db;
  let dispatched: Interaction[];

  beforeEach(async () => {
    const t = await openTestDb(kind);
    cleanup = t.cleanup;
    db = t.db;
    dispatched = [];
    const log = createLogger({ level: 'silent', pretty: false });
    const channel = createWecomChannel({
      corpId: CORP,
      agentId: 218,
      secret: 'unused',
      token: TOKEN,
      encodingAESKey: AES_KEY,
      apiBase: 'http://127.0.0.1:9',
      db: db.kysely,
      sink: createInboundSink(db.kysely, (i) => dispatched.push(i)),
      log,
      now: () => NOW,
    });
    const s = createHttpServer(channel.routes(), log);
    server = s;
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(s.address() as AddressInfo).port}/wecom/callback`;
  });
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await cleanup?.();
    server = undefined;
    cleanup = undefined;
  });

  const post = (query: string, body: string) => fetch(`${base}?${query}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });
  const inbox = () => db.kysely.selectFrom('inbox').selectAll().execute();
  const signed = (xml: string, extra: Partial<Parameters<typeof encryptedCallback>[0]> = {}) =>
    encryptedCallback({ token: TOKEN, aesKey: AES_KEY, corpId: CORP, timestamp: 1409659813, nonce: '42', xml, ...extra });

  it('answers the official URL-verification vector with the bare plaintext', async () => {
    const res = await fetch(`${base}?${VERIFY_QUERY}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('1616140317555161061');
  });

  it('still verifies when a raw + in echostr arrived as a space', async () => {
    const raw = VERIFY_QUERY.replace(/%2F/g, '/').replace(/%2B/g, '+').replace(/%3D/g, '=');
    const res = await fetch(`${base}?${raw}`);
    expect(await res.text()).toBe('1616140317555161061');
    const forged = await fetch(`${base}?${VERIFY_QUERY.replace('5c45ff', '5c45fe')}`);
    expect(forged.status).toBe(401);
    const other = urlVerificationQuery({ token: TOKEN, aesKey: AES_KEY, corpId: 'wwOTHERCORP', timestamp: 1, nonce: 2, echo: 'x' });
    expect((await fetch(`${base}?${other}`)).status).toBe(403);
  });

  it('decrypts the official POST vector into a command stored in the inbox, answering 200 with an empty body', async () => {
    const res = await post(POST_QUERY, POST_BODY);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const rows = await inbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'wecom:4561255354251345929', channel: 'wecom', kind: 'command', user_id: 'mycreate', status: 'received' });
    expect(JSON.parse(rows[0]?.payload ?? '{}')).toMatchObject({ text: 'hello', userId: 'mycreate', receivedAt: NOW });
    await new Promise((r) => setImmediate(r));
    expect(dispatched.map((i) => i.text)).toEqual(['hello']);
  });

  it('stores a replayed identical callback once', async () => {
    expect((await post(POST_QUERY, POST_BODY)).status).toBe(200);
    expect((await post(POST_QUERY, POST_BODY)).status).toBe(200);
    expect(await inbox()).toHaveLength(1);
  });

  it('rejects a forged signature (401), a stale timestamp (401) and another corp (403) without storing anything', async () => {
    expect((await post(POST_QUERY.replace('477715', '477716'), POST_BODY)).status).toBe(401);
    const stale = signed(textMessageXml({ corpId: CORP, from: 'u1', content: 'hi', msgId: '1', createTime: 1, agentId: 218 }), { timestamp: 1409659813 - 600 });
    expect((await post(stale.query, stale.body)).status).toBe(401);
    const other = signed(textMessageXml({ corpId: 'wwOTHER', from: 'u1', content: 'hi', msgId: '2', createTime: 1, agentId: 218 }), { corpId: 'wwOTHER' });
    expect((await post(other.query, other.body)).status).toBe(403);
    expect(await inbox()).toHaveLength(0);
  });

  it('answers 400 on malformed XML or missing parameters and 413 on an oversized body', async () => {
    expect((await post(POST_QUERY, '<xml><Encrypt>abc</xml>')).status).toBe(400);
    expect((await post(POST_QUERY, '<xml><ToUserName>x</ToUserName></xml>')).status).toBe(400);
    expect((await post('timestamp=1', POST_BODY)).status).toBe(400);
    const dtd = `<!DOCTYPE xml [<!ENTITY a "b">]>${POST_BODY}`;
    expect((await post(POST_QUERY, dtd)).status).toBe(400);
    const huge = `<xml><Encrypt>${'A'.repeat(70 * 1024)}</Encrypt></xml>`;
    expect((await post(POST_QUERY, huge)).status).toBe(413);
    expect(await inbox()).toHaveLength(0);
  });

  it('turns a card click into an action interaction with a cardRef', async () => {
    const xml = cardEventXml({ corpId: CORP, from: 'zhangwei', createTime: 1409659800, agentId: 218, taskId: 'lead_L-1001_ab', eventKey: 'lead.accept:L-1001', responseCode: 'rc-1' });
    const cb = signed(xml);
    expect((await post(cb.query, cb.body)).status).toBe(200);
    const [row] = await inbox();
    expect(row?.id).toBe('wecom:lead_L-1001_ab:lead.accept:L-1001:zhangwei:1409659800');
    expect(JSON.parse(row?.payload ?? '{}')).toEqual({
      channel: 'wecom',
      dedupeKey: 'lead_L-1001_ab:lead.accept:L-1001:zhangwei:1409659800',
      userId: 'zhangwei',
      kind: 'action',
      actionId: 'lead.accept',
      value: 'L-1001',
      cardRef: { taskId: 'lead_L-1001_ab', responseCode: 'rc-1', responseCodeAt: NOW },
      receivedAt: NOW,
    });
  });

  it('carries vote/multiple selections as values and strips a leading / from commands', async () => {
    const vote = cardEventXml({
      corpId: CORP, from: 'lilei', createTime: 1409659801, agentId: 218, taskId: 't1', eventKey: 'visit.submit:L-1042',
      cardType: 'vote_interaction', responseCode: 'rc-2', selected: { lines: ['a', 'c'], stage: ['s1'] },
    });
    const text = textMessageXml({ corpId: CORP, from: 'lilei', content: '  /lead L-1001 ', msgId: '99', createTime: 1409659802, agentId: 218 });
    for (const xml of [vote, text]) {
      const cb = signed(xml);
      expect((await post(cb.query, cb.body)).status).toBe(200);
    }
    const payloads = (await inbox()).map((r) => JSON.parse(r.payload) as Interaction);
    expect(payloads.find((p) => p.kind === 'action')?.values).toEqual({ lines: ['a', 'c'], stage: ['s1'] });
    expect(payloads.find((p) => p.kind === 'command')?.text).toBe('lead L-1001');
  });

  it('turns a voice message (MediaId + Format amr) into a voice command awaiting transcription, stored once', async () => {
    // The decrypted shape WeCom sends for 按住说话 (reference/wecom.md §6): no Recognition field.
    const xml =
      `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><FromUserName><![CDATA[lilei]]></FromUserName><CreateTime>1409659810</CreateTime>` +
      '<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[1J03FqvqN_jWX6xe8F-VJr7QHVTQsJBS6x4uwKuzyLE]]></MediaId><Format><![CDATA[amr]]></Format>' +
      '<MsgId>7357345187437428739</MsgId><AgentID>218</AgentID></xml>';
    const cb = signed(xml);
    expect(await post(cb.query, cb.body).then(async (r) => [r.status, await r.text()])).toEqual([200, '']);
    expect((await post(cb.query, cb.body)).status).toBe(200); // WeCom's retry
    const rows = await inbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'wecom:7357345187437428739', kind: 'command', user_id: 'lilei' });
    expect(JSON.parse(rows[0]!.payload)).toEqual({
      channel: 'wecom',
      dedupeKey: '7357345187437428739',
      userId: 'lilei',
      kind: 'command',
      via: 'voice',
      voice: { mediaId: '1J03FqvqN_jWX6xe8F-VJr7QHVTQsJBS6x4uwKuzyLE', format: 'amr' },
      receivedAt: NOW,
    });
  });

  it('uses a Recognition text, should WeCom send one, as typed text; a voice without MediaId is ignored', async () => {
    const recognised = voiceMessageXml({ corpId: CORP, from: 'lilei', mediaId: 'm-1', msgId: '501', createTime: 1409659811, agentId: 218, recognition: ' /lead L-1001。 ' });
    const noMedia = `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><FromUserName><![CDATA[lilei]]></FromUserName><CreateTime>1409659812</CreateTime><MsgType><![CDATA[voice]]></MsgType><Format><![CDATA[amr]]></Format><MsgId>502</MsgId></xml>`;
    for (const xml of [recognised, noMedia]) {
      const cb = signed(xml);
      expect((await post(cb.query, cb.body)).status).toBe(200);
    }
    const payloads = (await inbox()).map((r) => JSON.parse(r.payload) as Interaction);
    expect(payloads).toEqual([expect.objectContaining({ dedupeKey: '501', kind: 'command', via: 'voice', text: 'lead L-1001。' })]);
    expect(payloads[0]).not.toHaveProperty('voice');
  });

  it('acknowledges other events with 200 and writes nothing', async () => {
    const xml = `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><FromUserName><![CDATA[u1]]></FromUserName><CreateTime>1409659800</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><AgentID>218</AgentID></xml>`;
    const image = `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><FromUserName><![CDATA[u1]]></FromUserName><CreateTime>1409659800</CreateTime><MsgType><![CDATA[image]]></MsgType><MsgId>7</MsgId></xml>`;
    for (const x of [xml, image]) {
      const cb = signed(x);
      const res = await post(cb.query, cb.body);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
    }
    expect(await inbox()).toHaveLength(0);
  });
});
