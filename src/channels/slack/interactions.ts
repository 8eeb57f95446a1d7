/** Slack payloads (commands, block_actions, view_submission, DM messages) → channel-neutral Interactions. */
import { createHash } from 'node:crypto';
import { baseActionId, cardKeyFromBlockId, type SlackModalMetadata } from '../../../cards/render/slack.ts';
import type { Interaction } from '../channel.ts';

type StateValues = Record<string, Record<string, Record<string, unknown>>>;

export interface SlackCommandPayload {
  command: string;
  text?: string;
  user_id: string;
  trigger_id: string;
}

interface SlackAction {
  type?: string;
  action_id: string;
  block_id?: string;
  action_ts?: string;
  value?: string;
  selected_option?: { value?: string } | null;
  selected_options?: { value?: string }[];
}

export interface SlackBlockActionsPayload {
  type: string;
  user: { id: string };
  actions: SlackAction[];
  container?: { channel_id?: string; message_ts?: string; view_id?: string };
  state?: { values?: StateValues };
  trigger_id?: string;
}

export interface SlackViewSubmissionPayload {
  type: string;
  user: { id: string };
  view: { id: string; hash?: string; private_metadata?: string; state?: { values?: StateValues } };
}

export interface SlackEventEnvelope {
  event_id?: string;
  event?: { type?: string; channel_type?: string; subtype?: string; bot_id?: string; user?: string; text?: string };
}

/** The command word `/closeloop` is the bot itself; any other command word (`/lead`) is the command. */
export function commandInteraction(c: SlackCommandPayload, receivedAt: number): Interaction {
  const word = c.command.replace(/^\//, '');
  const args = (c.text ?? '').trim();
  const text = word === 'closeloop' ? args : `${word} ${args}`.trim();
  return { channel: 'slack', kind: 'command', dedupeKey: c.trigger_id, triggerId: c.trigger_id, userId: c.user_id, text, receivedAt };
}

/** Only buttons are actions: select changes in a message form arrive again, in `state`, with the submit click. */
const BUTTON = 'button';

export function blockActionInteraction(body: SlackBlockActionsPayload, receivedAt: number): Interaction | undefined {
  const action = body.actions[0];
  if (body.type !== 'block_actions' || !action || (action.type !== undefined && action.type !== BUTTON)) return undefined;
  const actionId = baseActionId(action.action_id);
  const value = action.value ?? action.selected_option?.value ?? action.selected_options?.map((o) => o.value ?? '').join(',');
  const { channel_id: channelId, message_ts: ts } = body.container ?? {};
  const cardKey = cardKeyFromBlockId(action.block_id);
  const values = body.state?.values ? stateValues(body.state.values) : undefined;
  return {
    channel: 'slack',
    kind: 'action',
    dedupeKey: `${action.action_ts ?? ''}:${body.user.id}:${action.action_id}`,
    userId: body.user.id,
    actionId,
    ...(value !== undefined ? { value } : {}),
    ...(values && Object.keys(values).length ? { values } : {}),
    ...(cardKey ? { cardKey } : {}),
    ...(channelId && ts ? { cardRef: { channelId, ts } } : {}),
    receivedAt,
  };
}

/** The submit action and card travel in `private_metadata` (we wrote it; Slack signed the delivery). */
export function viewSubmissionInteraction(body: SlackViewSubmissionPayload, receivedAt: number): Interaction | undefined {
  if (body.type !== 'view_submission') return undefined;
  const meta = parseMetadata(body.view.private_metadata);
  if (!meta) return undefined;
  const values = stateValues(body.view.state?.values ?? {});
  // view.hash changes with every view version, so a double submit of one version dedupes.
  const hash = body.view.hash ?? createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 16);
  return {
    channel: 'slack',
    kind: 'action',
    dedupeKey: `${body.view.id}:${hash}`,
    userId: body.user.id,
    actionId: meta.actionId,
    value: meta.value,
    values,
    ...(meta.cardKey ? { cardKey: meta.cardKey } : {}),
    receivedAt,
  };
}

/** A person typing to the bot in its DM is a command; edits, joins and bot posts (our own) are not. */
export function dmMessageInteraction(envelope: SlackEventEnvelope, receivedAt: number): Interaction | undefined {
  const e = envelope.event;
  if (!e || e.type !== 'message' || e.channel_type !== 'im' || e.subtype !== undefined || e.bot_id !== undefined) return undefined;
  if (!e.user || typeof e.text !== 'string' || !envelope.event_id) return undefined;
  return { channel: 'slack', kind: 'command', dedupeKey: envelope.event_id, userId: e.user, text: e.text.trim(), receivedAt };
}

function parseMetadata(raw: string | undefined): SlackModalMetadata | undefined {
  try {
    const m = JSON.parse(raw ?? '') as Partial<SlackModalMetadata>;
    if (typeof m.actionId !== 'string' || !m.actionId) return undefined;
    return { actionId: m.actionId, value: typeof m.value === 'string' ? m.value : '', cardKey: typeof m.cardKey === 'string' ? m.cardKey : '' };
  } catch {
    return undefined;
  }
}

/** `state.values[block_id][action_id]` → values by input id (our action_id is the input id). */
export function stateValues(values: StateValues): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const block of Object.values(values)) {
    for (const [actionId, v] of Object.entries(block)) {
      const value = oneValue(v);
      if (value !== undefined) out[baseActionId(actionId)] = value;
    }
  }
  return out;
}

function optionValue(o: unknown): string | undefined {
  return o && typeof o === 'object' && typeof (o as { value?: unknown }).value === 'string' ? (o as { value: string }).value : undefined;
}

function oneValue(v: Record<string, unknown>): string | string[] | undefined {
  if (typeof v.value === 'string') return v.value;
  // A datepicker: `YYYY-MM-DD`, or null when left empty (then the input is simply absent).
  if ('selected_date' in v) return typeof v.selected_date === 'string' ? v.selected_date : undefined;
  if ('selected_option' in v) return optionValue(v.selected_option);
  if (Array.isArray(v.selected_options)) return v.selected_options.map(optionValue).filter((x): x is string => x !== undefined);
  // Pickers (date, time, users, conversations) carry `selected_<thing>` as a string or string list.
  for (const [k, x] of Object.entries(v)) {
    if (!k.startsWith('selected_')) continue;
    if (typeof x === 'string') return x;
    if (Array.isArray(x) && x.every((s) => typeof s === 'string')) return x as string[];
  }
  return undefined;
}
