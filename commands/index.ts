/** Every chat command and card action, registered in one place. */
import type { ActionHandler, Command } from './command.ts';
import { helpCommand } from './help.ts';
import { leadCommand } from './lead.ts';
import { leadActions } from './lead-actions.ts';
import { leadNewActions } from './lead-new.ts';
import { oooCommand } from './ooo.ts';

export const commands: readonly Command[] = [leadCommand, oooCommand];
// Help lists commands with several forms once per form, each with its own usage and summary.
const listed = (c: Command): Command[] => c.forms?.map((form) => ({ ...c, ...form })) ?? [c];
const help = helpCommand(() => [help, ...commands].flatMap(listed));
const all = [help, ...commands];

export function findCommand(word: string): Command | undefined {
  const w = word.toLowerCase();
  return all.find((c) => c.name === w || c.aliases?.includes(w));
}

export const actions: Readonly<Record<string, ActionHandler>> = {
  ...leadActions,
  ...leadNewActions,
};
