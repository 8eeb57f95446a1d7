/** Every chat command and card action, registered in one place. */
import type { ActionHandler, Command } from './command.ts';
import { helpCommand } from './help.ts';
import { leadCommand } from './lead.ts';
import { leadActions } from './lead-actions.ts';
import { leadNewActions } from './lead-new.ts';
import { oooCommand } from './ooo.ts';
import { dealActions, dealCommand } from './deal.ts';
import { visitCommand } from './visit.ts';
import { visitActions } from './visit-actions.ts';

export const commands: readonly Command[] = [leadCommand, visitCommand, dealCommand, oooCommand];
// Help lists commands with several forms once per form, each with its own usage and summary.
const listed = (c: Command): Command[] => c.forms?.map((form) => ({ ...c, ...form })) ?? [c];
const help = helpCommand(() => [help, ...commands].flatMap(listed));
const all = [help, ...commands];

export function findCommand(word: string): Command | undefined {
  const w = word.toLowerCase();
  return all.find((c) => c.name === w || c.aliases?.includes(w));
}

/**
 * A joinable command whose CJK alias starts the text with no space after it ("拜访上海市实验中学：…"):
 * the command and the rest of the text as its arguments. Latin names always need the space.
 */
export function findJoinedCommand(text: string): { command: Command; args: string } | undefined {
  for (const c of all) {
    if (!c.joinable) continue;
    for (const alias of c.aliases ?? []) {
      if (/^[\u4e00-\u9fff]/u.test(alias) && text.startsWith(alias) && text.length > alias.length) return { command: c, args: text.slice(alias.length) };
    }
  }
  return undefined;
}

export const actions: Readonly<Record<string, ActionHandler>> = {
  ...leadActions,
  ...leadNewActions,
  ...dealActions,
  ...visitActions,
};
