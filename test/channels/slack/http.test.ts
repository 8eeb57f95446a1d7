import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../../src/http/server.ts';
import { createInboundSink } from '../../../src/services/inbound.ts';
import { createLogger } from '../../../src/log.ts';
import { createSlackChannel } from '../../../src/channels/slack/index.ts';
import type { InboundSink, Interaction } from '../../../src/channels/channel.ts';
import { openTestDb, testDatabases } from '../../support/databases.ts';
import { signSlackRequest, startFakeSlack, type FakeSlack } from '../../fakes/slack-server.ts';

const SECRET = 'test-signing-secret';
const log = createLogger({ level: 'silent' });
const FORM = 'application/x-www-form-urlencoded';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
}

/** Posts like Slack: signed with the current time unless `skewSec` / `headers` say otherwise. */
async function post(url: string, body: string, type: string, o: { skewSec?: number; secret?: string; headers?: Record<string, string> } = {}) {
  const ts = Math.floor(Date.now() / 1000) + (o.skewSec ?? 0);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': type, ...signSlackRequest(o.secret ?? SECRET, body, ts), ...o.headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}

const command = (cmd: string, text: string, trigger = `trig-${Math.random()}`) =>
  new URLSearchParams({ token: 'x', team_id: 'T1', user_id: 'U123ABC', user_name: 'zw', command: cmd, text, trigger_id: trigger, channel_id: 'D1', response_url: 'https://hooks.slack.com/x' }).toString();

const payload = (p: unknown) => new URLSearchParams({ payload: JSON.stringify(p) }).toString();

const dmEvent = (eventId: string, event: Record<string, unknown>) =>
  JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: eventId, event_time: 1, event: { type: 'message', channel: 'D1', channel_type: 'im', ts: '1.1', ...event } });

describe.each(testDatabases)('Slack HTTP inbound on $name', (kind) => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let fake: FakeSlack;
  let server: Server;
  let url: string;
  const dispatched: Interaction[] = [];

  beforeAll(async () => {
    t = await openTestDb(kind);
    fake = await startFakeSlack();
    const sink = createInboundSink(t.db.kysely, (i) => dispatched.push(i));
    const slack = createSlackChannel({ signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: fake.url, sink, log });
    server = createHttpServer(slack.routes(), log);
    url = await listen(server);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await fake.close();
    await t.cleanup();
  });
  beforeEach(async () => {
    await t.db.kysely.deleteFrom('inbox').execute();
    dispatched.length = 0;
  });

  const rows = () => t.db.kysely.selectFrom('inbox').selectAll().execute();
  const interactions = async () => (await rows()).map((r) => JSON.parse(r.payload) as Interaction);

  it('a signed /closeloop help answers 200 fast and lands in the inbox as a command', async () => {
    const started = performance.now();
    const res = await post(url, command('/closeloop', 'help', 'trig-1'), FORM);
    expect(res).toEqual({ status: 200, text: '' });
    expect(performance.now() - started).toBeLessThan(1000);
    const [row, ...more] = await rows();
    expect(more).toEqual([]);
    expect(row).toMatchObject({ id: 'slack:trig-1', channel: 'slack', kind: 'command', user_id: 'U123ABC', status: 'received' });
    expect(JSON.parse(row!.payload)).toMatchObject({ kind: 'command', text: 'help', dedupeKey: 'trig-1', userId: 'U123ABC' });
    await new Promise((r) => setImmediate(r));
    expect(dispatched.map((i) => i.text)).toEqual(['help']);
  });

  it('/lead keeps its command word; a charset suffix on the form type is tolerated', async () => {
    expect((await post(url, command('/lead', ' mine '), `${FORM}; charset=utf-8`)).status).toBe(200);
    expect((await interactions()).map((i) => i.text)).toEqual(['lead mine']);
  });

  it('forged, stale (−310 s) and future (+310 s) requests get 401 and write nothing', async () => {
    expect((await post(url, command('/closeloop', 'help'), FORM, { secret: 'wrong' })).status).toBe(401);
    expect((await post(url, command('/closeloop', 'help'), FORM, { skewSec: -310 })).status).toBe(401);
    expect((await post(url, command('/closeloop', 'help'), FORM, { skewSec: 310 })).status).toBe(401);
    expect((await post(url, command('/closeloop', 'help'), FORM, { headers: { 'x-slack-signature': 'v0=00' } })).status).toBe(401);
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': FORM }, body: command('/closeloop', 'help') });
    expect(unsigned.status).toBe(401);
    // Inside the window both ways is fine.
    expect((await post(url, command('/closeloop', 'ok'), FORM, { skewSec: 290 })).status).toBe(200);
    expect((await interactions()).map((i) => i.text)).toEqual(['ok']);
  });

  it('answers url_verification with the challenge and the unsigned ssl_check with 200', async () => {
    const res = await post(url, JSON.stringify({ type: 'url_verification', token: 't', challenge: 'ch-42' }), 'application/json');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: 'ch-42' });
    const ssl = await fetch(url, { method: 'POST', headers: { 'content-type': FORM }, body: 'ssl_check=1&token=x' });
    expect(ssl.status).toBe(200);
    expect(await rows()).toEqual([]);
  });

  it('block_actions becomes an action with the card ref, card key and form values', async () => {
    const body = payload({
      type: 'block_actions',
      user: { id: 'U123ABC', username: 'zw' },
      container: { type: 'message', channel_id: 'D0CHAN', message_ts: '1700000000.000100' },
      trigger_id: 'tr',
      actions: [{ type: 'button', action_id: 'lead.accept', block_id: 'actions:lead:L-1001', value: 'L-1001', action_ts: '1700000001.1' }],
      state: { values: { 'form:lead:L-1001': { stage: { type: 'static_select', selected_option: { value: 'qualified', text: {} } } }, note: { note: { type: 'plain_text_input', value: 'hi' } } } },
    });
    expect((await post(url, body, FORM)).status).toBe(200);
    expect(await interactions()).toEqual([
      {
        channel: 'slack',
        kind: 'action',
        dedupeKey: '1700000001.1:U123ABC:lead.accept',
        userId: 'U123ABC',
        actionId: 'lead.accept',
        value: 'L-1001',
        cardKey: 'lead:L-1001',
        cardRef: { channelId: 'D0CHAN', ts: '1700000000.000100' },
        values: { stage: 'qualified', note: 'hi' },
        receivedAt: expect.any(Number),
      },
    ]);
    // A select change inside a message form is acked but is not an action of its own.
    const select = payload({ type: 'block_actions', user: { id: 'U1' }, actions: [{ type: 'static_select', action_id: 'stage', block_id: 'form:lead:L-1001', selected_option: { value: 'x' }, action_ts: '2.2' }] });
    expect((await post(url, select, FORM)).status).toBe(200);
    expect(await rows()).toHaveLength(1);
  });

  it('view_submission becomes the modal’s submit action with its values', async () => {
    const body = payload({
      type: 'view_submission',
      user: { id: 'U123ABC' },
      view: {
        id: 'V1',
        hash: 'h1',
        callback_id: 'visit',
        private_metadata: JSON.stringify({ actionId: 'visit.submit', value: 'L-7', cardKey: 'visit:L-7' }),
        state: { values: { pains: { pains: { type: 'checkboxes', selected_options: [{ value: 'budget_tight' }, { value: 'price_too_high' }] } } } },
      },
    });
    const res = await post(url, body, FORM);
    expect(res).toEqual({ status: 200, text: '' });
    expect(await post(url, body, FORM)).toMatchObject({ status: 200 });
    expect(await interactions()).toEqual([
      expect.objectContaining({ kind: 'action', dedupeKey: 'V1:h1', actionId: 'visit.submit', value: 'L-7', cardKey: 'visit:L-7', values: { pains: ['budget_tight', 'price_too_high'] } }),
    ]);
  });

  it('view_submission carries a datepicker’s selected_date and a text input’s value; an empty picker is left out', async () => {
    const body = payload({
      type: 'view_submission',
      user: { id: 'U123ABC' },
      view: {
        id: 'V2',
        hash: 'h2',
        callback_id: 'visit',
        private_metadata: JSON.stringify({ actionId: 'visit.edit', value: 'V-9', cardKey: 'visit:V-9' }),
        state: {
          values: {
            visitedOn: { visitedOn: { type: 'datepicker', selected_date: '2026-12-03' } },
            nextOn: { nextOn: { type: 'datepicker', selected_date: null } },
            summary: { summary: { type: 'plain_text_input', value: '王总关注边缘网关' } },
          },
        },
      },
    });
    expect(await post(url, body, FORM)).toEqual({ status: 200, text: '' });
    expect(await interactions()).toEqual([
      expect.objectContaining({ kind: 'action', actionId: 'visit.edit', value: 'V-9', values: { visitedOn: '2026-12-03', summary: '王总关注边缘网关' } }),
    ]);
  });

  it('a DM retried by Slack (same event_id) is one inbox row; bot posts and edits are ignored', async () => {
    const body = dmEvent('Ev001', { user: 'U123ABC', text: 'lead mine' });
    expect((await post(url, body, 'application/json')).status).toBe(200);
    expect((await post(url, body, 'application/json', { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    expect((await post(url, dmEvent('Ev002', { bot_id: 'B1', user: 'U0BOT', text: 'card' }), 'application/json')).status).toBe(200);
    expect((await post(url, dmEvent('Ev003', { subtype: 'message_changed', user: 'U123ABC', text: 'x' }), 'application/json')).status).toBe(200);
    expect((await post(url, dmEvent('Ev004', { channel_type: 'channel', user: 'U123ABC', text: 'x' }), 'application/json')).status).toBe(200);
    const all = await interactions();
    expect(all).toEqual([expect.objectContaining({ kind: 'command', dedupeKey: 'Ev001', text: 'lead mine', userId: 'U123ABC' })]);
  });

  it('malformed bodies get 4xx', async () => {
    expect((await post(url, '{"type":', 'application/json')).status).toBe(400);
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":' });
    expect(unsigned.status).toBe(401);
    expect((await post(url, 'payload=%7Bnot-json', FORM)).status).toBe(400);
    expect((await fetch(url.replace('/slack/events', '/slack/other'), { method: 'POST' })).status).toBe(404);
    const huge = JSON.stringify({ type: 'event_callback', event_id: 'EvBig', event: { type: 'message', text: 'x'.repeat(1_100_000) } });
    expect((await post(url, huge, 'application/json')).status).toBe(413);
    expect(await rows()).toEqual([]);
  });
});

describe('Slack inbound when the inbox write fails', () => {
  it('answers 500 so Slack redelivers the event instead of a false 200', async () => {
    const sink: InboundSink = { accept: async () => Promise.reject(new Error('database is locked')) };
    const slack = createSlackChannel({ signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api', sink, log });
    const server = createHttpServer(slack.routes(), log);
    const url = await listen(server);
    try {
      expect((await post(url, dmEvent('Ev9', { user: 'U1', text: 'help' }), 'application/json')).status).toBe(500);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
