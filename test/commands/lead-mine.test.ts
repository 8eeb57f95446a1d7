/** `/lead mine` over the console: open and recent leads, their state and SLA deadline, 查看 buttons. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { demoLead, eventually, postLead, startApp, type RunningApp } from '../support/app-harness.ts';
import { consoleClient, textsOf, type FeedItem } from '../support/console-client.ts';
import { LOCAL_DEMO_API_TOKEN } from '../../src/app.ts';
import { loadCompany } from '../../src/config/company.ts';
import { dueText } from '../../commands/lead-mine.ts';

/** Monday 2026-11-30 10:00 in Shanghai: a working day, so the SLA deadlines are easy to read. */
const MONDAY_10 = Date.parse('2026-11-30T10:00:00+08:00');

/** The demo company with education leads going to 张伟 alone, so one person holds them all. */
function oneRepCompany() {
  const company = structuredClone(loadCompany('examples/company.yaml'));
  const route = company.leads.routes[0]!;
  route.to = { people: ['zhang-wei'] };
  route.weights = {};
  return company;
}

describe('dueText', () => {
  it('shows the time today and the date otherwise, in the company zone', () => {
    expect(dueText(Date.parse('2026-11-30T12:00:00+08:00'), MONDAY_10, 'Asia/Shanghai')).toBe('12:00');
    expect(dueText(Date.parse('2026-12-02T16:00:00+08:00'), MONDAY_10, 'Asia/Shanghai')).toBe('12-02 16:00');
    // 23:30 UTC on the 29th is already the 30th in Shanghai.
    expect(dueText(Date.parse('2026-11-29T23:30:00Z'), MONDAY_10, 'Asia/Shanghai')).toBe('07:30');
  });
});

describe.each(testDatabases)('chat: lead mine on $name', (kind) => {
  let t: RunningApp;
  let c: ReturnType<typeof consoleClient>;
  const listsOf = (items: FeedItem[]) => items.flatMap((i) => (i.view.kind === 'card' && i.view.key.startsWith('lead-list:') ? [i.view] : []));

  beforeAll(async () => {
    t = await startApp(kind, {}, { company: oneRepCompany(), now: () => MONDAY_10 });
    c = consoleClient(t.url);
  });
  afterAll(async () => t.stop());

  it('lists open leads with their state and deadline, then recently contacted ones, each with 查看', async () => {
    const ids: string[] = [];
    for (const company of ['甲中学', '乙中学', '丙中学']) {
      const posted = await postLead(t.url, LOCAL_DEMO_API_TOKEN, { ...demoLead, company });
      expect((posted.body.assignee as { id: string }).id).toBe('zhang-wei');
      ids.push(String(posted.body.id));
    }
    const [open, accepted, touched] = ids as [string, string, string];
    // A lead of someone else never shows.
    const other = await postLead(t.url, LOCAL_DEMO_API_TOKEN, { ...demoLead, industry: 'retail', contactTitle: '采购', budget: 1000 });
    expect((other.body.assignee as { id: string }).id).not.toBe('zhang-wei');

    await c.click('zhang-wei', 'lead.accept', accepted, `lead:${accepted}`);
    await c.click('zhang-wei', 'lead.touch', `${touched}|phone`, `lead:${touched}`);
    await eventually(async () => (await t.app.db.kysely.selectFrom('leads').select('id').where('first_touch_at', 'is not', null).execute()).length === 1);
    await eventually(async () => (await t.app.db.kysely.selectFrom('leads').select('id').where('status', '=', 'accepted').execute()).length === 2);

    await c.command('zhang-wei', 'lead mine');
    const [card] = await eventually(async () => {
      const lists = listsOf(await c.feed('zhang-wei'));
      return lists.length ? lists : undefined;
    });
    expect(card!.title).toBe('我的线索');
    expect(card!.subtitle).toBe('待跟进 2 条 · 近 7 天已联系 1 条');
    // Not accepted: level 1 (accept within 2 h) is next; accepted: reclaim after 24 business hours.
    expect(card!.fields).toEqual([
      { label: `${open} 甲中学`, value: '待接收 · 截止 12:00' },
      { label: `${accepted} 乙中学`, value: '已接收 · 截止 12-02 16:00' },
      { label: `${touched} 丙中学`, value: '已联系' },
    ]);
    expect(card!.buttons.map((b) => [b.actionId, b.value, b.label])).toEqual([
      ['lead.view', open, `查看 ${open}`],
      ['lead.view', accepted, `查看 ${accepted}`],
      ['lead.view', touched, `查看 ${touched}`],
    ]);

    // 查看 shows a read-only copy of the lead card.
    await c.click('zhang-wei', 'lead.view', accepted, card!.key);
    const view = await eventually(async () => (await c.feed('zhang-wei')).find((i) => i.cardKey?.startsWith(`lead:${accepted}:view:`)));
    expect(view.view.kind === 'card' && view.view.buttons).toEqual([]);
  });

  it('says so when there is nothing to list', async () => {
    await c.command('zheng-hui', 'lead mine');
    expect(await eventually(async () => textsOf(await c.feed('zheng-hui')).find((x) => x.includes('没有')))).toBe('你目前没有待跟进的线索，近 7 天也没有已联系的线索。');
  });

  it('works with the Chinese subcommand and in English', async () => {
    await c.command('chen-jie', '线索 我的');
    expect(await eventually(async () => textsOf(await c.feed('chen-jie')).find((x) => x.includes('open leads')))).toBe(
      'You have no open leads and none contacted in the last 7 days.',
    );
  });
});
