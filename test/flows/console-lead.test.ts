/** The vertical slice on the local console: lead → card → refusal for others → accept in place. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { demoLead, eventually, postLead, startApp, type RunningApp } from '../support/app-harness.ts';
import { cardOf, consoleClient, textsOf } from '../support/console-client.ts';
import { LOCAL_DEMO_API_TOKEN } from '../../src/app.ts';

describe.each(testDatabases)('console: lead → card → accept on $name', (kind) => {
  let t: RunningApp;
  let c: ReturnType<typeof consoleClient>;
  beforeAll(async () => {
    t = await startApp(kind);
    c = consoleClient(t.url);
  });
  afterAll(async () => t.stop());

  it('runs in local mode with the demo token and only the console channel', async () => {
    expect(t.app.apiToken).toBe(LOCAL_DEMO_API_TOKEN);
    expect(t.app.channels.map((ch) => ch.name)).toEqual(['console']);
  });

  it('delivers the lead card to the owner, refuses others, accepts in place', async () => {
    const posted = await postLead(t.url, LOCAL_DEMO_API_TOKEN, demoLead);
    expect(posted.status).toBe(201);
    const id = String(posted.body.id);
    const key = `lead:${id}`;

    const card = await eventually(async () => cardOf(await c.feed('zhang-wei'), key));
    expect(card.title).toContain(demoLead.company);
    expect(card.fields.map((f) => f.value)).toEqual(
      expect.arrayContaining(['王校长 · 校长', '教育', '¥60万', '官网', '高意向-需技术协同、中潜力-需案例背书', '70']),
    );
    expect(card.buttons.map((b) => b.label)).toEqual(['接收', '已联系', '为什么是我?', '不是我的']);
    // The route's three education case studies, the tag-matched one first.
    expect(card.links.map((l) => l.label)).toEqual(['复旦附中智慧校园案例', '华师大信息中心机房改造案例', '浦东新区教育云平台案例']);
    expect(card.text).toBe("分配理由：教育 · 预算 ≥ 50万 · 校长 · 你有『教育行业』技能");
    expect(cardOf(await c.feed('li-na'), key)).toBeUndefined();

    // 李娜 is neither owner nor supervisor: refused, nothing changes.
    expect((await c.click('li-na', 'lead.accept', id, key)).status).toBe(202);
    const refusal = await eventually(async () => textsOf(await c.feed('li-na')).find((x) => x.includes(id)));
    expect(refusal).toMatch(/只有负责人或其主管/);
    const lead = await t.app.db.kysely.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(lead.status).toBe('assigned');

    // The owner accepts: the same card updates in place with the status line, buttons gone.
    const clickId = `click-${id}-accept`;
    expect((await c.click('zhang-wei', 'lead.accept', id, key, clickId)).body.status).toBe('accepted');
    const updated = await eventually(async () => {
      const v = cardOf(await c.feed('zhang-wei'), key);
      return v?.status ? v : undefined;
    });
    expect(updated.status).toMatch(/^已接收 · 张伟 · \d\d:\d\d$/);
    expect(updated.buttons.map((b) => b.actionId)).toEqual(['lead.contacted', 'lead.qualify', 'lead.why']);
    const items = (await c.feed('zhang-wei')).filter((i) => i.cardKey === key);
    expect(items).toHaveLength(1);

    // A replayed click is processed once: no second update, no reply.
    expect((await c.click('zhang-wei', 'lead.accept', id, key, clickId)).body.status).toBe('duplicate');
    await t.app.idle();
    const row = await t.app.db.kysely.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'accepted', accepted_by: 'zhang-wei' });
    const events = await t.app.db.kysely.selectFrom('audit_events').select('type').where('subject', '=', id).execute();
    expect(events.map((e) => e.type).sort()).toEqual(['lead.accepted', 'lead.assigned']);
    // Accepting stops level 1 of the SLA ladder; the first-touch steps still run (the warning is next).
    const timers = await t.app.db.kysely.selectFrom('timers').select(['kind', 'status']).where('subject', '=', id).orderBy('kind', 'desc').execute();
    expect(timers).toEqual([
      { kind: 'sla.warn', status: 'pending' },
      { kind: 'sla.remind', status: 'cancelled' },
    ]);

    // A second, different click after acceptance gets a clear reply and changes nothing.
    await c.click('zhang-wei', 'lead.accept', id, key);
    const again = await eventually(async () => textsOf(await c.feed('zhang-wei')).find((x) => x.includes('已由')));
    expect(again).toMatch(/已由 张伟 于 \d\d:\d\d 接收/);

    // `lead <id>` shows the card as the lead stands now: accepted, with the buttons still useful.
    await c.command('wang-qiang', `lead ${id}`);
    const view = await eventually(async () => (await c.feed('wang-qiang')).find((i) => i.cardKey?.startsWith(`${key}:view:`)));
    expect(view.view.kind === 'card' && view.view.status).toMatch(/^已接收 · 张伟 · \d\d:\d\d$/);
    expect(view.view.kind === 'card' && view.view.buttons.map((b) => b.actionId)).toEqual(['lead.contacted', 'lead.qualify', 'lead.why']);
  });

  it('"不是我的" re-routes the lead excluding the rep; the old card says so', async () => {
    const posted = await postLead(t.url, LOCAL_DEMO_API_TOKEN, { ...demoLead, company: '杭州某小学' });
    const id = String(posted.body.id);
    const key = `lead:${id}`;
    const first = (posted.body.assignee as { id: string }).id;
    await eventually(async () => cardOf(await c.feed(first), key));
    await c.click(first, 'lead.decline', id, key);
    const row = await eventually(async () => {
      const r = await t.app.db.kysely.selectFrom('leads').select(['owner_id', 'assignment_seq']).where('id', '=', id).executeTakeFirstOrThrow();
      return r.assignment_seq === 2 ? r : undefined;
    });
    const next = t.company.people.find((p) => p.id === row.owner_id)!;
    expect(next.id).not.toBe(first);
    expect(next.team).toBe('tech-sales');
    const moved = await eventually(async () => cardOf(await c.feed(next.id), key));
    expect(moved.buttons.map((b) => b.actionId)).toEqual(['lead.accept', 'lead.contacted', 'lead.why', 'lead.decline']);
    const old = await eventually(async () => {
      const v = cardOf(await c.feed(first), key);
      return v?.status ? v : undefined;
    });
    expect(old.status).toMatch(new RegExp(`^已转给 ${next.name}`));
    // The old owner's stale card now refuses with "reassigned" and changes nothing.
    await c.click(first, 'lead.decline', id, key);
    expect(await eventually(async () => textsOf(await c.feed(first)).find((x) => x.includes('已改派')))).toMatch(/这张卡片已失效/);
    const assignments = await t.app.db.kysely.selectFrom('lead_assignments').select(['owner_id', 'via', 'end_reason']).where('lead_id', '=', id).orderBy('seq').execute();
    expect(assignments).toEqual([
      { owner_id: first, via: 'route', end_reason: 'declined' },
      { owner_id: next.id, via: 'declined', end_reason: null },
    ]);
  });

  it('answers help, unknown commands and unknown buttons in chat without changing anything', async () => {
    await c.command('chen-jie', 'help');
    const help = await eventually(async () => textsOf(await c.feed('chen-jie')).find((x) => x.startsWith('Hi 陈杰')));
    expect(help).toMatch(/help/);
    await c.command('chen-jie', 'frobnicate');
    expect(await eventually(async () => textsOf(await c.feed('chen-jie')).find((x) => x.includes('frobnicate')))).toMatch(/Unknown command/);
    await c.click('chen-jie', 'lead.explode', 'L-1');
    expect(await eventually(async () => textsOf(await c.feed('chen-jie')).find((x) => x.includes('unknown or no longer valid')))).toBeTruthy();
  });
});
