/** `/closeloop ooo` over the console: booking, every refusal storing nothing, list, cancel, routing around it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { demoLead, eventually, postLead, startApp, type RunningApp } from '../support/app-harness.ts';
import { consoleClient, textsOf } from '../support/console-client.ts';
import { LOCAL_DEMO_API_TOKEN } from '../../src/app.ts';

/** Monday 2026-11-30 10:00 in Shanghai. */
const MONDAY_10 = Date.parse('2026-11-30T10:00:00+08:00');

describe.each(testDatabases)('chat: ooo on $name', (kind) => {
  let t: RunningApp;
  let c: ReturnType<typeof consoleClient>;
  const seen = new Set<string>();
  /** The one new text reply to this person (with a fixed clock the feed's order ties, so go by item id). */
  const next = async (person: string) => {
    const fresh = await eventually(async () => {
      const items = (await c.feed(person)).filter((i) => i.view.kind === 'text' && !seen.has(i.id));
      return items.length ? items : undefined;
    });
    expect(fresh).toHaveLength(1);
    seen.add(fresh[0]!.id);
    return textsOf(fresh)[0]!;
  };
  const say = async (person: string, text: string) => {
    await c.command(person, text);
    return next(person);
  };
  const bookings = (person: string) =>
    t.app.db.kysely.selectFrom('time_off').select(['first_day', 'last_day', 'cancelled_at']).where('person_id', '=', person).orderBy('first_day').execute();

  beforeAll(async () => {
    t = await startApp(kind, {}, { now: () => MONDAY_10 });
    c = consoleClient(t.url);
  });
  afterAll(async () => t.stop());

  it('books time off and refuses, storing nothing, what is malformed, reversed, past, too long or overlapping', async () => {
    expect(await say('zhang-wei', 'ooo 12-01..12-05')).toBe('已登记休假 12-01..12-05（5 天）。期间不会给你分配新线索；发送 ooo cancel 可取消。');
    expect(await say('zhang-wei', 'ooo 12-03..12-06')).toBe('与已登记的 12-01..12-05 重叠。发送 ooo list 查看，ooo cancel 取消。');
    expect(await say('zhang-wei', 'ooo 11-20')).toBe('11-20 已经过去，只能登记今天及以后的休假。如指明年，请写 2027-11-20。');
    expect(await say('zhang-wei', 'ooo 2026-12-10..2026-12-08')).toBe('结束日期 2026-12-08 早于开始日期 2026-12-10。');
    expect(await say('zhang-wei', 'ooo 12-10..02-15')).toBe('休假一次最长 60 天，这次是 68 天，请分段登记。');
    expect(await say('zhang-wei', 'ooo 13-01')).toBe('13-01 不是有效日期。');
    expect(await say('zhang-wei', 'ooo next week')).toMatch(/^看不懂「next week」。用法：ooo 12-01..12-05/);
    expect(await say('zhang-wei', 'ooo')).toMatch(/^用法：ooo 12-01..12-05/);
    expect(await bookings('zhang-wei')).toEqual([{ first_day: '2026-12-01', last_day: '2026-12-05', cancelled_at: null }]);

    expect(await say('zhang-wei', 'ooo 12-24')).toMatch(/^已登记休假 12-24（1 天）/);
    expect(await say('zhang-wei', 'ooo list')).toBe('你登记的休假：\n• 12-01..12-05\n• 12-24');
    expect(await say('zhang-wei', 'ooo cancel')).toBe('已取消 2 段休假，新线索会照常分配给你。');
    expect((await bookings('zhang-wei')).every((b) => b.cancelled_at !== null)).toBe(true);
    expect(await say('zhang-wei', 'ooo list')).toMatch(/^你没有登记中的休假。/);
    expect(await say('zhang-wei', 'ooo cancel')).toBe('没有可取消的休假。');
  });

  it('routes a lead around the person on time off, and says why', async () => {
    expect(await say('zhang-wei', '休假 11-30..12-02')).toMatch(/^已登记休假 11-30..12-02（3 天）/);
    const posted = await postLead(t.url, LOCAL_DEMO_API_TOKEN, demoLead);
    expect(posted.status).toBe(201);
    const owner = (posted.body.assignee as { id: string }).id;
    // Without the time off 张伟 gets this lead (see the console flow test); now someone on the route does.
    expect(owner).not.toBe('zhang-wei');
    expect(t.company.people.find((p) => p.id === owner)?.team).toBe('tech-sales');
    const id = String(posted.body.id);
    await c.click(owner, 'lead.why', id, `lead:${id}`);
    const why = await eventually(async () => textsOf(await c.feed(owner)).find((x) => x.includes('为什么分给')));
    expect(why).toContain('张伟休假中');

    // After cancelling, 张伟 is a candidate again.
    expect(await say('zhang-wei', 'ooo cancel')).toBe('已取消 1 段休假，新线索会照常分配给你。');
    const again = await postLead(t.url, LOCAL_DEMO_API_TOKEN, { ...demoLead, company: '另一所中学' });
    const row = await t.app.db.kysely.selectFrom('lead_assignments').select('explanation').where('lead_id', '=', String(again.body.id)).executeTakeFirstOrThrow();
    expect(row.explanation).not.toContain('time_off');
  });

  it('answers in English, with full dates accepted', async () => {
    expect(await say('chen-jie', 'ooo 2026-12-01..2026-12-05')).toBe('Time off 12-01..12-05 (5 days) is booked. No new leads go to you then; send ooo cancel to undo.');
    expect(await say('chen-jie', 'ooo 12-05')).toBe('Overlaps your time off 12-01..12-05. Send ooo list to see it, ooo cancel to cancel it.');
  });
});
