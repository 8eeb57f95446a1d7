/**
 * The visit story in headless Chromium on the real app: 张伟 qualifies the README's lead on
 * the console page, types the README's note into the command box, sees the confirmation card,
 * taps 修改 and gets the form pre-filled, then confirms; the deal card shows the visit.
 * Screenshots go to test-results/ (docs/visit-*.png are copies of them).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testDatabases } from '../support/databases.ts';
import { demoLead, eventually, postLead, startApp, type RunningApp } from '../support/app-harness.ts';
import { LOCAL_DEMO_API_TOKEN } from '../../src/app.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const NOTE = '拜访 上海市实验中学：信息中心主任说机房服务器去年宕机五次，每次停两天；他们现在用的是华为的方案，合同明年到期；下周三要我们带工程师过来做技术交流。';

describe.skipIf(!hasChromium)('console page: the visit story in Chromium', () => {
  let t: RunningApp;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    t = await startApp(testDatabases[0]!);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    page = await browser.newPage({ viewport: { width: 1100, height: 1700 } });
    mkdirSync('test-results', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  const card = (keyPrefix: string) => page.locator(`article.card[data-card-key^="${keyPrefix}"]`);
  const type = async (text: string) => {
    await page.locator('#command-text').fill(text);
    await page.locator('#command-text').press('Enter');
  };

  it('qualify → note → confirmation card → 修改 pre-filled → 确认 → deal card', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const posted = await postLead(t.url, LOCAL_DEMO_API_TOKEN, demoLead);
    const leadId = String(posted.body.id);
    await page.goto(`${t.url}/console#zhang-wei`);
    const lead = page.locator(`article.card[data-card-key="lead:${leadId}"]`);
    await lead.locator('button', { hasText: '接收' }).click();
    await expect.poll(() => lead.locator('button', { hasText: '转为商机' }).count(), { timeout: 5000 }).toBe(1);
    await lead.locator('button', { hasText: '转为商机' }).click();
    await expect.poll(() => card('deal:D-').count(), { timeout: 5000 }).toBeGreaterThan(0);
    expect(await card('deal:D-').first().textContent()).toContain('初步合格');

    await type(NOTE);
    const confirm = card('visit-draft:');
    await expect.poll(() => confirm.count(), { timeout: 5000 }).toBe(1);
    const text = (await confirm.textContent()) ?? '';
    expect(text).toContain('设备故障率高');
    expect(text).toContain('5 次 / 2 天');
    expect(text).toContain('华为 · 在用');
    expect(text).toMatch(/技术交流 · 截止 \d{4}-\d{2}-\d{2}/);
    await confirm.scrollIntoViewIfNeeded();
    await confirm.screenshot({ path: 'test-results/visit-confirm.png' });

    await confirm.locator('button', { hasText: '修改' }).click();
    const form = card('visit-form:VD-');
    await expect.poll(() => form.count(), { timeout: 5000 }).toBe(1);
    expect(await form.locator('select[name="competitor_1"]').inputValue()).toBe('huawei');
    expect(await form.locator('select[name="stance_1"]').inputValue()).toBe('incumbent');
    expect(await form.locator('select[name="action"]').inputValue()).toBe('tech_exchange');
    expect(await form.locator('input[type=date][name="due"]').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await form.scrollIntoViewIfNeeded();
    await form.screenshot({ path: 'test-results/visit-form.png' });

    await confirm.locator('button', { hasText: '确认' }).click();
    await expect.poll(() => confirm.locator('.status').textContent(), { timeout: 5000 }).toMatch(/已确认 · 拜访 V-\d+/);
    await type('deal 上海市实验中学');
    await expect.poll(async () => (await card('deal:D-').last().textContent()) ?? '', { timeout: 5000 }).toContain('华为 · 在用');
    const deal = card('deal:D-').last();
    await deal.scrollIntoViewIfNeeded();
    await deal.screenshot({ path: 'test-results/deal-card.png' });
    expect(errors).toEqual([]);
    const visits = await eventually(async () => {
      const rows = await t.app.db.kysely.selectFrom('visits').selectAll().execute();
      return rows.length ? rows : undefined;
    });
    expect(visits).toMatchObject([{ stage: 'qualified', via: 'note' }]);
  });
});
