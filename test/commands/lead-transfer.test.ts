/** `/lead transfer <id> <person>` over the console: who may, what everyone sees, a fresh SLA clock. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { demoLead, eventually, postLead, startApp, type RunningApp } from '../support/app-harness.ts';
import { cardOf, consoleClient, textsOf } from '../support/console-client.ts';
import { LOCAL_DEMO_API_TOKEN } from '../../src/app.ts';

describe.each(testDatabases)('chat: lead transfer on $name', (kind) => {
  let t: RunningApp;
  let c: ReturnType<typeof consoleClient>;
  const reply = async (person: string, includes: string) => eventually(async () => textsOf(await c.feed(person)).find((x) => x.includes(includes)));
  const leadRow = (id: string) => t.app.db.kysely.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const timers = (id: string) =>
    t.app.db.kysely.selectFrom('timers').select(['id', 'status']).where('subject', '=', id).orderBy('id').execute();

  beforeAll(async () => {
    t = await startApp(kind);
    c = consoleClient(t.url);
  });
  afterAll(async () => t.stop());

  it('refuses the rep, lets the supervisor move 张伟\'s lead to 李娜 with a fresh clock', async () => {
    const posted = await postLead(t.url, LOCAL_DEMO_API_TOKEN, demoLead);
    const id = String(posted.body.id);
    const key = `lead:${id}`;
    expect((posted.body.assignee as { id: string }).id).toBe('zhang-wei');
    await eventually(async () => cardOf(await c.feed('zhang-wei'), key));

    // 李娜 is a rep, not 张伟's supervisor: refused, nothing moves.
    await c.command('li-na', `lead transfer ${id} 李娜`);
    expect(await reply('li-na', id)).toBe(`只有 张伟 的主管或管理员可以转交线索 ${id}。`);
    await t.app.idle();
    expect(await leadRow(id)).toMatchObject({ owner_id: 'zhang-wei', assignment_seq: 1 });
    expect(cardOf(await c.feed('li-na'), key)).toBeUndefined();

    await c.command('wang-qiang', `lead transfer ${id.toLowerCase()} 李娜`);
    expect(await reply('wang-qiang', '已将线索')).toBe(`已将线索 ${id} 从 张伟 转交给 李娜，SLA 计时已重新开始。`);
    expect(await leadRow(id)).toMatchObject({ owner_id: 'li-na', assignment_seq: 2, status: 'assigned' });

    // 李娜 gets the live card; 张伟's card says where it went and has no buttons left.
    const moved = await eventually(async () => cardOf(await c.feed('li-na'), key));
    expect(moved.buttons.map((b) => b.actionId)).toEqual(['lead.accept', 'lead.contacted', 'lead.why', 'lead.decline']);
    const old = await eventually(async () => {
      const v = cardOf(await c.feed('zhang-wei'), key);
      return v?.status ? v : undefined;
    });
    expect(old.status).toMatch(/^已转交 李娜 · \d\d:\d\d$/);
    expect(old.buttons).toEqual([]);
    expect(await reply('zhang-wei', '转交给')).toBe(`王强 已将线索 ${id} 转交给 李娜。`);

    // The old clock is cancelled, a new one runs for assignment 2.
    expect(await timers(id)).toEqual([
      { id: `sla:${id}:a1:remind`, status: 'cancelled' },
      { id: `sla:${id}:a2:remind`, status: 'pending' },
    ]);
    const history = await t.app.db.kysely.selectFrom('lead_assignments').select(['owner_id', 'via', 'end_reason']).where('lead_id', '=', id).orderBy('seq').execute();
    expect(history).toEqual([
      { owner_id: 'zhang-wei', via: 'route', end_reason: 'transferred' },
      { owner_id: 'li-na', via: 'transfer', end_reason: null },
    ]);

    // By id works too; transferring to the current owner changes nothing.
    await c.command('wang-qiang', `lead transfer ${id} chen-jie`);
    expect(await reply('wang-qiang', '转交给 陈杰')).toContain('从 李娜');
    expect(await leadRow(id)).toMatchObject({ owner_id: 'chen-jie', assignment_seq: 3 });
    await c.command('wang-qiang', `lead transfer ${id} @陈杰`);
    expect(await reply('wang-qiang', '已经由')).toBe(`线索 ${id} 已经由 陈杰 负责，未做更改。`);
    expect(await leadRow(id)).toMatchObject({ assignment_seq: 3 });
  });

  it('answers bad arguments with the usage and an unknown person with who is available', async () => {
    await c.command('lin-xue', 'lead transfer L-1001');
    expect(await reply('lin-xue', '用法')).toBe('用法：lead transfer L-1001 李娜（线索编号，接手人的姓名或 id）');
    await c.command('lin-xue', 'lead transfer 李娜 L-1001');
    await eventually(async () => textsOf(await c.feed('lin-xue')).filter((x) => x.startsWith('用法')).length === 2);
    await c.command('lin-xue', 'lead transfer L-1001 王五');
    const unknown = await reply('lin-xue', '找不到');
    expect(unknown).toMatch(/^找不到「王五」。可用：王强（wang-qiang）、张伟（zhang-wei）、李娜（li-na）、/);
    expect(unknown).not.toContain('郑慧'); // finance, not a rep
    await c.command('lin-xue', 'lead transfer L-9999 李娜');
    expect(await reply('lin-xue', 'L-9999')).toBe('找不到线索 L-9999。');
  });
});
