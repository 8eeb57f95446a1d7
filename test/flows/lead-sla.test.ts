/**
 * The lead SLA ladder end to end on the console, driven by a test clock: level 1 (reminder to
 * the rep, copy to the supervisor), the warning, the reclaim with its fresh ladder, accept and
 * first touch stopping the clock, stale cards, 不是我的 restarting the ladder, and crashes
 * between a timer's claim and the message's delivery.
 * @module
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDb, testDatabases, type TestDatabase } from '../support/databases.ts';
import { demoLead, eventually, postLead, startApp } from '../support/app-harness.ts';
import { cardOf, consoleClient, textsOf, type FeedItem } from '../support/console-client.ts';
import { FAST_MS, fastSlaCompany } from '../support/sla-company.ts';
import { createApp, LOCAL_DEMO_API_TOKEN, type App } from '../../src/app.ts';
import { parseEnv } from '../../src/config/env.ts';
import { createLogger } from '../../src/log.ts';
import { addTimeOff } from '../../src/store/time-off.ts';
import type { Db } from '../../db/connect.ts';

const company = fastSlaCompany();
/** A Tuesday, 10:00 in Shanghai; the calendar is 24×7, so only the offsets matter. */
const BASE = Date.parse('2026-03-03T10:00:00+08:00');
const TODAY = '2026-03-03';
const LEAD_BUTTONS = ['lead.accept', 'lead.contacted', 'lead.why', 'lead.decline'];

function testClock() {
  let offset = 0;
  return {
    now: () => BASE + offset,
    set: (ms: number) => {
      offset = ms;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const countOf = (items: FeedItem[], key: string) => items.filter((i) => i.cardKey === key).length;
const keys = (id: string, seq: number) => ({
  card: `lead:${id}`,
  remind: `lead-remind:${id}:a${seq}`,
  copy: `lead-escalation:${id}:a${seq}`,
  warn: `lead-warn:${id}:a${seq}`,
});

/**
 * 王强 supervises the technical team and is also one of its reps. Putting him on leave makes the
 * demo lead go to 张伟 and, once 张伟 is excluded, to 李娜: two reps whose supervisor is someone else.
 */
async function supervisorOnLeave(db: Db, now: number) {
  await addTimeOff(db.kysely, { personId: 'wang-qiang', firstDay: TODAY, lastDay: TODAY }, now);
}

/** Waits until every started dispatch, every queued message and every due timer is finished. */
async function quiet(app: App, now: number) {
  await eventually(async () => {
    await app.idle();
    const q = app.db.kysely;
    const busy = await q.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).executeTakeFirst();
    const due = await q.selectFrom('timers').select('id').where('status', 'in', ['pending', 'claimed']).where('due_at', '<=', now).executeTakeFirst();
    return !busy && !due;
  });
}

async function leadRow(db: Db, id: string) {
  return db.kysely.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function timersOf(db: Db, id: string) {
  return db.kysely.selectFrom('timers').select(['id', 'status', 'due_at', 'attempts', 'claimed_by']).where('subject', '=', id).orderBy('id').execute();
}

async function timer(db: Db, id: string) {
  return db.kysely.selectFrom('timers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function assignments(db: Db, id: string) {
  return db.kysely.selectFrom('lead_assignments').select(['seq', 'owner_id', 'via', 'end_reason', 'ended_at']).where('lead_id', '=', id).orderBy('seq').execute();
}

async function remindRows(db: Db, id: string) {
  return db.kysely.selectFrom('outbox').select(['id', 'status']).where('id', 'like', `sla-remind%:${id}:a1:%`).orderBy('id').execute();
}

/** An app on an existing database, as a restarted process would open it. */
async function startOn(dbUrl: string, now: () => number) {
  const app = await createApp({
    env: parseEnv({ DATABASE_URL: dbUrl, LOG_LEVEL: 'silent' }),
    company,
    log: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', pretty: false }),
    now,
    pollMs: 20,
  });
  const { url } = await app.listen(0, '127.0.0.1');
  let stopped = false;
  return {
    app,
    url,
    c: consoleClient(url),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await app.stop();
    },
  };
}

describe.each(testDatabases)('lead SLA ladder on $name', (kind: TestDatabase) => {
  let cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const f of cleanups.reverse()) await f();
    cleanups = [];
  });

  async function begin() {
    const clock = testClock();
    const t = await startApp(kind, {}, { company, now: clock.now });
    cleanups.push(() => t.stop());
    await supervisorOnLeave(t.app.db, clock.now());
    return { t, app: t.app, db: t.app.db, c: consoleClient(t.url), clock };
  }

  async function newLead(url: string, c: ReturnType<typeof consoleClient>, body: Record<string, unknown> = demoLead) {
    const posted = await postLead(url, LOCAL_DEMO_API_TOKEN, body);
    expect(posted.status).toBe(201);
    const id = String(posted.body.id);
    expect((posted.body.assignee as { id: string }).id).toBe('zhang-wei');
    await eventually(async () => cardOf(await c.feed('zhang-wei'), `lead:${id}`));
    return id;
  }

  it('no accept: reminder to the rep and copy to the supervisor, once; no touch: warning, then reclaim with a fresh ladder', async () => {
    const { t, app, db, c, clock } = await begin();
    const id = await newLead(t.url, c);
    const k1 = keys(id, 1);

    // Level 1 is not due a second early.
    clock.set(FAST_MS.remind - 1_000);
    await quiet(app, clock.now());
    expect(cardOf(await c.feed('zhang-wei'), k1.remind)).toBeUndefined();

    clock.set(FAST_MS.remind);
    const reminder = await eventually(async () => cardOf(await c.feed('zhang-wei'), k1.remind));
    expect(reminder.tone).toBe('urgent');
    expect(reminder.title).toBe(`【紧急】线索 ${id} 已超过 90秒 未接收`);
    expect(reminder.buttons.map((b) => [b.label, b.actionId, b.value])).toEqual([
      ['接收', 'lead.accept', id],
      ['已联系', 'lead.contacted', id],
    ]);
    const copy = await eventually(async () => cardOf(await c.feed('wang-qiang'), k1.copy));
    expect(copy.title).toBe(`抄送：张伟 的线索 ${id} 超过 90秒 未接收`);
    expect(copy.buttons.map((b) => [b.label, b.actionId, b.value])).toEqual([['查看线索', 'lead.view', id]]);
    // The copy's button opens the lead for the supervisor (read-only, under its own key).
    await c.click('wang-qiang', 'lead.view', id, k1.copy);
    const view = await eventually(async () => (await c.feed('wang-qiang')).find((i) => i.cardKey?.startsWith(`lead:${id}:view:`)));
    expect(view.view.kind === 'card' && view.view.title).toBe(`新线索：${demoLead.company}`);

    // The clock moves on and the scheduler polls many times: still exactly one of each.
    clock.set(FAST_MS.remind + 60_000);
    await sleep(200);
    await quiet(app, clock.now());
    expect(countOf(await c.feed('zhang-wei'), k1.remind)).toBe(1);
    expect(countOf(await c.feed('wang-qiang'), k1.copy)).toBe(1);
    expect(await remindRows(db, id)).toHaveLength(2);
    expect(await timer(db, `sla:${id}:a1:remind`)).toMatchObject({ status: 'done', attempts: 1 });
    expect(cardOf(await c.feed('zhang-wei'), k1.warn)).toBeUndefined();

    // 75 % of the 10 minutes: the warning, with 已联系.
    clock.set(FAST_MS.warn);
    const warning = await eventually(async () => cardOf(await c.feed('zhang-wei'), k1.warn));
    expect(warning.title).toBe(`线索 ${id} 将在 2分钟30秒 后被收回`);
    expect(warning.buttons.map((b) => [b.label, b.actionId, b.value])).toEqual([['已联系', 'lead.contacted', id]]);
    await quiet(app, clock.now());

    // The rules changed since intake: the reclaim must re-tag the lead with the current ones.
    await db.kysely.updateTable('leads').set({ tags: JSON.stringify(['旧标签']), score: 1, rule_version: 'old-rules' }).where('id', '=', id).execute();
    const feedBefore = (await c.feed('zhang-wei')).length;

    clock.set(FAST_MS.reclaim);
    const row = await eventually(async () => {
      const r = await leadRow(db, id);
      return r.assignment_seq === 2 ? r : undefined;
    });
    expect(row.owner_id).not.toBe('zhang-wei');
    expect(row).toMatchObject({
      owner_id: 'li-na',
      status: 'assigned',
      score: 70,
      rule_version: app.deps.routing.rules.version,
      route_id: 'education-technical',
      assigned_at: BASE + FAST_MS.reclaim,
      first_touch_at: null,
    });
    expect(JSON.parse(row.tags)).toEqual(['高意向-需技术协同', '中潜力-需案例背书']);
    expect(await assignments(db, id)).toEqual([
      { seq: 1, owner_id: 'zhang-wei', via: 'route', end_reason: 'reclaimed', ended_at: BASE + FAST_MS.reclaim },
      { seq: 2, owner_id: 'li-na', via: 'reclaim', end_reason: null, ended_at: null },
    ]);

    const fresh = await eventually(async () => cardOf(await c.feed('li-na'), k1.card));
    expect(fresh.buttons.map((b) => b.actionId)).toEqual(LEAD_BUTTONS);
    expect(fresh.status).toBeUndefined();
    const old = await eventually(async () => {
      const v = cardOf(await c.feed('zhang-wei'), k1.card);
      return v?.status ? v : undefined;
    });
    expect(old.status).toBe('已收回 · 转给 李娜 · 10:10');
    expect(old.buttons).toEqual([]);
    expect(countOf(await c.feed('zhang-wei'), k1.card)).toBe(1);
    expect(await eventually(async () => textsOf(await c.feed('zhang-wei')).find((x) => x.includes(id)))).toBe(
      `线索 ${id} 超时未联系，已被收回并改派给 李娜。`,
    );
    expect(await eventually(async () => textsOf(await c.feed('wang-qiang')).find((x) => x.includes(id)))).toBe(
      `张伟 未在时限内联系线索 ${id}，已收回并改派给 李娜。`,
    );

    // The new assignment runs its own ladder from the reclaim, one step at a time (each step
    // schedules the next as it fires); nothing of the old one is left.
    await quiet(app, clock.now());
    const at = BASE + FAST_MS.reclaim;
    expect((await timersOf(db, id)).map((x) => [x.id, x.status, x.id.includes(':a2:') ? x.due_at : null])).toEqual([
      [`sla:${id}:a1:reclaim`, 'done', null],
      [`sla:${id}:a1:remind`, 'done', null],
      [`sla:${id}:a1:warn`, 'done', null],
      [`sla:${id}:a2:remind`, 'pending', at + FAST_MS.remind],
    ]);
    const events = await db.kysely.selectFrom('audit_events').select('type').where('subject', '=', id).orderBy('at').orderBy('type').execute();
    expect(events.map((e) => e.type)).toEqual(['lead.assigned', 'lead.assigned', 'lead.reclaimed']);

    clock.set(FAST_MS.reclaim + FAST_MS.remind);
    const k2 = keys(id, 2);
    expect((await eventually(async () => cardOf(await c.feed('li-na'), k2.remind))).title).toBe(`【紧急】线索 ${id} 已超过 90秒 未接收`);
    expect((await eventually(async () => cardOf(await c.feed('wang-qiang'), k2.copy))).title).toBe(`抄送：李娜 的线索 ${id} 超过 90秒 未接收`);
    await quiet(app, clock.now());
    // The old owner hears nothing more: only the reclaim notice and the card update came after the warning.
    expect((await c.feed('zhang-wei')).length).toBe(feedBefore + 1);
  });

  it('accept cancels the reminder; 已联系 → 电话 stops the clock: no warning, no reclaim', async () => {
    const { t, app, db, c, clock } = await begin();
    const id = await newLead(t.url, c);
    const k = keys(id, 1);

    expect((await timersOf(db, id)).map((x) => [x.id, x.status])).toEqual([[`sla:${id}:a1:remind`, 'pending']]);
    await c.click('zhang-wei', 'lead.accept', id, k.card);
    await eventually(async () => (await leadRow(db, id)).status === 'accepted');
    // The reminder gives way to the next step in the same transaction.
    expect((await timersOf(db, id)).map((x) => [x.id, x.status, x.due_at])).toEqual([
      [`sla:${id}:a1:remind`, 'cancelled', BASE + FAST_MS.remind],
      [`sla:${id}:a1:warn`, 'pending', BASE + FAST_MS.warn],
    ]);

    clock.set(FAST_MS.remind + 10_000);
    await sleep(100);
    await quiet(app, clock.now());
    expect(cardOf(await c.feed('zhang-wei'), k.remind)).toBeUndefined();
    expect(cardOf(await c.feed('wang-qiang'), k.copy)).toBeUndefined();
    expect(await remindRows(db, id)).toEqual([]);

    // 已联系 asks for the channel; 电话 records the first touch.
    clock.set(FAST_MS.remind + 60_000);
    await c.click('zhang-wei', 'lead.contacted', id, k.card);
    const touchItem = await eventually(async () => (await c.feed('zhang-wei')).find((i) => i.cardKey?.startsWith(`lead-touch:${id}:`)));
    const touchCard = touchItem.view.kind === 'card' ? touchItem.view : undefined;
    expect(touchCard?.buttons.map((b) => [b.label, b.actionId, b.value])).toEqual([
      ['电话', 'lead.touch', `${id}|phone`],
      ['拜访', 'lead.touch', `${id}|visit`],
      ['微信', 'lead.touch', `${id}|wechat`],
      ['邮件', 'lead.touch', `${id}|email`],
    ]);
    await c.click('zhang-wei', 'lead.touch', `${id}|phone`, touchItem.cardKey ?? undefined);
    const touched = await eventually(async () => {
      const v = cardOf(await c.feed('zhang-wei'), k.card);
      return v?.status?.startsWith('已联系') ? v : undefined;
    });
    expect(touched.status).toBe('已联系（电话）· 张伟 · 10:02');
    // Once touched, the one thing left to do on the card is to qualify the lead.
    expect(touched.buttons.map((b) => b.actionId)).toEqual(['lead.qualify']);
    expect(await eventually(async () => textsOf(await c.feed('zhang-wei')).find((x) => x.startsWith('已记录')))).toBe(`已记录：电话联系了线索 ${id}，计时已停止。`);
    expect(await leadRow(db, id)).toMatchObject({ first_touch_by: 'zhang-wei', touch_channel: 'phone', first_touch_at: BASE + FAST_MS.remind + 60_000 });
    expect((await timersOf(db, id)).map((x) => [x.id, x.status])).toEqual([
      [`sla:${id}:a1:remind`, 'cancelled'],
      [`sla:${id}:a1:warn`, 'cancelled'],
    ]);

    clock.set(FAST_MS.reclaim + 60_000);
    await sleep(100);
    await quiet(app, clock.now());
    expect(cardOf(await c.feed('zhang-wei'), k.warn)).toBeUndefined();
    expect(await leadRow(db, id)).toMatchObject({ owner_id: 'zhang-wei', assignment_seq: 1 });
    expect(await assignments(db, id)).toEqual([{ seq: 1, owner_id: 'zhang-wei', via: 'route', end_reason: null, ended_at: null }]);
    expect(textsOf(await c.feed('wang-qiang'))).toEqual([]);
  });

  it('the owner opening the lead (为什么是我?) stops level 1, not level 2; someone else looking changes nothing', async () => {
    const { t, app, db, c, clock } = await begin();
    const id = await newLead(t.url, c);
    const k = keys(id, 1);

    // The supervisor looks first: the rep has still not opened it.
    await c.command('wang-qiang', `lead ${id}`);
    await eventually(async () => cardOf(await c.feed('wang-qiang'), `lead:${id}:view:`) ?? (await c.feed('wang-qiang')).find((i) => i.cardKey?.startsWith(`lead:${id}:view:`)));
    expect(await leadRow(db, id)).toMatchObject({ opened_at: null });
    expect(await timer(db, `sla:${id}:a1:remind`)).toMatchObject({ status: 'pending' });

    clock.set(60_000);
    await c.click('zhang-wei', 'lead.why', id, k.card);
    await eventually(async () => textsOf(await c.feed('zhang-wei')).find((x) => x.startsWith(`线索 ${id} 为什么分给`)));
    expect(await leadRow(db, id)).toMatchObject({ status: 'assigned', opened_at: BASE + 60_000 });
    expect(await timer(db, `sla:${id}:a1:remind`)).toMatchObject({ status: 'cancelled' });
    expect(await timer(db, `sla:${id}:a1:warn`)).toMatchObject({ status: 'pending' });

    clock.set(FAST_MS.remind + 10_000);
    await sleep(100);
    await quiet(app, clock.now());
    expect(cardOf(await c.feed('zhang-wei'), k.remind)).toBeUndefined();
    expect(await remindRows(db, id)).toEqual([]);

    // Opened is not touched: the warning and the reclaim still come.
    clock.set(FAST_MS.warn + 10_000);
    await eventually(async () => cardOf(await c.feed('zhang-wei'), k.warn));
    clock.set(FAST_MS.reclaim + 10_000);
    await eventually(async () => (await leadRow(db, id)).assignment_seq === 2);
    const moved = await leadRow(db, id);
    expect(moved).toMatchObject({ owner_id: 'li-na', opened_at: null });
    expect(await timer(db, `sla:${id}:a2:remind`)).toMatchObject({ status: 'pending' });
  });

  it('a click on a reclaimed lead\'s old cards says it was reassigned and changes nothing', async () => {
    const { t, app, db, c, clock } = await begin();
    const id = await newLead(t.url, c);
    const k = keys(id, 1);
    // Straight past every level, as after a long outage: reminder, then the reclaim.
    clock.set(FAST_MS.reclaim);
    await eventually(async () => (await leadRow(db, id)).assignment_seq === 2);
    await quiet(app, clock.now());
    // With the reclaim due at the same moment, "will be reclaimed in 0 s" would only be noise.
    expect(cardOf(await c.feed('zhang-wei'), k.warn)).toBeUndefined();
    expect(cardOf(await c.feed('zhang-wei'), k.remind)).toBeDefined();

    const snapshot = async () => ({
      lead: await leadRow(db, id),
      history: await assignments(db, id),
      events: await db.kysely.selectFrom('audit_events').select(['type', 'at']).where('subject', '=', id).orderBy('at').orderBy('type').execute(),
      timers: await timersOf(db, id),
      oldCard: (await c.feed('zhang-wei')).find((i) => i.cardKey === k.card),
      newCard: (await c.feed('li-na')).find((i) => i.cardKey === k.card),
    });
    const before = await snapshot();
    expect(before.lead.owner_id).toBe('li-na');

    await c.click('zhang-wei', 'lead.accept', id, k.card);
    await c.click('zhang-wei', 'lead.decline', id, k.card);
    await c.click('zhang-wei', 'lead.accept', id, k.remind);
    await c.click('zhang-wei', 'lead.touch', `${id}|phone`);
    const refusals = await eventually(async () => {
      const texts = textsOf(await c.feed('zhang-wei')).filter((x) => x.includes('已改派'));
      return texts.length === 4 ? texts : undefined;
    });
    expect(new Set(refusals)).toEqual(new Set([`线索 ${id} 已改派给 李娜，这张卡片已失效，未做任何更改。`]));
    await quiet(app, clock.now());
    expect(await snapshot()).toEqual(before);
  });

  it('不是我的 starts a fresh ladder for the new owner; the old one never fires', async () => {
    const { t, app, db, c, clock } = await begin();
    const id = await newLead(t.url, c);
    clock.set(60_000);
    await c.click('zhang-wei', 'lead.decline', id, `lead:${id}`);
    await eventually(async () => (await leadRow(db, id)).assignment_seq === 2);
    expect((await leadRow(db, id)).owner_id).toBe('li-na');
    const at = BASE + 60_000;
    expect((await timersOf(db, id)).map((x) => [x.id, x.status, x.due_at])).toEqual([
      [`sla:${id}:a1:remind`, 'cancelled', BASE + FAST_MS.remind],
      [`sla:${id}:a2:remind`, 'pending', at + FAST_MS.remind],
    ]);

    // Past the old level 1, before the new one: nobody is reminded.
    clock.set(FAST_MS.remind + 10_000);
    await sleep(100);
    await quiet(app, clock.now());
    expect(cardOf(await c.feed('zhang-wei'), keys(id, 1).remind)).toBeUndefined();
    expect(cardOf(await c.feed('li-na'), keys(id, 2).remind)).toBeUndefined();

    clock.set(60_000 + FAST_MS.remind);
    const k2 = keys(id, 2);
    expect((await eventually(async () => cardOf(await c.feed('li-na'), k2.remind))).buttons.map((b) => b.actionId)).toEqual(['lead.accept', 'lead.contacted']);
    expect((await eventually(async () => cardOf(await c.feed('wang-qiang'), k2.copy))).title).toBe(`抄送：李娜 的线索 ${id} 超过 90秒 未接收`);
    await quiet(app, clock.now());
    expect((await c.feed('zhang-wei')).some((i) => i.cardKey?.startsWith('lead-remind:'))).toBe(false);

    // The new clock's reclaim skips every previous owner: without 张伟 (the default owner) and
    // 李娜, nobody on the route is left, so the lead stays and the supervisor is asked to step in.
    clock.set(60_000 + FAST_MS.reclaim);
    expect(await eventually(async () => textsOf(await c.feed('wang-qiang')).find((x) => x.includes('超时未联系')))).toBe(
      `线索 ${id} 超时未联系，但没有其他可接手的人，仍由 李娜 负责，请介入。`,
    );
    await quiet(app, clock.now());
    expect(await leadRow(db, id)).toMatchObject({ owner_id: 'li-na', assignment_seq: 2 });
    expect(await timer(db, `sla:${id}:a2:reclaim`)).toMatchObject({ status: 'done' });
  });

  describe('crash between timer claim and delivery', () => {
    async function freshDatabase() {
      const test = await openTestDb(kind);
      cleanups.push(() => test.cleanup());
      const clock = testClock();
      await supervisorOnLeave(test.db, clock.now());
      return { ...test, clock };
    }

    it('a timer claimed by a dead instance fires once its lease expires, and a re-run sends nothing twice', async () => {
      const { db, url, clock } = await freshDatabase();
      const first = await startOn(url, clock.now);
      cleanups.push(first.stop);
      const id = await newLead(first.url, first.c);
      await first.stop();

      // The instance claimed level 1 at 95 s and died before sending; its lease runs to 100 s.
      const timerId = `sla:${id}:a1:remind`;
      clock.set(FAST_MS.remind + 5_000);
      await db.kysely.updateTable('timers').set({ status: 'claimed', claimed_by: 'dead-instance', lease_until: BASE + FAST_MS.remind + 10_000, attempts: 1 }).where('id', '=', timerId).execute();
      const second = await startOn(url, clock.now);
      cleanups.push(second.stop);
      const k = keys(id, 1);
      await sleep(150);
      expect(cardOf(await second.c.feed('zhang-wei'), k.remind)).toBeUndefined();
      expect(await timer(db, timerId)).toMatchObject({ status: 'claimed', claimed_by: 'dead-instance' });

      clock.set(FAST_MS.remind + 10_001);
      await eventually(async () => cardOf(await second.c.feed('zhang-wei'), k.remind));
      await eventually(async () => cardOf(await second.c.feed('wang-qiang'), k.copy));
      await quiet(second.app, clock.now());
      expect(await timer(db, timerId)).toMatchObject({ status: 'done', attempts: 2 });

      // Now the other way: the handler committed its messages, then the instance died before
      // marking the timer done. It runs again; the deterministic outbox ids keep one of each.
      await db.kysely.updateTable('timers').set({ status: 'claimed', claimed_by: 'dead-instance', lease_until: clock.now() - 1 }).where('id', '=', timerId).execute();
      await eventually(async () => {
        const row = await timer(db, timerId);
        return row.status === 'done' && row.attempts === 3;
      });
      await sleep(100);
      await quiet(second.app, clock.now());
      expect(countOf(await second.c.feed('zhang-wei'), k.remind)).toBe(1);
      expect(countOf(await second.c.feed('wang-qiang'), k.copy)).toBe(1);
      expect((await remindRows(db, id)).map((r) => r.status)).toEqual(['sent', 'sent']);
    });

    it('an escalation committed but not delivered before a stop is delivered once after restart', async () => {
      const { db, url, clock } = await freshDatabase();
      const first = await startOn(url, clock.now);
      cleanups.push(first.stop);
      const id = await newLead(first.url, first.c);
      await quiet(first.app, clock.now());
      // Hold the relay back for both recipients: an older row that is never due keeps their
      // later messages queued (each recipient's messages go out in order).
      for (const person of ['zhang-wei', 'wang-qiang']) {
        await db.kysely
          .insertInto('outbox')
          .values({
            id: `test-hold:${person}`,
            channel: 'console',
            person_id: person,
            recipient: person,
            op: 'send',
            card_key: null,
            payload: JSON.stringify({ kind: 'text', text: 'hold' }),
            status: 'pending',
            attempts: 0,
            next_attempt_at: BASE + 86_400_000,
            lease_until: null,
            last_error: null,
            created_at: BASE - 1,
            sent_at: null,
          })
          .execute();
      }

      clock.set(FAST_MS.remind);
      const timerId = `sla:${id}:a1:remind`;
      await eventually(async () => (await timer(db, timerId)).status === 'done');
      expect(await remindRows(db, id)).toEqual([
        { id: `sla-remind-copy:${id}:a1:console:wang-qiang`, status: 'pending' },
        { id: `sla-remind:${id}:a1:console:zhang-wei`, status: 'pending' },
      ]);
      await first.stop();

      // The owner's reminder was mid-send when the process died: the dead relay's lease runs 30 s more.
      await db.kysely.updateTable('outbox').set({ status: 'sending', attempts: 1, lease_until: clock.now() + 30_000 }).where('id', '=', `sla-remind:${id}:a1:console:zhang-wei`).execute();
      await db.kysely.updateTable('outbox').set({ status: 'dead' }).where('id', 'like', 'test-hold:%').execute();

      const second = await startOn(url, clock.now);
      cleanups.push(second.stop);
      const k = keys(id, 1);
      await eventually(async () => cardOf(await second.c.feed('wang-qiang'), k.copy));
      await sleep(150);
      expect(cardOf(await second.c.feed('zhang-wei'), k.remind)).toBeUndefined();

      clock.set(FAST_MS.remind + 30_001);
      await eventually(async () => cardOf(await second.c.feed('zhang-wei'), k.remind));
      await sleep(100);
      await quiet(second.app, clock.now());
      expect(countOf(await second.c.feed('zhang-wei'), k.remind)).toBe(1);
      expect(countOf(await second.c.feed('wang-qiang'), k.copy)).toBe(1);
      expect((await remindRows(db, id)).map((r) => r.status)).toEqual(['sent', 'sent']);
      // The escalation itself ran once: the restart delivered it, it did not fire it again.
      expect(await timer(db, timerId)).toMatchObject({ status: 'done', attempts: 1 });
    });
  });
});
