/** The console page in headless Chromium: see a card, click it into the inbox, watch it update in place. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { Card } from '../../../cards/card.ts';
import type { OutboundItem } from '../../../src/channels/channel.ts';
import { createConsoleChannel } from '../../../src/channels/console/index.ts';
import { loadCompany } from '../../../src/config/company.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import { createLogger } from '../../../src/log.ts';
import { createInboundSink } from '../../../src/services/inbound.ts';
import { openTestDb, testDatabases } from '../../support/databases.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`console.browser.test: skipped — ${CHROMIUM} not found (apt-get install chromium; CI installs it)`);

const card: Card = {
  key: 'lead:L-1001',
  version: 1,
  title: '新线索：复旦大学附属中学',
  subtitle: '线索 L-1001 · 请尽快接收',
  tone: 'info',
  fields: [
    { label: '联系人', value: '王老师 · 信息中心主任' },
    { label: '行业', value: 'education' },
    { label: '预算', value: '¥50万' },
  ],
  actions: [
    { actionId: 'lead.accept', label: '接收', value: 'L-1001', style: 'primary' },
    { actionId: 'lead.decline', label: '不是我的', value: 'L-1001' },
  ],
};

function outbound(id: string, op: 'send' | 'update', c: Card): OutboundItem {
  return { id, channel: 'console', personId: 'zhang-wei', recipient: 'zhang-wei', op, cardKey: c.key, message: { kind: 'card', card: c }, ref: null };
}

describe.skipIf(!hasChromium)('console page in Chromium', () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let server: Server;
  let browser: Browser;
  let base: string;
  let channel: ReturnType<typeof createConsoleChannel>;
  const leadsPosted: unknown[] = [];
  const inbox = () => t.db.kysely.selectFrom('inbox').selectAll().orderBy('received_at').orderBy('id').execute();

  beforeAll(async () => {
    t = await openTestDb(testDatabases[0]!);
    const log = createLogger({ level: 'silent', pretty: false });
    const sink = createInboundSink(t.db.kysely, () => {});
    const newLead = async (input: unknown) => {
      leadsPosted.push(input);
      return { status: 201, body: { id: 'L-2001', assignee: { id: 'zhang-wei', name: '张伟' } } };
    };
    channel = createConsoleChannel({ db: t.db.kysely, company: loadCompany('examples/company.yaml'), sink, log, newLead });
    server = createHttpServer(channel.routes(), log);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.cleanup();
  });

  it('shows the card, posts the click to the inbox and updates the card in place', async () => {
    await channel.deliver(outbound('lead-assigned:L-1001:v1:console:zhang-wei', 'send', card));
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    await page.goto(`${base}/console`);
    await page.locator('[data-person="zhang-wei"]').click();
    const cardEl = page.locator('article.card[data-card-key="lead:L-1001"]');
    await expect.poll(() => cardEl.locator('.card-title').textContent()).toBe(card.title);
    expect(await cardEl.locator('dt').allTextContents()).toEqual(['联系人', '行业', '预算']);
    expect(await cardEl.locator('dd').allTextContents()).toContain('¥50万');
    expect(await page.locator('#command-text').getAttribute('placeholder')).toBe('输入命令，例如 help');

    await cardEl.locator('button', { hasText: '接收' }).click();
    await expect.poll(async () => (await inbox()).length).toBe(1);
    const [row] = await inbox();
    expect(row).toMatchObject({ channel: 'console', kind: 'action', user_id: 'zhang-wei' });
    expect(JSON.parse(row!.payload)).toMatchObject({ actionId: 'lead.accept', value: 'L-1001', cardKey: 'lead:L-1001', userId: 'zhang-wei' });

    const status = '已接收 · 张伟 · 10:42';
    await channel.deliver(outbound('lead-accepted:L-1001:v2:console:zhang-wei', 'update', { ...card, version: 2, tone: 'success', actions: undefined, status }));
    await expect.poll(() => cardEl.locator('.status').textContent(), { timeout: 5000 }).toContain(status);
    expect(await cardEl.locator('button').count()).toBe(0);
    expect(await page.locator('article.card').count()).toBe(1);
    expect(await cardEl.textContent()).not.toContain('null');

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/console.png' });
    expect(errors).toEqual([]);
  });

  it('submits a form card and a typed command to the inbox', async () => {
    const before = (await inbox()).length;
    const form: Card = {
      key: 'visit:V-1',
      version: 1,
      title: '拜访记录',
      form: {
        inputs: [
          { kind: 'select', id: 'stage', label: '当前阶段', required: true, options: [{ value: 'qualified', label: '已确认需求' }, { value: 'negotiation', label: '商务谈判' }] },
          { kind: 'multiselect', id: 'pains', label: '客户痛点', max: 2, options: [{ value: 'budget_tight', label: '预算紧张' }, { value: 'delivery_delay', label: '交付延迟' }, { value: 'training_lacking', label: '培训不足' }] },
          { kind: 'text', id: 'notes', label: '纪要', multiline: true },
        ],
        submit: { actionId: 'visit.submit', label: '提交', value: 'V-1' },
      },
    };
    await channel.deliver({ ...outbound('visit-form:V-1:console:li-na', 'send', form), personId: 'li-na', recipient: 'li-na' });
    const page = await browser.newPage();
    await page.goto(`${base}/console#li-na`);
    const cardEl = page.locator('article.card[data-card-key="visit:V-1"]');
    await cardEl.locator('select[name="stage"]').selectOption('negotiation');
    for (const label of ['预算紧张', '交付延迟', '培训不足']) await cardEl.getByLabel(label).click();
    // `max: 2` holds while clicking: the third box springs back.
    expect(await cardEl.locator('input[type=checkbox]:checked').count()).toBe(2);
    await cardEl.locator('textarea[name="notes"]').fill('客户担心交付周期');
    await cardEl.locator('button[type=submit]').click();
    await expect.poll(async () => (await inbox()).length).toBe(before + 1);
    expect(JSON.parse((await inbox()).at(-1)!.payload)).toMatchObject({
      userId: 'li-na', actionId: 'visit.submit', value: 'V-1', cardKey: 'visit:V-1',
      values: { stage: 'negotiation', pains: ['budget_tight', 'delivery_delay'], notes: '客户担心交付周期' },
    });

    await page.locator('#command-text').fill('/help');
    await page.locator('#command-text').press('Enter');
    await expect.poll(async () => (await inbox()).length).toBe(before + 2);
    expect(JSON.parse((await inbox()).at(-1)!.payload)).toMatchObject({ kind: 'command', text: 'help', userId: 'li-na' });
    await expect.poll(() => page.locator('.item.out .item-meta').textContent()).toContain('已发送');
  });

  it('shows a date input and pre-filled text, and posts the day as YYYY-MM-DD', async () => {
    const before = (await inbox()).length;
    const form: Card = {
      key: 'visit:V-2',
      version: 1,
      title: '修改拜访记录',
      form: {
        inputs: [
          { kind: 'date', id: 'visitedOn', label: '拜访日期', initial: '2026-12-03', min: '2026-01-01', required: true },
          { kind: 'text', id: 'summary', label: '纪要', multiline: true, initial: '王总关注网关' },
          { kind: 'text', id: 'contact', label: '对接人', initial: '王芳' },
        ],
        submit: { actionId: 'visit.edit', label: '保存', value: 'V-2' },
      },
    };
    await channel.deliver({ ...outbound('visit-edit:V-2:console:li-na', 'send', form), personId: 'li-na', recipient: 'li-na' });
    const page = await browser.newPage();
    await page.goto(`${base}/console#li-na`);
    const cardEl = page.locator('article.card[data-card-key="visit:V-2"]');
    const date = cardEl.locator('input[type=date][name="visitedOn"]');
    expect(await date.inputValue()).toBe('2026-12-03');
    expect(await date.getAttribute('min')).toBe('2026-01-01');
    expect(await cardEl.locator('textarea[name="summary"]').inputValue()).toBe('王总关注网关');
    expect(await cardEl.locator('input[name="contact"]').inputValue()).toBe('王芳');
    await date.fill('2026-12-04');
    await cardEl.locator('button[type=submit]').click();
    await expect.poll(async () => (await inbox()).length).toBe(before + 1);
    expect(JSON.parse((await inbox()).at(-1)!.payload)).toMatchObject({
      actionId: 'visit.edit', value: 'V-2', values: { visitedOn: '2026-12-04', summary: '王总关注网关', contact: '王芳' },
    });
  });

  it('posts the New-lead form and shows the empty-feed hint in the person’s language', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/console#chen-jie`);
    await expect.poll(() => page.locator('.hint').textContent()).toContain('No cards yet');
    await page.locator('#new-lead', { hasText: 'New lead' }).click();
    await page.locator('#lead-submit').click();
    await expect.poll(() => page.locator('#banner').textContent()).toBe('Lead L-2001 created, assigned to 张伟');
    expect(leadsPosted).toEqual([
      {
        company: '复旦大学附属中学', contactName: '王老师', contactTitle: '信息中心主任', industry: 'education', budget: 500000,
        websiteDwellSeconds: 420, decisionChainSize: 4, interactionCount: 3, source: 'website',
      },
    ]);
  });

  it('says what a card left out over the limits, in the person’s language', async () => {
    const big: Card = {
      key: 'report:R-30',
      version: 1,
      title: '线索周报',
      fields: Array.from({ length: 30 }, (_, i) => ({ label: `字段${i + 1}`, value: `${i + 1}` })),
      links: Array.from({ length: 11 }, (_, i) => ({ label: `附件 ${i + 1}`, url: `https://ops.example.com/f/${i + 1}` })),
      actions: Array.from({ length: 22 }, (_, i) => ({ actionId: 'deal.stage', label: `阶段 ${i + 1}`, value: `s${i + 1}` })),
    };
    for (const [person, line] of [
      ['zhang-wei', '… 还有 5 个字段、1 个链接、2 个按钮未显示'],
      ['chen-jie', '… 5 more fields, 1 more link, 2 more buttons not shown'],
    ] as const) {
      await channel.deliver({ ...outbound(`report:R-30:console:${person}`, 'send', big), personId: person, recipient: person });
      const page = await browser.newPage();
      await page.goto(`${base}/console#${person}`);
      const cardEl = page.locator('article.card[data-card-key="report:R-30"]');
      await expect.poll(() => cardEl.locator('.omitted').textContent()).toBe(line);
      expect(await cardEl.locator('dt').count()).toBe(25);
      await page.close();
    }
  });
});
