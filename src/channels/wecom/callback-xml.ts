/** WeCom callback XML: strict parsing (no DOCTYPE, every value an exact string) and mapping to Interactions. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseActionKey } from '../../../cards/card.ts';
import type { Interaction } from '../channel.ts';

export class CallbackXmlError extends Error {
  override name = 'CallbackXmlError';
}

const parser = new XMLParser({
  // MsgId is a 64-bit integer and keys may look numeric: keep every value as the exact string.
  parseTagValue: false,
  ignoreAttributes: true,
  trimValues: true,
  isArray: (name) => name === 'SelectedItem' || name === 'OptionId',
});

/** Parses `<xml>…</xml>` and returns its children; throws CallbackXmlError on anything malformed. */
export function parseCallbackXml(text: string): Record<string, unknown> {
  // WeCom never sends a DTD; refusing one rules out entity-expansion tricks before parsing.
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) throw new CallbackXmlError('DOCTYPE/ENTITY not allowed');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new CallbackXmlError(`malformed XML: ${valid.err.msg}`);
  const doc = parser.parse(text) as Record<string, unknown>;
  const root = doc.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new CallbackXmlError('missing <xml> root');
  return root as Record<string, unknown>;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export type CallbackOutcome = { kind: 'interaction'; interaction: Interaction } | { kind: 'ignored'; reason: string };

const ignored = (reason: string): CallbackOutcome => ({ kind: 'ignored', reason });

/**
 * Maps a decrypted callback to an Interaction. Dedupe keys follow WeCom's advice: messages by
 * MsgId; card events by TaskId+EventKey+FromUserName+CreateTime (one person may click several
 * buttons of one card). Everything else is acknowledged and ignored.
 */
export function callbackToInteraction(m: Record<string, unknown>, receivedAt: number): CallbackOutcome {
  const from = str(m.FromUserName);
  const msgType = str(m.MsgType);
  if (!from) return ignored('no FromUserName');
  if (msgType === 'text') {
    const msgId = str(m.MsgId);
    if (!msgId) return ignored('text without MsgId');
    const text = (str(m.Content) ?? '').trim().replace(/^\//, '').trim();
    return { kind: 'interaction', interaction: { channel: 'wecom', dedupeKey: msgId, userId: from, kind: 'command', text, receivedAt } };
  }
  if (msgType === 'voice') return voiceInteraction(m, from, receivedAt);
  const event = str(m.Event);
  if (msgType !== 'event' || event !== 'template_card_event') return ignored(`${msgType ?? '?'}/${event ?? '-'}`);
  const eventKey = str(m.EventKey);
  const taskId = str(m.TaskId);
  const action = eventKey ? parseActionKey(eventKey) : undefined;
  if (!eventKey || !taskId || !action) return ignored('card event without TaskId or a valid EventKey');
  const responseCode = str(m.ResponseCode);
  const values = selectedValues(m.SelectedItems);
  const interaction: Interaction = {
    channel: 'wecom',
    dedupeKey: `${taskId}:${eventKey}:${from}:${str(m.CreateTime) ?? ''}`,
    userId: from,
    kind: 'action',
    actionId: action.actionId,
    value: action.value,
    // responseCodeAt lets the adapter skip codes past their 72-hour life without a failed call.
    cardRef: responseCode ? { taskId, responseCode, responseCodeAt: receivedAt } : { taskId },
    receivedAt,
    ...(values ? { values } : {}),
  };
  return { kind: 'interaction', interaction };
}

/**
 * A voice message is a command spoken instead of typed. WeCom app callbacks carry `MediaId` and
 * `Format` (amr) but, unlike WeChat 公众号, no `Recognition`; should one come, its text is used as
 * typed text. Otherwise dispatch fetches and transcribes the audio (MediaId lives 3 days).
 */
function voiceInteraction(m: Record<string, unknown>, from: string, receivedAt: number): CallbackOutcome {
  const msgId = str(m.MsgId);
  const mediaId = str(m.MediaId);
  if (!msgId || !mediaId) return ignored('voice without MsgId or MediaId');
  const base = { channel: 'wecom', dedupeKey: msgId, userId: from, kind: 'command', via: 'voice', receivedAt } as const;
  const recognised = (str(m.Recognition) ?? '').trim().replace(/^\//, '').trim();
  if (recognised) return { kind: 'interaction', interaction: { ...base, text: recognised } };
  const format = (str(m.Format) ?? '').trim().toLowerCase() || 'amr';
  return { kind: 'interaction', interaction: { ...base, voice: { mediaId, format } } };
}

/** `<SelectedItems><SelectedItem><QuestionKey>k</QuestionKey><OptionIds><OptionId>a</OptionId>…` → `{k: ['a', …]}`. */
function selectedValues(node: unknown): Record<string, string[]> | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const items = (node as { SelectedItem?: unknown }).SelectedItem;
  if (!Array.isArray(items)) return undefined;
  const values = Object.create(null) as Record<string, string[]>; // keys come from the payload
  for (const item of items as Record<string, unknown>[]) {
    const key = str(item?.QuestionKey);
    if (!key) continue;
    const ids = (item.OptionIds as { OptionId?: unknown } | undefined)?.OptionId;
    values[key] = Array.isArray(ids) ? ids.filter((v): v is string => typeof v === 'string') : [];
  }
  return Object.keys(values).length ? values : undefined;
}
