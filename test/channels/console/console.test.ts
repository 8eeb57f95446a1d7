/** The console channel over real HTTP with a real inbound sink on every test database. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Card } from '../../../cards/card.ts';
import { renderConsoleMessage, type ConsoleView } from '../../../cards/render/console.ts';
import type { Interaction, OutboundItem } from '../../../src/channels/channel.ts';
import { createConsoleChannel, type ConsoleChannelOptions } from '../../../src/channels/console/index.ts';
import { loadCompany } from '../../../src/config/company.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import { createLogger } from '../../../src/log.ts';
import { createInboundSink } from '../../../src/services/inbound.ts';
import { openTestDb, testDatabases } from '../../support/databases.ts';

const company = loadCompany('examples/company.yaml');
const log = createLogger({ level: 'silent', pretty: false });

const openCard: Card = {
  key: 'lead:L-1001',
  version: 1,
  title: '新线索：复旦附中',
  fields: [{ label: '预算', value: '¥50万' }],
  actions: [
    { actionId: 'lead.accept', label: '接收', value: 'L-1001', style: 'primary' },
    { actionId: 'lead.decline', label: '不是我的', value: 'L-1001' },
  ],
};
const doneCard: Card = { ...openCard, version: 2, tone: 'success', actions: undefined, status: '已接收 · 张伟 · 10:42' };

function item(over: Partial<OutboundItem> & Pick<OutboundItem, 'id' | 'message'>): OutboundItem {
  return { channel: 'console', personId: 'zhang-wei', recipient: 'zhang-wei', op: 'send', cardKey: 'lead:L-1001', ref: null, ...over };
}

interface FeedBody {
  items: { id: string; cardKey: string | null; createdAt: number; updatedAt: number; view: ConsoleView }[];
  cursor: number;
}

describe.each(testDatabases)('console channel on $name', (kind) => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let server: Server;
  let base: string;
  let dispatched: Interaction[];
  let clock: number;
  let channel: ReturnType<typeof createConsoleChannel>;

  async function start(extra: Partial<ConsoleChannelOptions> = {}) {
    dispatched = [];
    const sink = createInboundSink(t.db.kysely, (i) => dispatched.push(i));
    channel = createConsoleChannel({ db: t.db.kysely, company, sink, log, now: () => clock, ...extra });
    server = createHttpServer(channel.routes(), log);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const feed = async (query: string) => (await (await fetch(`${base}/console/api/feed?${query}`)).json()) as FeedBody;

  beforeEach(async () => {
    clock = 1_700_000_000_000;
    t = await openTestDb(kind);
  });
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await t.cleanup();
  });

  it('serves the page and its assets with a strict CSP', async () => {
    await start();
    for (const path of ['/console', '/console/']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toContain('/console/assets/console.js');
    }
    const js = await fetch(`${base}/console/assets/console.js`);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${base}/console/assets/..%2fconsole.js`)).status).toBe(404);
    expect((await fetch(`${base}/console/assets/nope.js`)).status).toBe(404);
  });

  it('lists active people with roles, team and language', async () => {
    await start();
    const body = (await (await fetch(`${base}/console/api/people`)).json()) as {
      newLead: boolean;
      people: { id: string; name: string; roles: string[]; team: { id: string; name: { zh: string } } | null; language: string }[];
    };
    expect(body.newLead).toBe(false);
    expect(body.people.find((p) => p.id === 'zhang-wei')).toEqual({
      id: 'zhang-wei',
      name: '张伟',
      roles: ['rep'],
      team: { id: 'tech-sales', name: { zh: '技术方案销售组', en: 'Technical solutions' } },
      language: 'zh-CN',
    });
    expect(body.people.find((p) => p.id === 'chen-jie')?.language).toBe('en');
    expect(body.people.find((p) => p.id === 'zheng-hui')?.team).toBeNull();
    expect(channel.recipientOf(company.people[0]!)).toBe('wang-qiang');
    expect(channel.recipientOf({ ...company.people[0]!, active: false })).toBeUndefined();
  });

  it('delivers into the feed idempotently and renders it', async () => {
    await start();
    const sent = item({ id: 'lead-assigned:L-1001:v1:console:zhang-wei', message: { kind: 'card', card: openCard } });
    expect(await channel.deliver(sent)).toEqual({ ref: { feedId: sent.id } });
    await channel.deliver(sent); // a relay retry
    clock += 5;
    await channel.deliver(item({ id: 'reply:1', cardKey: null, message: { kind: 'text', text: 'hello' } }));
    const body = await feed('person=zhang-wei');
    expect(body.items.map((i) => i.id)).toEqual([sent.id, 'reply:1']);
    const view = body.items[0]!.view;
    expect(view).toMatchObject({ kind: 'card', title: '新线索：复旦附中', fields: [{ label: '预算', value: '¥50万' }] });
    expect(view.kind === 'card' && view.buttons.map((b) => b.actionId)).toEqual(['lead.accept', 'lead.decline']);
    expect(body.cursor).toBe(clock);
    expect((await feed(`person=zhang-wei&since=${clock}`)).items.map((i) => i.id)).toEqual(['reply:1']);
    expect((await feed('person=li-na')).items).toEqual([]);
    expect((await fetch(`${base}/console/api/feed?person=nobody`)).status).toBe(404);
    expect((await fetch(`${base}/console/api/feed?person=zhang-wei&since=-1`)).status).toBe(400);
    await expect(channel.deliver(item({ id: 'x', personId: 'nobody', message: { kind: 'text', text: 'x' } }))).rejects.toMatchObject({ retryable: false });
  });

  it('updates a card in place: one row, new content', async () => {
    await start();
    await channel.deliver(item({ id: 'send:1', message: { kind: 'card', card: openCard } }));
    clock += 1000;
    const res = await channel.deliver(item({ id: 'update:1', op: 'update', ref: { feedId: 'send:1' }, message: { kind: 'card', card: doneCard } }));
    expect(res).toEqual({ ref: { feedId: 'send:1' } });
    const rows = await t.db.kysely.selectFrom('console_feed').selectAll().execute();
    expect(rows).toHaveLength(1);
    const [only] = (await feed('person=zhang-wei')).items;
    expect(only).toMatchObject({ id: 'send:1', updatedAt: clock, view: { status: '已接收 · 张伟 · 10:42', buttons: [], tone: 'success' } });
    // An update for a card this person never saw on the console shows up as a new row.
    await channel.deliver(item({ id: 'update:2', op: 'update', cardKey: 'lead:L-2', message: { kind: 'card', card: { ...doneCard, key: 'lead:L-2' } } }));
    expect(await t.db.kysely.selectFrom('console_feed').select('id').orderBy('id').execute()).toEqual([{ id: 'send:1' }, { id: 'update:2' }]);
  });

  it('posts an action into the inbox once per clientId', async () => {
    await start();
    const action = { person: 'zhang-wei', actionId: 'lead.accept', value: 'L-1001', cardKey: 'lead:L-1001', values: { note: 'ok', tags: ['a', 'b'] }, clientId: 'c1a2b3c4d5' };
    const first = await post('/console/api/action', action);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ status: 'accepted' });
    expect(await (await post('/console/api/action', action)).json()).toEqual({ status: 'duplicate' });
    const rows = await t.db.kysely.selectFrom('inbox').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'console:c1a2b3c4d5', channel: 'console', kind: 'action', user_id: 'zhang-wei', received_at: clock });
    expect(JSON.parse(rows[0]!.payload)).toEqual({
      channel: 'console', dedupeKey: 'c1a2b3c4d5', userId: 'zhang-wei', kind: 'action', actionId: 'lead.accept', value: 'L-1001',
      cardKey: 'lead:L-1001', values: { note: 'ok', tags: ['a', 'b'] }, receivedAt: clock,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(dispatched).toHaveLength(1);
  });

  it('posts a command with the leading slash stripped', async () => {
    await start();
    expect((await post('/console/api/command', { person: 'li-na', text: ' /help ', clientId: 'cmd-000001' })).status).toBe(202);
    const row = await t.db.kysely.selectFrom('inbox').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(row.payload)).toMatchObject({ kind: 'command', text: 'help', userId: 'li-na' });
  });

  it('rejects bad input naming the field', async () => {
    await start();
    const ok = { person: 'zhang-wei', actionId: 'lead.accept', value: 'L-1', clientId: 'abcdefgh12' };
    const missing = await post('/console/api/action', { ...ok, actionId: undefined });
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as { error: string; message: string; details: { issues: { path: string }[] } };
    expect(body.error).toBe('invalid_request');
    expect(body.message).toContain('actionId');
    expect(body.details.issues.map((i) => i.path)).toEqual(['actionId']);
    const badValues = (await (await post('/console/api/action', { ...ok, values: { x: 3 } })).json()) as { message: string };
    expect(badValues.message).toContain('values.x');
    expect((await post('/console/api/command', { person: 'zhang-wei', text: '/', clientId: 'abcdefgh12' })).status).toBe(400);
    expect((await post('/console/api/action', { ...ok, person: 'ghost' })).status).toBe(404);
    const text = await fetch(`${base}/console/api/action`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(ok) });
    expect(text.status).toBe(415);
    expect((await post('/console/api/action', { ...ok, value: 'x'.repeat(70 * 1024) })).status).toBe(413);
    const broken = await fetch(`${base}/console/api/action`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(broken.status).toBe(400);
    expect(await t.db.kysely.selectFrom('inbox').selectAll().execute()).toEqual([]);
  });

  it('forwards the New-lead form to the lead intake when wired', async () => {
    await start();
    expect((await post('/console/api/leads', { company: 'x' })).status).toBe(404);
    server.close();
    const seen: unknown[] = [];
    await start({ newLead: async (input) => (seen.push(input), { status: 201, body: { id: 'L-1', assignee: 'zhang-wei' } }) });
    const res = await post('/console/api/leads', { company: '复旦附中' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 'L-1', assignee: 'zhang-wei' });
    expect(seen).toEqual([{ company: '复旦附中' }]);
    expect(((await (await fetch(`${base}/console/api/people`)).json()) as { newLead: boolean }).newLead).toBe(true);
  });

  it('requires the token on every route when one is set', async () => {
    await start({ token: 's3cret' });
    for (const path of ['/console', '/console/assets/console.js', '/console/api/people', '/console/api/feed?person=zhang-wei']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(401);
    }
    expect((await post('/console/api/action', {})).status).toBe(401);
    expect((await fetch(`${base}/console?token=wrong`)).status).toBe(401);
    expect((await fetch(`${base}/console/api/people`, { headers: { 'x-console-token': 's3cret' } })).status).toBe(200);
    const page = await fetch(`${base}/console?token=s3cret`);
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await fetch(`${base}/console/assets/console.css`, { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200);
    const ok = { person: 'zhang-wei', actionId: 'a', value: 'b', clientId: 'abcdefgh12' };
    expect((await post('/console/api/action', ok, { 'x-console-token': 's3cret' })).status).toBe(202);
  });
});

describe('renderConsoleMessage', () => {
  it('applies chat-app limits visibly and drops unsafe links', () => {
    const view = renderConsoleMessage({
      kind: 'card',
      card: {
        key: 'k',
        version: 1,
        title: 'T',
        text: '字'.repeat(5000),
        links: [{ label: 'x', url: 'javascript:alert(1)' }, { label: 'ok', url: 'https://example.com' }],
        actions: Array.from({ length: 25 }, (_, i) => ({ actionId: `a${i}`, label: `b${i}`, value: String(i) })),
      },
    });
    if (view.kind !== 'card') throw new Error('expected a card');
    expect(view.buttons).toHaveLength(20);
    expect(view.buttons[0]).toEqual({ actionId: 'a0', value: '0', label: 'b0', style: 'default' });
    expect(view.text).toHaveLength(4000);
    expect(view.text?.endsWith('…')).toBe(true);
    expect(view.links).toEqual([{ label: 'ok', url: 'https://example.com' }]);
    // What is left out is counted, so the page can say so ("… 1 more link, 5 more buttons not shown").
    expect(view.omitted).toEqual({ links: 1, buttons: 5 });
    expect(view.tone).toBe('info');
    expect(renderConsoleMessage({ kind: 'text', text: 'x'.repeat(4001) })).toEqual({ kind: 'text', text: `${'x'.repeat(3999)}…` });
  });

  it('renders date inputs (malformed days left out) and pre-filled text cut to its maxLength', () => {
    const card = {
      key: 'visit:V-9',
      version: 1,
      title: '修改拜访记录',
      form: {
        inputs: [
          { kind: 'date' as const, id: 'visitedOn', label: '拜访日期', initial: '2026-12-03', min: '2026-01-01', required: true },
          { kind: 'date' as const, id: 'bad', label: 'Bad', initial: '2026-13-01', min: 'soon' },
          { kind: 'text' as const, id: 'summary', label: '纪要', initial: '王总关注网关', maxLength: 4 },
          { kind: 'text' as const, id: 'empty', label: 'Empty' },
        ],
        submit: { actionId: 'visit.edit', label: '保存', value: 'V-9' },
      },
    };
    const view = renderConsoleMessage({ kind: 'card', card });
    if (view.kind !== 'card') throw new Error('expected a card');
    expect(view.form?.inputs).toEqual([
      { kind: 'date', id: 'visitedOn', label: '拜访日期', required: true, initial: '2026-12-03', min: '2026-01-01' },
      { kind: 'date', id: 'bad', label: 'Bad', required: false },
      { kind: 'text', id: 'summary', label: '纪要', multiline: false, required: false, maxLength: 4, initial: '王总关…' },
      { kind: 'text', id: 'empty', label: 'Empty', multiline: false, required: false, maxLength: 3000 },
    ]);
    expect(view).not.toHaveProperty('omitted');
  });

  it('counts inputs and options over the limits, and a form it cannot post as its inputs and submit button', () => {
    const options = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `o${i}`, label: `O${i}` }));
    const inputs = [
      { kind: 'multiselect' as const, id: 'm', label: 'M', options: options(130) },
      ...Array.from({ length: 21 }, (_, i) => ({ kind: 'select' as const, id: `s${i}`, label: `S${i}`, options: options(3) })),
    ];
    const card = { key: 'k', version: 1, title: 'T', form: { inputs, submit: { actionId: 'f.submit', label: 'Go', value: 'v' } } };
    const view = renderConsoleMessage({ kind: 'card', card });
    if (view.kind !== 'card') throw new Error('expected a card');
    expect(view.form?.inputs).toHaveLength(20);
    expect(view.omitted).toEqual({ inputs: 2, options: 30 });
    const unposted = renderConsoleMessage({ kind: 'card', card: { ...card, form: { ...card.form, submit: { ...card.form.submit, actionId: '' } } } });
    expect(unposted.kind === 'card' && unposted.form).toBe(undefined);
    expect(unposted.kind === 'card' && unposted.omitted).toEqual({ inputs: 22, buttons: 1 });
    expect(renderConsoleMessage({ kind: 'card', card: { key: 'k', version: 1, title: 'T' } })).not.toHaveProperty('omitted');
  });
});
