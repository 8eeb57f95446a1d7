/** The shape of a chat command and of card-action handlers. */
import type { Person, Locale } from '../src/config/company.ts';
import type { Interaction } from '../src/channels/channel.ts';
import type { ServiceDeps } from '../src/services/deps.ts';
import type { Card, Message } from '../cards/card.ts';
import type { Localized } from '../src/i18n.ts';

export interface HandlerContext {
  deps: ServiceDeps;
  person: Person;
  locale: Locale;
  interaction: Interaction;
  /** Replies to the person on the channel they wrote from (queued through the outbox). */
  reply(message: Message | string): Promise<void>;
  /**
   * Opens a form as a native dialog where the platform has one (a Slack modal, within the
   * 3-second life of the slash command's trigger_id). False when it could not; then reply
   * with the form card instead.
   */
  openForm(card: Card): Promise<boolean>;
}

export interface Command {
  /** The first word, e.g. `help`, `lead`. */
  name: string;
  aliases?: string[];
  /** Its Chinese alias may run into the text without a space: "拜访上海市实验中学：…". */
  joinable?: boolean;
  summary: Localized;
  usage?: string;
  /** A command with several forms (`lead new`, `lead mine`, …): help lists each with its own usage and summary. */
  forms?: readonly { usage: string; summary: Localized }[];
  run(ctx: HandlerContext, args: string): Promise<void>;
}

export type ActionHandler = (ctx: HandlerContext) => Promise<void>;
