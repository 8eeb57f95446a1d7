import { afterEach, describe, expect, it } from 'vitest';
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { createLogger } from '../../../src/log.ts';
import { classifySlackError, createSlackChannel } from '../../../src/channels/slack/index.ts';
import { DeliveryError, type InboundSink, type OutboundItem } from '../../../src/channels/channel.ts';
import type { Card } from '../../../cards/card.ts';
import type { Person } from '../../../src/config/company.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../../fakes/slack-server.ts';

const log = createLogger({ level: 'silent' });
const sink: InboundSink = { accept: async () => 'accepted' };
const card: Card = {
  key: 'lead:L-1001',
  version: 1,
  title: 'New lead: Acme',
  fields: [{ label: 'Budget', value: '¥200,000' }],
  actions: [{ actionId: 'lead.accept', label: 'Accept', value: 'L-1001', style: 'primary' }],
};

function item(over: Partial<OutboundItem> = {}): OutboundItem {
  return { id: 'o1', channel: 'slack', personId: 'zhang-wei', recipient: 'U0ZHANG', op: 'send', cardKey: card.key, message: { kind: 'card', card }, ref: null, ...over };
}

let fake: FakeSlack | undefined;
afterEach(async () => fake?.close());

async function setup(options: FakeSlackOptions = {}, token = 'xoxb-test') {
  fake = await startFakeSlack({ token: 'xoxb-test', ...options });
  // apiUrl without the trailing slash: the channel must add it.
  return createSlackChannel({ signingSecret: 's', botToken: token, apiUrl: fake.url.replace(/\/$/, ''), sink, log });
}

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('Slack deliver() against the fake Web API', () => {
  it('posts to the user id (DM) with blocks + fallback text and returns the ref; no auth.test at init', async () => {
    const slack = await setup();
    const res = await slack.deliver(item());
    expect(res.ref).toEqual({ channelId: 'D0ZHANG', ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect(fake!.calls.map((c) => c.method)).toEqual(['chat.postMessage']);
    const args = fake!.calls[0]!.args;
    expect(args.channel).toBe('U0ZHANG');
    expect(args.text).toBe('New lead: Acme');
    expect(JSON.parse(String(args.blocks))[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'New lead: Acme' } });
  });

  it('update with a ref uses chat.update on that message; without a ref it sends', async () => {
    const slack = await setup();
    const sent = await slack.deliver(item());
    const accepted = { ...card, version: 2, status: 'Accepted · Zhang Wei · 10:42', actions: [] };
    const res = await slack.deliver(item({ op: 'update', ref: sent.ref!, message: { kind: 'card', card: accepted } }));
    expect(res.ref).toEqual(sent.ref);
    expect(fake!.callsTo('chat.update')).toHaveLength(1);
    expect(fake!.callsTo('chat.update')[0]!.args).toMatchObject({ channel: 'D0ZHANG', ts: sent.ref!.ts });
    expect(fake!.messages.get(`D0ZHANG:${String(sent.ref!.ts)}`)!.text).toContain('Accepted');
    await slack.deliver(item({ op: 'update', ref: null }));
    expect(fake!.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('an update of a deleted message posts a fresh card', async () => {
    const slack = await setup();
    const res = await slack.deliver(item({ op: 'update', ref: { channelId: 'D0ZHANG', ts: '1.000001' } }));
    expect(fake!.calls.map((c) => [c.method, c.response.error])).toEqual([['chat.update', 'message_not_found'], ['chat.postMessage', undefined]]);
    expect(res.ref).toMatchObject({ channelId: 'D0ZHANG' });
  });

  it('429 + Retry-After is a retryable DeliveryError with retryAfterMs, and the SDK does not retry itself', async () => {
    const slack = await setup({ postsPerChannelPerSecond: 1, retryAfterSec: 7 });
    await slack.deliver(item());
    const err = await failure(slack.deliver(item({ id: 'o2' })));
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 7000 });
    expect(fake!.calls.map((c) => c.status)).toEqual([200, 429]);
    // Another channel is not limited.
    await slack.deliver(item({ recipient: 'U0OTHER' }));
  });

  it('invalid_blocks and other platform errors are permanent, with the code in the message', async () => {
    const slack = await setup();
    fake!.failNext('chat.postMessage', { error: 'invalid_blocks' });
    const err = await failure(slack.deliver(item()));
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('invalid_blocks');
    for (const code of ['channel_not_found', 'not_in_channel', 'msg_too_long']) {
      fake!.failNext('chat.postMessage', { error: code });
      const e = await failure(slack.deliver(item()));
      expect([e.retryable, e.message]).toEqual([false, expect.stringContaining(code)]);
    }
    const unknown = await failure(slack.deliver(item({ recipient: 'not-a-user' })));
    expect(unknown).toMatchObject({ retryable: false, message: expect.stringContaining('channel_not_found') });
  });

  it('ok:false ratelimited and HTTP 5xx are retryable', async () => {
    const slack = await setup();
    fake!.failNext('chat.postMessage', { error: 'ratelimited' });
    expect(await failure(slack.deliver(item()))).toMatchObject({ retryable: true });
    fake!.failNext('chat.postMessage', { status: 503 });
    expect(await failure(slack.deliver(item()))).toMatchObject({ retryable: true, message: expect.stringContaining('503') });
  });

  it('a wrong bot token is invalid_auth (permanent); a dead API is retryable', async () => {
    const slack = await setup({}, 'xoxb-wrong');
    expect(await failure(slack.deliver(item()))).toMatchObject({ retryable: false, message: expect.stringContaining('invalid_auth') });
    const dead = createSlackChannel({ signingSecret: 's', botToken: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api/', sink, log });
    expect(await failure(dead.deliver(item()))).toMatchObject({ retryable: true });
  });

  it('recipientOf is the slackUserId; pacing bounds concurrency; HTTP mode mounts POST /slack/events', async () => {
    const slack = await setup();
    expect(slack.name).toBe('slack');
    expect(slack.recipientOf({ slackUserId: 'U0ZHANG' } as Person)).toBe('U0ZHANG');
    expect(slack.recipientOf({} as Person)).toBeUndefined();
    expect(slack.pacing).toEqual({ maxConcurrent: 4, minTimeMs: 0 });
    expect(slack.routes().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /slack/events']);
    const socket = createSlackChannel({ signingSecret: 's', botToken: 'xoxb-test', appToken: 'xapp-1', apiUrl: fake!.url, sink, log });
    expect(socket.routes()).toEqual([]);
  });
});

describe('Slack openModal', () => {
  it('opens the card form as a modal through views.open', async () => {
    const slack = await setup();
    const form: Card['form'] = { inputs: [{ kind: 'text', id: 'note', label: 'Note', required: true }], submit: { actionId: 'visit.submit', label: 'Send', value: 'L-1001' } };
    await slack.openModal('trig-1', { ...card, form });
    const [open] = fake!.callsTo('views.open');
    expect(open!.response.ok).toBe(true);
    const view = JSON.parse(String(open!.args.view)) as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('visit.submit');
    expect(JSON.parse(view.private_metadata)).toEqual({ actionId: 'visit.submit', value: 'L-1001', cardKey: 'lead:L-1001' });
    fake!.failNext('views.open', { error: 'expired_trigger_id' });
    expect(await failure(slack.openModal('trig-2', { ...card, form }))).toMatchObject({ retryable: false, message: expect.stringContaining('expired_trigger_id') });
  });
});

describe('classifySlackError', () => {
  it('maps every SDK error class', () => {
    expect(classifySlackError(new WebAPIRateLimitedError(3), 'm')).toMatchObject({ retryable: true, retryAfterMs: 3000 });
    expect(classifySlackError(new WebAPIPlatformError({ ok: false, error: 'ratelimited', response_metadata: { retryAfter: 2 } }), 'm')).toMatchObject({ retryable: true, retryAfterMs: 2000 });
    expect(classifySlackError(new WebAPIPlatformError({ ok: false, error: 'invalid_blocks', response_metadata: { messages: ['[ERROR] too long'] } }), 'm').message).toBe('slack m: invalid_blocks ([ERROR] too long)');
    expect(classifySlackError(new WebAPIHTTPError(502, 'Bad Gateway', {}), 'm').retryable).toBe(true);
    expect(classifySlackError(new WebAPIHTTPError(400, 'Bad Request', {}), 'm').retryable).toBe(false);
    expect(classifySlackError(new WebAPIRequestError(new Error('ECONNRESET')), 'm').retryable).toBe(true);
  });
});
