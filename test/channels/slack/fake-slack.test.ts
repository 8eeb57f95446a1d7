import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack-server.ts';

let fake: FakeSlack | undefined;
afterEach(async () => fake?.close());

async function call(method: string, args: Record<string, unknown>, token: string | null = 'xoxb-1', json = false) {
  const headers: Record<string, string> = { 'content-type': json ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded' };
  if (token) headers.authorization = `Bearer ${token}`;
  const body = json
    ? JSON.stringify(args)
    : new URLSearchParams(Object.entries(args).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
  const res = await fetch(`${fake!.url}${method}`, { method: 'POST', headers, body });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
}

describe('fake Slack Web API', () => {
  it('requires a Bearer bot token', async () => {
    fake = await startFakeSlack({ token: 'xoxb-1' });
    expect((await call('auth.test', {}, null)).body).toEqual({ ok: false, error: 'not_authed' });
    expect((await call('auth.test', {}, 'xoxb-2')).body).toEqual({ ok: false, error: 'invalid_auth' });
    expect((await call('auth.test', {})).body).toMatchObject({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT' });
  });

  it('chat.postMessage validates channel, text and blocks (form or JSON bodies)', async () => {
    fake = await startFakeSlack({ unknownChannels: ['C0GONE'] });
    expect((await call('chat.postMessage', { channel: 'C0GONE', text: 'x' })).body.error).toBe('channel_not_found');
    expect((await call('chat.postMessage', { channel: 'U0A' })).body.error).toBe('no_text');
    expect((await call('chat.postMessage', { channel: 'U0A', text: 'x'.repeat(40_001) })).body.error).toBe('msg_too_long');
    expect((await call('chat.postMessage', { channel: 'U0A', text: 'x', blocks: '[{' })).body.error).toBe('invalid_blocks_format');
    const cases: unknown[][] = [
      Array.from({ length: 51 }, () => ({ type: 'divider' })),
      [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      [{ type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } }],
      [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
      [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'b'.repeat(76) }, action_id: 'a' }] }],
      [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'b' }, action_id: 'a' }, { type: 'button', text: { type: 'plain_text', text: 'c' }, action_id: 'a' }] }],
      [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: Array.from({ length: 101 }, (_, i) => ({ text: { type: 'plain_text', text: `${i}` }, value: `${i}` })) }] }],
      [{ type: 'input', label: { type: 'plain_text', text: 'l' }, element: { type: 'checkboxes', action_id: 'c', options: Array.from({ length: 11 }, (_, i) => ({ text: { type: 'plain_text', text: `${i}` }, value: `${i}` })) } }],
    ];
    for (const blocks of cases) {
      const res = await call('chat.postMessage', { channel: 'U0A', text: 'x', blocks }, 'xoxb-1', true);
      expect(res.body).toMatchObject({ ok: false, error: 'invalid_blocks', response_metadata: { messages: [expect.stringContaining('[ERROR]')] } });
    }
    const ok = await call('chat.postMessage', { channel: 'U0A', text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h' } }] });
    expect(ok.body).toMatchObject({ ok: true, channel: 'D0A', ts: expect.any(String) });
  });

  it('rate-limits posts per channel per second with 429 + Retry-After; chat.update needs an existing ts', async () => {
    fake = await startFakeSlack({ postsPerChannelPerSecond: 2, retryAfterSec: 3 });
    const first = await call('chat.postMessage', { channel: 'U0A', text: '1' });
    await call('chat.postMessage', { channel: 'U0A', text: '2' });
    const third = await call('chat.postMessage', { channel: 'U0A', text: '3' });
    expect([third.status, third.retryAfter, third.body.error]).toEqual([429, '3', 'ratelimited']);
    expect((await call('chat.postMessage', { channel: 'U0B', text: 'other' })).status).toBe(200);
    expect((await call('chat.update', { channel: 'D0A', ts: '1.2', text: 'x' })).body.error).toBe('message_not_found');
    expect((await call('chat.update', { channel: 'D0A', ts: first.body.ts, text: 'edited' })).body.ok).toBe(true);
    expect(fake.messages.get(`D0A:${String(first.body.ts)}`)!.text).toBe('edited');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(4);
  });

  it('views.open validates the modal and returns a view id', async () => {
    fake = await startFakeSlack();
    const view = { type: 'modal', title: { type: 'plain_text', text: 'Visit' }, submit: { type: 'plain_text', text: 'Send' }, blocks: [{ type: 'input', block_id: 'n', label: { type: 'plain_text', text: 'Note' }, element: { type: 'plain_text_input', action_id: 'n' } }] };
    expect((await call('views.open', { trigger_id: 't', view })).body).toMatchObject({ ok: true, view: { id: expect.stringMatching(/^V/) } });
    expect((await call('views.open', { trigger_id: 't', view: { ...view, title: { type: 'plain_text', text: 't'.repeat(25) } } })).body.error).toBe('invalid_arguments');
    expect((await call('views.open', { trigger_id: 't', view: { ...view, submit: undefined } })).body.error).toBe('invalid_arguments');
    expect((await call('views.open', { view })).body.error).toBe('invalid_arguments');
  });
});
