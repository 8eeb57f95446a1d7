/**
 * `/lead stats` on the console, over leads that really went through the app: one touched in
 * time, one reminded and reclaimed after its 72 hours, one still pending; plus who may ask what.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { demoLead, eventually, postLead, startApp, type RunningApp } from '../support/app-harness.ts';
import { consoleClient, textsOf, type FeedItem } from '../support/console-client.ts';
import { LOCAL_DEMO_API_TOKEN } from '../../src/app.ts';

/** Monday 09:30 in Shanghai, a working day; +80 h is Thursday 17:30, still inside working hours. */
const T0 = Date.parse('2026-03-02T09:30:00+08:00');
const H = 3_600_000;

function statsCards(items: FeedItem[]) {
  return items.flatMap((i) => (i.view.kind === 'card' && i.view.key.startsWith('lead-stats:') ? [i.view] : []));
}

describe.each(testDatabases)('console: lead stats on $name', (kind) => {
  let t: RunningApp;
  let c: ReturnType<typeof consoleClient>;
  let clock = T0;
  const ids: Record<'touched' | 'reclaimed' | 'pending', string> = { touched: '', reclaimed: '', pending: '' };

  /** Sends a command and waits for the reply that `pick` finds among the person's new items. */
  async function ask<T>(person: string, text: string, pick: (fresh: FeedItem[]) => T | undefined): Promise<T> {
    const before = new Set((await c.feed(person)).map((i) => i.id));
    expect((await c.command(person, text)).status).toBe(202);
    return eventually(async () => pick((await c.feed(person)).filter((i) => !before.has(i.id))));
  }
  const askCard = (person: string, text: string) => ask(person, text, (fresh) => statsCards(fresh)[0]);
  const askText = (person: string, text: string, like: RegExp) => ask(person, text, (fresh) => textsOf(fresh).find((x) => like.test(x)));

  beforeAll(async () => {
    t = await startApp(kind, {}, { now: () => clock });
    c = consoleClient(t.url);
    const post = async (company: string) => {
      const r = await postLead(t.url, LOCAL_DEMO_API_TOKEN, { ...demoLead, company });
      expect(r.status).toBe(201);
      return { id: String(r.body.id), owner: (r.body.assignee as { id: string }).id };
    };
    const reclaimed = await post('上海市实验中学');
    const touched = await post('杭州市第二中学');
    ids.reclaimed = reclaimed.id;
    ids.touched = touched.id;

    // Touched 30 minutes after the first assignment.
    clock = T0 + 0.5 * H;
    await c.click(touched.owner, 'lead.touch', `${touched.id}|phone`);
    await eventually(async () => {
      const r = await t.app.db.kysely.selectFrom('leads').select('first_touch_at').where('id', '=', touched.id).executeTakeFirstOrThrow();
      return r.first_touch_at !== null;
    });

    // 80 hours on, nobody touched the first one: level 1 fired, then the reclaim.
    clock = T0 + 80 * H;
    await eventually(async () => {
      const a = await t.app.db.kysely.selectFrom('lead_assignments').select('end_reason').where('lead_id', '=', reclaimed.id).where('seq', '=', 1).executeTakeFirstOrThrow();
      return a.end_reason === 'reclaimed';
    });
    ids.pending = (await post('苏州工业园区实验小学')).id;
    await eventually(async () => {
      await t.app.idle();
      return !(await t.app.db.kysely.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).executeTakeFirst());
    });
  });
  afterAll(async () => t.stop());

  it('shows a manager the 72-hour rate, medians, and the rep and team that breached', async () => {
    const card = await askCard('lin-xue', 'lead stats');
    expect(card.title).toBe('线索指标 · 全公司 · 近30天');
    // The reclaimed lead counts against its first team and rep, not the rep who got it after 72 h.
    expect(card.subtitle).toBe('72小时首触率 50% (1/2)，进行中 1');
    expect(card.fields).toEqual([
      { label: '72小时首触率', value: '50% (1/2)' },
      { label: '进行中', value: '1' },
      { label: '接收用时中位', value: '30分钟' },
      { label: '首触用时中位', value: '30分钟' },
      { label: '一级超时提醒', value: '1' },
      { label: '收回', value: '1' },
    ]);
    const lines = card.text!.split('\n');
    expect(lines.slice(0, 3)).toEqual(['按人（最差在前）：', '1. 张伟：超72小时未联系 1，被收回 1，一级提醒 1', '']);
    expect(lines.slice(3)).toEqual(['按团队：', '技术方案销售组：72小时首触率 50% (1/2)，进行中 1；被收回 1，一级提醒 1']);
    expect(card.tone).toBe('urgent');
  });

  it('gives reps their own team in their language, and refuses other teams', async () => {
    const en = await askCard('chen-jie', 'lead stats');
    expect(en.title).toBe('Lead metrics · Technical solutions · last 30 days');
    expect(en.subtitle).toBe('72-hour first-touch rate 50% (1/2), 1 pending');
    expect(en.text).toContain('1. 张伟: 72h breaches 1, reclaimed 1, level-1 reminders 1');
    expect(en.text).not.toContain('By team:');

    expect(await askText('zhang-wei', 'lead stats key-accounts', /只有/)).toMatch(/^只有主管、经理和管理员可以查看其他团队的线索指标/);
    expect(await askText('zhang-wei', 'lead stats all', /只有/)).toMatch(/^只有主管、经理和管理员/);
    const own = await askCard('zhang-wei', 'lead stats 技术方案销售组 7');
    expect(own.title).toBe('线索指标 · 技术方案销售组 · 近7天');
  });

  it('lets a supervisor look at another team by name, and a window that holds nothing', async () => {
    const ka = await askCard('zhao-min', 'lead stats Technical solutions');
    expect(ka.subtitle).toBe('72小时首触率 50% (1/2)，进行中 1');
    // Three days back from Thursday 17:30 only reaches the lead posted just now.
    const recent = await askCard('zhao-min', 'lead stats 3 tech-sales');
    expect(recent.subtitle).toBe('72小时首触率 — (0/0)，进行中 1');
    expect(recent.fields.find((f) => f.label === '接收用时中位')?.value).toBe('—');
    const none = await askCard('zhao-min', 'lead stats 1 key-accounts');
    expect(none.text).toBe('按人（最差在前）：\n无超时、收回或退回。');
  });

  it('answers bad arguments with the usage', async () => {
    for (const bad of ['lead stats nowhere', 'lead stats 0', 'lead stats 366', 'lead stats 7 30']) {
      expect(await askText('lin-xue', bad, /用法/)).toMatch(/^用法：lead stats \[团队\] \[天数\]\n团队：tech-sales \| key-accounts \| inside-sales/);
    }
    const rows = await t.app.db.kysely.selectFrom('leads').select('id').execute();
    expect(rows.map((r) => r.id).sort()).toEqual(Object.values(ids).sort());
  });
});
