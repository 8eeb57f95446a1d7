/** The shape of a chat command and of card-action handlers. */
import type { Person, Locale } from '../src/config/company.ts';
import type { Interaction } from '../src/channels/channel.ts';
import type { ServiceDeps } from '../src/services/deps.ts';
import type { Message } from '../cards/card.ts';
import type { Localized } from '../src/i18n.ts';

export interface HandlerContext {
  deps: ServiceDeps;
  person: Person;
  locale: Locale;
  interaction: Interaction;
  /** Replies to the person on the channel they wrote from (queued through the outbox). */
  reply(message: Message | string): Promise<void>;
}

export interface Command {
  /** The first word, e.g. `help`, `lead`. */
  name: string;
  aliases?: string[];
  summary: Localized;
  usage?: string;
  run(ctx: HandlerContext, args: string): Promise<void>;
}

export type ActionHandler = (ctx: HandlerContext) => Promise<void>;
