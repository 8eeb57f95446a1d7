/** `help` lists every command and `/lead` subcommand with its usage, in the reader's language. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { eventually, startApp, type RunningApp } from '../support/app-harness.ts';
import { consoleClient, textsOf } from '../support/console-client.ts';

describe.each(testDatabases)('chat: help and lead usage on $name', (kind) => {
  let t: RunningApp;
  let c: ReturnType<typeof consoleClient>;
  beforeAll(async () => {
    t = await startApp(kind);
    c = consoleClient(t.url);
  });
  afterAll(async () => t.stop());

  it('lists every command with its usage in Chinese', async () => {
    await c.command('zhang-wei', 'help');
    const help = await eventually(async () => textsOf(await c.feed('zhang-wei')).find((x) => x.startsWith('你好')));
    expect(help.split('\n').filter((l) => l.startsWith('• '))).toEqual([
      '• help — 查看可用命令',
      '• lead new — 新建线索（填写表单）',
      '• lead mine — 我的待跟进线索及 SLA 截止时间',
      '• lead L-1001 — 查看一条线索',
      '• lead transfer L-1001 李娜 — 把线索转交给他人（主管、经理、管理员）',
      '• lead stats [team] [days] — 72 小时首次联系率与超时情况，可按团队、天数',
      '• visit — 我的客户（点按钮记录拜访）',
      '• visit 上海市实验中学 — 打开这个客户的拜访表单',
      '• visit 上海市实验中学：主任说服务器常宕机，下周三技术交流 — 一句话纪要（也可「拜访 客户：…」或企业微信语音），确认后保存',
      '• visit mine [days] — 我的拜访记录（默认 30 天）',
      '• deal D-1001 — 查看商机（也可 deal 客户名）',
      '• deal stage D-1001 solution_comparison — 推进商机阶段（阶段名或中文名）',
      '• deal new 客户名 [金额] [客户类型] — 新建商机（客户不存在时一并创建）',
      '• deal mine — 我的进行中商机',
      '• ooo 12-01..12-05 — 登记休假，期间不分配新线索（一天：ooo 12-24）',
      '• ooo list — 查看已登记的休假',
      '• ooo cancel — 取消今天起的休假',
    ]);
  });

  it('lists them in English for an English reader', async () => {
    await c.command('chen-jie', 'help');
    const help = await eventually(async () => textsOf(await c.feed('chen-jie')).find((x) => x.startsWith('Hi')));
    expect(help).toContain('• lead transfer L-1001 李娜 — Move a lead to someone else (supervisors, managers, admins)');
    expect(help).toContain('• ooo 12-01..12-05 — Book time off; no new leads meanwhile (one day: ooo 12-24)');
  });

  it('answers a bare or unknown /lead with the subcommands', async () => {
    await c.command('li-na', 'lead frobnicate');
    const usage = await eventually(async () => textsOf(await c.feed('li-na')).find((x) => x.startsWith('用法')));
    expect(usage.split('\n')).toHaveLength(6);
    expect(usage).toContain('• lead new — 新建线索（填写表单）');
  });
});
