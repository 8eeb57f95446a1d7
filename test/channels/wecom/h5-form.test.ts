import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Card } from '../../../cards/card.ts';
import { FORM_LINK_TITLE, renderWecomMessage } from '../../../cards/render/wecom.ts';
import type { Db } from '../../../db/connect.ts';
import type { Interaction, OutboundItem } from '../../../src/channels/channel.ts';
import { escapeHtml } from '../../../src/channels/wecom/h5-form-page.ts';
import {
  createWecomFormUrl,
  deriveFormSecret,
  FORM_BODY_LIMIT,
  FORM_TOKEN_TTL_MS,
  signFormToken,
  verifyFormToken,
  wecomFormRoutes,
} from '../../../src/channels/wecom/h5-form.ts';
import { createWecomChannel } from '../../../src/channels/wecom/index.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import type { HttpRoute } from '../../../src/http/route.ts';
import { createLogger } from '../../../src/log.ts';
import { createInboundSink } from '../../../src/services/inbound.ts';
import { insertOutboxRow } from '../../../src/store/outbox.ts';
import { start as startFakeWecom, validateTemplateCard } from '../../fakes/wecom-server.ts';
import { openTestDb, testDatabases } from '../../support/databases.ts';

const CORP = 'ww0123456789abcdef';
const APP_SECRET = 'app-secret';
const SECRET = deriveFormSecret(APP_SECRET, CORP);
const NOW = Date.UTC(2026, 10, 26, 2, 0, 0);
const HOUR = 3_600_000;
const BASE_URL = 'https://bot.example.com';
const log = createLogger({ level: 'silent', pretty: false });

const OUTBOX_ID = 'visit-log:V-77:v1:wecom:lilei';
const USER = 'LiLei';

const card: Card = {
  key: 'visit:V-77',
  version: 1,
  title: '拜访记录 <script>alert(1)</script>',
  subtitle: '客户：华东某制造 & Co',
  fields: [{ label: '销售', value: '李雷 "LL"' }],
  links: [
    { label: '线索', url: 'https://ops.example.com/l/77' },
    { label: 'evil', url: 'javascript:alert(2)' },
  ],
  form: {
    inputs: [
      {
        kind: 'select',
        id: 'outcome',
        label: '结果',
        required: true,
        options: [
          { value: 'won', label: '赢单' },
          { value: 'lost', label: '丢单' },
          { value: 'open', label: '跟进中' },
        ],
      },
      {
        kind: 'multiselect',
        id: 'lines',
        label: '产品线',
        required: true,
        max: 2,
        options: [
          { value: 'sensor', label: '传感器' },
          { value: 'gateway', label: '边缘网关' },
          { value: 'saas', label: 'SaaS' },
        ],
      },
      { kind: 'text', id: 'notes', label: '纪要', multiline: true, maxLength: 20, placeholder: '<b>写点什么</b>' },
    ],
    submit: { actionId: 'visit.log', label: '提交', value: 'V-77' },
  },
};

function item(extra: Partial<OutboundItem> = {}): OutboundItem {
  return {
    id: OUTBOX_ID,
    channel: 'wecom',
    personId: 'lilei',
    recipient: USER,
    op: 'send',
    cardKey: card.key,
    message: { kind: 'card', card },
    ref: null,
    ...extra,
  };
}

describe('form token', () => {
  const claims = { outboxId: OUTBOX_ID, userId: USER, exp: NOW + HOUR };

  it('signs a compact URL-safe token and verifies it', () => {
    const token = signFormToken(claims, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyFormToken(token, SECRET, NOW)).toEqual({ ok: true, claims });
  });

  it('rejects tampering, a wrong key, other spellings and garbage', () => {
    const token = signFormToken(claims, SECRET);
    const [payload = '', sig = ''] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ o: OUTBOX_ID, u: 'Boss', e: claims.exp })).toString('base64url');
    expect(verifyFormToken(`${forged}.${sig}`, SECRET, NOW)).toEqual({ ok: false, error: 'bad_signature' });
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    expect(verifyFormToken(`${payload}.${flipped}`, SECRET, NOW)).toEqual({ ok: false, error: 'bad_signature' });
    // The last of 43 base64url characters carries 2 unused bits: a second spelling of the same bytes must not pass.
    const last = sig.at(-1) ?? 'A';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet[alphabet.indexOf(last) ^ 1] ?? 'A';
    expect(Buffer.from(sig.slice(0, -1) + twin, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    expect(verifyFormToken(`${payload}.${sig.slice(0, -1)}${twin}`, SECRET, NOW)).toEqual({ ok: false, error: 'bad_signature' });
    expect(verifyFormToken(token, deriveFormSecret(APP_SECRET, 'ww-other-corp'), NOW)).toEqual({ ok: false, error: 'bad_signature' });
    expect(verifyFormToken(token, deriveFormSecret('rotated', CORP), NOW)).toEqual({ ok: false, error: 'bad_signature' });
    for (const bad of ['', 'abc', `${payload}.`, `${payload}.${sig}.x`, `${payload}+.${sig}`, 'x'.repeat(3000)]) {
      expect(verifyFormToken(bad, SECRET, NOW)).toEqual({ ok: false, error: 'malformed' });
    }
  });

  it('expires at exp', () => {
    const token = signFormToken(claims, SECRET);
    expect(verifyFormToken(token, SECRET, claims.exp - 1).ok).toBe(true);
    expect(verifyFormToken(token, SECRET, claims.exp)).toEqual({ ok: false, error: 'expired' });
  });

  it('derives a 32-byte key per app secret and corp', () => {
    expect(SECRET).toHaveLength(32);
    expect(deriveFormSecret(APP_SECRET, CORP).equals(SECRET)).toBe(true);
    expect(SECRET.equals(Buffer.from(APP_SECRET))).toBe(false);
    expect(() => deriveFormSecret('', CORP)).toThrow(/WECOM_SECRET/);
  });
});

describe('the adapter formUrl', () => {
  let clock = NOW;
  const formUrl = createWecomFormUrl({ publicBaseUrl: `${BASE_URL}/`, secret: SECRET, now: () => clock });

  it('makes a too-rich form a text_notice whose card_action url verifies', () => {
    clock = NOW + 17 * 60_000;
    const url = formUrl(item());
    const body = renderWecomMessage(item().message, { taskId: 'visit_V-77-v1-lilei', formUrl: url });
    expect(body.msgtype).toBe('template_card');
    const tc = body.msgtype === 'template_card' ? body.template_card : {};
    validateTemplateCard(tc);
    expect(tc.card_type).toBe('text_notice');
    const action = tc.card_action as { type: number; url: string };
    expect(action.type).toBe(1);
    expect(action.url).toBe(url);
    expect((tc.jump_list as unknown[])[0]).toEqual({ type: 1, title: FORM_LINK_TITLE, url });
    const parsed = new URL(action.url);
    expect(`${parsed.origin}${parsed.pathname}`).toBe(`${BASE_URL}/wecom/form`);
    const verified = verifyFormToken(parsed.searchParams.get('t') ?? '', SECRET, clock);
    expect(verified).toEqual({ ok: true, claims: { outboxId: OUTBOX_ID, userId: USER, exp: NOW + FORM_TOKEN_TTL_MS + HOUR } });
  });

  it('gives the same link for renders within the hour (a retry stays a WeCom duplicate), a new one after', () => {
    clock = NOW + 1;
    const first = formUrl(item());
    clock = NOW + HOUR - 1;
    expect(formUrl(item())).toBe(first);
    clock = NOW + HOUR + 1;
    expect(formUrl(item())).not.toBe(first);
  });
});

describe.each(testDatabases)('wecom H5 form routes on $name', (kind) => {
  let cleanup: (() => Promise<void>) | undefined;
  let server: Server | undefined;
  let base: string;
  let db: Db;
  let clock: number;
  let dispatched: Interaction[];

  async function serve(routes: HttpRoute[]): Promise<void> {
    const s = createHttpServer(routes, log);
    server = s;
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }

  beforeEach(async () => {
    const t = await openTestDb(kind);
    cleanup = t.cleanup;
    db = t.db;
    clock = NOW;
    dispatched = [];
    const sink = createInboundSink(db.kysely, (i) => dispatched.push(i));
    await serve(wecomFormRoutes({ db: db.kysely, sink, secret: SECRET, log, now: () => clock }));
    await insertOutboxRow(db.kysely, {
      id: OUTBOX_ID,
      channel: 'wecom',
      personId: 'lilei',
      recipient: USER,
      op: 'send',
      cardKey: card.key,
      message: { kind: 'card', card },
      now: NOW,
    });
  });
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await cleanup?.();
    server = undefined;
    cleanup = undefined;
  });

  const tokenFor = (extra: Partial<{ outboxId: string; userId: string; exp: number }> = {}) =>
    signFormToken({ outboxId: OUTBOX_ID, userId: USER, exp: NOW + FORM_TOKEN_TTL_MS, ...extra }, SECRET);
  const get = (token: string) => fetch(`${base}/wecom/form?t=${encodeURIComponent(token)}`);
  const post = (fields: [string, string][]) =>
    fetch(`${base}/wecom/form`, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  const inbox = () => db.kysely.selectFrom('inbox').selectAll().execute();
  const valid = (token: string): [string, string][] => [
    ['t', token],
    ['f:outcome', 'open'],
    ['f:lines', 'saas'],
    ['f:lines', 'sensor'],
    ['f:notes', ' 下周\r\n再访 '],
  ];

  it('renders the form: card on top, every input with its limits and required markers, all text escaped', async () => {
    const token = tokenFor();
    const res = await get(token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(`<h1>${escapeHtml(card.title)}</h1>`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('客户：华东某制造 &amp; Co');
    expect(html).toContain('<dt>销售</dt><dd>李雷 &quot;LL&quot;</dd>');
    expect(html).toContain('href="https://ops.example.com/l/77"');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain(`name="t" value="${token}"`);
    expect(html).toMatch(/<select id="in-0" name="f:outcome" required>/);
    expect(html).toContain('<option value="open">跟进中</option>');
    expect(html).toContain('data-max="2"');
    expect(html.match(/type="checkbox" name="f:lines"/g)).toHaveLength(3);
    expect(html).toMatch(/<textarea id="in-2" name="f:notes" maxlength="20" placeholder="&lt;b&gt;写点什么&lt;\/b&gt;"><\/textarea>/);
    expect(html.match(/class="req"/g)).toHaveLength(2);
    expect(html).toContain('<button type="submit">提交</button>');
  });

  it('answers 401 for a bad token, 410 for an expired one, 404 for a row that is gone', async () => {
    const bad = await get(`${tokenFor()}x`);
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain('链接无效 / Invalid link');
    expect((await fetch(`${base}/wecom/form`)).status).toBe(401);
    const forged = signFormToken({ outboxId: OUTBOX_ID, userId: USER, exp: NOW + HOUR }, deriveFormSecret('other', CORP));
    expect((await get(forged)).status).toBe(401);

    const expiredToken = tokenFor({ exp: NOW + HOUR });
    clock = NOW + HOUR;
    const expired = await get(expiredToken);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('链接已过期 / This link has expired');
    expect((await post(valid(expiredToken))).status).toBe(410);
    clock = NOW;

    expect((await get(tokenFor({ outboxId: 'nope' }))).status).toBe(404);
    expect((await get(tokenFor({ userId: 'SomeoneElse' }))).status).toBe(404);
    expect(await inbox()).toHaveLength(0);
  });

  it('re-renders with errors (400) and records nothing for missing, unknown, too many or too long values', async () => {
    const token = tokenFor();
    const cases: { fields: [string, string][]; error: string }[] = [
      { fields: [['t', token], ['f:lines', 'saas']], error: '此项必填 / Required' },
      { fields: [['t', token], ['f:outcome', 'open']], error: '此项必填 / Required' },
      { fields: [['t', token], ['f:outcome', 'maybe'], ['f:lines', 'saas']], error: '请从列表中选择 / Choose from the list' },
      { fields: [['t', token], ['f:outcome', 'won'], ['f:lines', 'saas'], ['f:lines', '<x>']], error: '请从列表中选择' },
      { fields: [['t', token], ['f:outcome', 'won'], ['f:outcome', 'lost'], ['f:lines', 'saas']], error: '只能选择一项 / Choose one' },
      {
        fields: [['t', token], ['f:outcome', 'won'], ['f:lines', 'saas'], ['f:lines', 'sensor'], ['f:lines', 'gateway']],
        error: '最多选择 2 项 / Choose at most 2',
      },
      { fields: [['t', token], ['f:outcome', 'won'], ['f:lines', 'saas'], ['f:notes', '字'.repeat(21)]], error: '最多 20 个字 / At most 20 characters' },
    ];
    for (const c of cases) {
      const res = await post(c.fields);
      expect(res.status, JSON.stringify(c.fields)).toBe(400);
      const html = await res.text();
      expect(html).toContain(c.error);
      expect(html).toContain('请修改标出的项目 / Please fix the marked fields');
      expect(html).toContain(`name="t" value="${token}"`); // the page can be fixed and sent again
    }
    // What was posted comes back (escaped), so nothing has to be typed twice.
    const res = await post([['t', token], ['f:lines', 'gateway'], ['f:notes', '<img src=x onerror=alert(3)>']]);
    const html = await res.text();
    expect(html).toMatch(/value="gateway" checked>/);
    expect(html).toContain('&lt;img src=x onerror=alert(3)&gt;</textarea>');
    expect(html).not.toContain('<img');
    expect(await inbox()).toHaveLength(0);
    expect(dispatched).toHaveLength(0);
  });

  it('records a valid submission once, as the action the card declares; a second submit is "already submitted"', async () => {
    const token = tokenFor();
    clock = NOW + 5 * 60_000;
    const res = await post(valid(token));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('已提交 / Submitted');
    const rows = await inbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'wecom', kind: 'action', user_id: USER, status: 'received', received_at: clock });
    const interaction = JSON.parse(rows[0]?.payload ?? '{}') as Interaction;
    expect(interaction).toEqual({
      channel: 'wecom',
      userId: USER,
      kind: 'action',
      actionId: 'visit.log',
      value: 'V-77',
      values: { outcome: 'open', lines: ['sensor', 'saas'], notes: '下周\n再访' },
      cardKey: 'visit:V-77',
      dedupeKey: expect.stringMatching(new RegExp(`^h5:${OUTBOX_ID}:[0-9a-f]{64}$`)),
      receivedAt: clock,
    });
    await expect.poll(() => dispatched.length).toBe(1);

    const again = await post(valid(token));
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('已经提交过了 / Already submitted');
    const page = await get(token);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('已经提交过了 / Already submitted');
    expect(await inbox()).toHaveLength(1);
    expect(dispatched).toHaveLength(1);
  });

  describe('a date input and pre-filled text', () => {
    const EDIT_ID = 'visit-edit:V-9:v1:wecom:lilei';
    const edit: Card = {
      key: 'visit:V-9',
      version: 2,
      title: '修改拜访记录',
      form: {
        inputs: [
          { kind: 'date', id: 'visitedOn', label: '拜访日期', initial: '2026-12-03', min: '2026-01-01', required: true },
          { kind: 'text', id: 'summary', label: '纪要', multiline: true, initial: '王总 "关注" <网关> & 传感器' },
          { kind: 'text', id: 'contact', label: '对接人', initial: '王芳' },
          { kind: 'date', id: 'nextOn', label: '下次跟进' },
        ],
        submit: { actionId: 'visit.edit', label: '保存', value: 'V-9' },
      },
    };
    const editToken = () => tokenFor({ outboxId: EDIT_ID });
    beforeEach(async () => {
      await insertOutboxRow(db.kysely, { id: EDIT_ID, channel: 'wecom', personId: 'lilei', recipient: USER, op: 'send', cardKey: edit.key, message: { kind: 'card', card: edit }, now: NOW });
    });

    it('renders <input type="date"> with its day and min, and the initial text escaped', async () => {
      const html = await (await get(editToken())).text();
      expect(html).toContain('<input type="date" id="in-0" name="f:visitedOn" required min="2026-01-01" placeholder="YYYY-MM-DD" value="2026-12-03">');
      expect(html).toContain('<input type="date" id="in-3" name="f:nextOn" placeholder="YYYY-MM-DD" value="">');
      expect(html).toContain('>王总 &quot;关注&quot; &lt;网关&gt; &amp; 传感器</textarea>');
      expect(html).toContain('name="f:contact" value="王芳">');
    });

    it('answers 400 naming the field for a malformed, impossible or too early day, and records nothing', async () => {
      for (const [day, error] of [
        ['3.12.2026', '「拜访日期」不是有效日期，请按 YYYY-MM-DD 填写 / 拜访日期: not a valid date, use YYYY-MM-DD'],
        ['2026-02-30', '「拜访日期」不是有效日期'],
        ['<script>', '「拜访日期」不是有效日期'],
        ['2025-12-31', '「拜访日期」不能早于 2026-01-01 / 拜访日期: not before 2026-01-01'],
        ['', '此项必填 / Required'],
      ] as const) {
        const res = await post([['t', editToken()], ['f:visitedOn', day], ['f:summary', 'ok']]);
        expect(res.status, day).toBe(400);
        const html = await res.text();
        expect(html).toContain(error);
        expect(html).toContain('Please fix the marked fields: 拜访日期');
        expect(html).toContain('name="f:visitedOn" required aria-invalid="true" aria-describedby="in-0-err" min="2026-01-01"');
        // What was posted comes back, escaped.
        expect(html).toContain(`value="${escapeHtml(day)}">`);
      }
      // A second day for one date input is forged: also refused.
      expect((await post([['t', editToken()], ['f:visitedOn', '2026-12-03'], ['f:visitedOn', '2026-12-04']])).status).toBe(400);
      expect(await inbox()).toHaveLength(0);
    });

    it('records the day as YYYY-MM-DD with the (edited) text; an empty optional date is left out', async () => {
      const res = await post([['t', editToken()], ['f:visitedOn', '2026-12-04'], ['f:summary', '王总关注网关'], ['f:contact', '王芳'], ['f:nextOn', '']]);
      expect(res.status).toBe(200);
      const [row] = await inbox();
      expect((JSON.parse(row?.payload ?? '{}') as Interaction).values).toEqual({ visitedOn: '2026-12-04', summary: '王总关注网关', contact: '王芳' });
    });
  });

  it('lets exactly one of two racing submits of one link through', async () => {
    const token = tokenFor();
    const pages = await Promise.all([post(valid(token)), post(valid(token))].map(async (p) => (await p).text()));
    expect(pages.filter((h) => h.includes('已提交 / Submitted'))).toHaveLength(1);
    expect(pages.filter((h) => h.includes('已经提交过了 / Already submitted'))).toHaveLength(1);
    expect(await inbox()).toHaveLength(1);
  });

  it('leaves empty optional inputs out, and reads the token from the query as a fallback', async () => {
    const token = tokenFor();
    const res = await fetch(`${base}/wecom/form?t=${token}`, {
      method: 'POST',
      body: 'f%3Aoutcome=won&f%3Alines=gateway&f%3Anotes=++',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    const [row] = await inbox();
    expect((JSON.parse(row?.payload ?? '{}') as Interaction).values).toEqual({ outcome: 'won', lines: ['gateway'] });
  });

  it('refuses a body over 64 KB with a page and records nothing', async () => {
    const res = await post([['t', tokenFor()], ['f:outcome', 'won'], ['f:notes', 'x'.repeat(FORM_BODY_LIMIT)]]);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('内容过长 / Too much text');
    expect(await inbox()).toHaveLength(0);
  });

  it('shows a card without a form read-only; posting to it is a 404', async () => {
    const plain: Card = { key: 'lead:L-1', version: 1, title: '新线索 <L-1>', text: '第一行\n第二行' };
    await insertOutboxRow(db.kysely, {
      id: 'plain:1',
      channel: 'wecom',
      personId: 'lilei',
      recipient: USER,
      op: 'send',
      cardKey: plain.key,
      message: { kind: 'card', card: plain },
      now: NOW,
    });
    const token = tokenFor({ outboxId: 'plain:1' });
    const res = await get(token);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('新线索 &lt;L-1&gt;');
    expect(html).not.toContain('<form');
    expect((await post([['t', token]])).status).toBe(404);
  });

  it('is wired into the WeCom channel: a delivered too-rich form links to a page the channel serves', async () => {
    const fake = await startFakeWecom({ corpId: CORP, secret: APP_SECRET, agentId: 1000002 });
    try {
      await new Promise((resolve) => server?.close(resolve));
      const channel = createWecomChannel({
        corpId: CORP,
        agentId: 1000002,
        secret: APP_SECRET,
        token: 'tok',
        encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
        apiBase: fake.url,
        publicBaseUrl: BASE_URL,
        db: db.kysely,
        sink: createInboundSink(db.kysely, () => {}),
        log,
        now: () => clock,
      });
      expect(channel.routes().map((r) => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining(['GET /wecom/form', 'POST /wecom/form', 'POST /wecom/callback']),
      );
      await serve(channel.routes());
      await channel.deliver(item());
      const [sent] = fake.sent();
      const tc = sent?.template_card as { card_type: string; card_action: { url: string } };
      expect(tc.card_type).toBe('text_notice');
      const link = new URL(tc.card_action.url);
      expect(link.origin).toBe(BASE_URL);
      const res = await fetch(`${base}${link.pathname}${link.search}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('name="f:notes"');
    } finally {
      await fake.close();
    }
  });
});
