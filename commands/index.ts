/** Every chat command and card action, registered in one place. */
import type { ActionHandler, Command } from './command.ts';
import { helpCommand } from './help.ts';
import { leadCommand } from './lead.ts';
import { leadActions } from './lead-actions.ts';

export const commands: readonly Command[] = [leadCommand];
const help = helpCommand(() => [help, ...commands]);
const all = [help, ...commands];

export function findCommand(word: string): Command | undefined {
  const w = word.toLowerCase();
  return all.find((c) => c.name === w || c.aliases?.includes(w));
}

export const actions: Readonly<Record<string, ActionHandler>> = {
  ...leadActions,
};
