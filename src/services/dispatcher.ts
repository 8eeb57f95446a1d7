/**
 * Dispatch: turns an accepted interaction into a command or card-action call, as the person
 * the platform says it is. Refusals (BotError) become chat replies; nothing else leaks.
 * @module
 */
import type { Card, Message } from '../../cards/card.ts';
import { actions as defaultActions, findCommand, findJoinedCommand } from '../../commands/index.ts';
import type { ActionHandler, Command, HandlerContext } from '../../commands/command.ts';
import type { Interaction } from '../channels/channel.ts';
import { localeOf, type Person } from '../config/company.ts';
import { BotError } from '../errors.ts';
import { findCardRefByField, upsertCardRef } from '../store/card-refs.ts';
import { inboxId, markInbox } from '../store/inbox.ts';
import { insertOutboxRow } from '../store/outbox.ts';
import { notify } from './notify.ts';
import type { ServiceDeps } from './deps.ts';

export interface DispatchOptions {
  findCommand?: (word: string) => Command | undefined;
  actions?: Readonly<Record<string, ActionHandler>>;
}

export type Dispatch = (interaction: Interaction) => Promise<void>;

export function createDispatcher(deps: ServiceDeps, options: DispatchOptions = {}): Dispatch {
  const lookup = options.findCommand ?? findCommand;
  const actionHandlers = options.actions ?? defaultActions;

  return async function dispatch(interaction) {
    const id = inboxId(interaction);
    const person = resolvePerson(deps, interaction);
    try {
      if (!person) {
        await replyToStranger(deps, interaction, id);
        await markInbox(deps.db.kysely, id, 'done', deps.now(), 'unknown user');
        return;
      }
      await rememberCardRef(deps, interaction, person);
      let replies = 0;
      const ctx: HandlerContext = {
        deps,
        person,
        locale: localeOf(deps.company, person),
        interaction,
        reply: async (message) => {
          const msg: Message = typeof message === 'string' ? { kind: 'text', text: message } : message;
          await notify(deps.db.kysely, deps, { personId: person.id, message: msg, id: `reply:${id}:${replies++}`, only: interaction.channel, now: deps.now() });
          deps.wakeOutbox();
        },
        openForm: (card) => openForm(deps, interaction, card),
      };
      try {
        await run(ctx, interaction, lookup, actionHandlers);
      } catch (err) {
        if (!(err instanceof BotError)) throw err;
        await ctx.reply(err.userMessage);
      }
      await markInbox(deps.db.kysely, id, 'done', deps.now());
    } catch (err) {
      deps.log.error({ err, inbox: id }, 'dispatch failed');
      await markInbox(deps.db.kysely, id, 'failed', deps.now(), err instanceof Error ? err.message : String(err)).catch(() => {});
    }
  };
}

async function run(
  ctx: HandlerContext,
  interaction: Interaction,
  lookup: (word: string) => Command | undefined,
  actionHandlers: Readonly<Record<string, ActionHandler>>,
): Promise<void> {
  const zh = ctx.locale === 'zh-CN';
  if (interaction.kind === 'command') {
    const text = (interaction.text ?? '').trim().replace(/^\//, '');
    const [word = 'help', ...rest] = text.split(/\s+/);
    const command = lookup(word || 'help');
    const joined = command ? undefined : findJoinedCommand(text);
    if (joined) {
      await joined.command.run(ctx, joined.args);
      return;
    }
    if (!command) {
      throw new BotError('unknown_command', zh ? `不认识的命令「${word}」。发送 help 查看可用命令。` : `Unknown command "${word}". Send help to see the commands.`);
    }
    await command.run(ctx, rest.join(' '));
    return;
  }
  const handler = interaction.actionId ? actionHandlers[interaction.actionId] : undefined;
  if (!handler) {
    throw new BotError('unknown_action', zh ? '这个按钮已失效或无法识别，未做任何更改。' : 'This button is unknown or no longer valid; nothing was changed.');
  }
  await handler(ctx);
}

/** Slack's trigger_id lives 3 s; leave a margin for the round trip. */
const TRIGGER_TTL_MS = 2500;

async function openForm(deps: ServiceDeps, interaction: Interaction, card: Card): Promise<boolean> {
  if (!interaction.triggerId || deps.now() - interaction.receivedAt > TRIGGER_TTL_MS) return false;
  const channel = deps.channels.find((c) => c.name === interaction.channel);
  if (!channel?.openModal) return false;
  try {
    await channel.openModal(interaction.triggerId, card);
    return true;
  } catch (err) {
    deps.log.warn({ err, channel: interaction.channel }, 'could not open the form as a dialog; sending it as a card');
    return false;
  }
}

function resolvePerson(deps: ServiceDeps, interaction: Interaction): Person | undefined {
  const channel = deps.channels.find((c) => c.name === interaction.channel);
  if (!channel) return undefined;
  return deps.company.people.find((p) => p.active && channel.recipientOf(p) === interaction.userId);
}

/** A click carries a fresh handle for updating that card (WeCom's single-use response_code). */
async function rememberCardRef(deps: ServiceDeps, interaction: Interaction, person: Person): Promise<void> {
  if (!interaction.cardRef) return;
  let cardKey = interaction.cardKey;
  const taskId = interaction.cardRef.taskId;
  if (!cardKey && typeof taskId === 'string') {
    cardKey = (await findCardRefByField(deps.db.kysely, interaction.channel, person.id, 'taskId', taskId))?.cardKey;
  }
  if (cardKey) {
    await upsertCardRef(deps.db.kysely, { cardKey, channel: interaction.channel, personId: person.id }, interaction.cardRef, deps.now());
  }
}

async function replyToStranger(deps: ServiceDeps, interaction: Interaction, id: string): Promise<void> {
  deps.log.warn({ channel: interaction.channel, userId: interaction.userId }, 'interaction from a user not in the company file');
  const text =
    deps.company.language === 'zh-CN'
      ? `你（${interaction.userId}）不在公司名单中，请管理员在公司配置文件中添加你的账号。`
      : `You (${interaction.userId}) are not in the company file; ask your admin to add your account.`;
  await insertOutboxRow(deps.db.kysely, {
    id: `reply:${id}:stranger`,
    channel: interaction.channel,
    personId: `unknown:${interaction.userId}`,
    recipient: interaction.userId,
    op: 'send',
    cardKey: null,
    message: { kind: 'text', text },
    now: deps.now(),
  });
  deps.wakeOutbox();
}
