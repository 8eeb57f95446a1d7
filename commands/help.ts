/** `/closeloop help`: what the bot can do, in the person's language. */
import type { Command } from './command.ts';

export function helpCommand(list: () => readonly Command[]): Command {
  return {
    name: 'help',
    aliases: ['帮助', '?', 'h'],
    summary: { 'zh-CN': () => '查看可用命令', en: () => 'List the commands' },
    async run(ctx) {
      const header = ctx.locale === 'zh-CN' ? `你好 ${ctx.person.name}，可用命令：` : `Hi ${ctx.person.name}, the commands are:`;
      const lines = list().map((c) => `• ${c.usage ?? c.name} — ${c.summary[ctx.locale]()}`);
      const footer =
        ctx.locale === 'zh-CN'
          ? '新线索会以卡片形式推送给你，点击「接收」即可。'
          : 'New leads arrive as cards; press Accept to take one.';
      await ctx.reply([header, ...lines, '', footer].join('\n'));
    },
  };
}
