/** Card → Slack Block Kit (messages and modals), clipped and split to Slack's documented limits. */
import type {
  ActionsBlock,
  ActionsBlockElement,
  Button,
  Checkboxes,
  ContextBlock,
  Datepicker,
  InputBlock,
  InputBlockElement,
  KnownBlock,
  ModalView,
  MultiStaticSelect,
  PlainTextElement,
  PlainTextOption,
  StaticSelect,
} from '@slack/types';
import { isIsoDate, type Card, type CardButton, type CardInput, type CardOption, type Message, type Tone } from '../card.ts';

/** The limits this renderer enforces (slack.md §4); the fake Slack server enforces the same. */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  header: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 75,
  selectOptions: 100,
  checkboxOptions: 10,
  placeholder: 150,
  label: 2000,
  textInput: 3000,
  modalText: 24,
  id: 255,
  messageText: 40_000,
  /**
   * All text in a message's blocks together. Slack answers `msg_blocks_too_long` at about 13k
   * characters in all, below every per-block limit (slack.md §4; bolt-js #2509), so this keeps a margin.
   */
  messageBlocksChars: 12_000,
} as const;

const TONE_EMOJI: Record<Tone, string> = { info: '', success: '✅ ', warning: '⚠️ ', urgent: '🚨 ' };

/** Slack's three mrkdwn control characters; everything else is literal. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to `max` UTF-16 units with a visible "…", never splitting a surrogate pair. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max - 1;
  if (/[\uD800-\uDBFF]/.test(s.charAt(cut - 1))) cut--;
  return `${s.slice(0, cut)}…`;
}

/** Escapes then clips, never cutting an `&amp;` entity in half. */
export function clipEscaped(raw: string, max: number): string {
  const full = escapeMrkdwn(raw);
  if (full.length <= max) return full;
  let out = '';
  for (const ch of raw) {
    const piece = escapeMrkdwn(ch);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** Splits long text into chunks ≤ max, preferring line then word boundaries; nothing is dropped. */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = /[\uD800-\uDBFF]/.test(rest.charAt(max - 1)) ? max - 1 : max;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const plain = (text: string, max: number): PlainTextElement => ({ type: 'plain_text', text: clip(text, max) || ' ' });

/** `actions:<cardKey>`, then `actions#2:<cardKey>` …: ids stay unique and the card key stays parseable. */
export function blockIdFor(kind: 'actions' | 'form', cardKey: string, n = 1): string {
  return clip(`${kind}${n > 1 ? `#${n}` : ''}:${cardKey}`, SLACK_LIMITS.id);
}

/** The card key back from a block id made by `blockIdFor`, if any. */
export function cardKeyFromBlockId(blockId: string | undefined): string | undefined {
  return blockId ? /^(?:actions|form)(?:#\d+)?:(.+)$/s.exec(blockId)?.[1] : undefined;
}

/** Slack rejects duplicate action_ids in one block, so repeats get `#n`; `baseActionId` strips it. */
export function baseActionId(actionId: string): string {
  return actionId.replace(/#\d+$/, '');
}

function uniqueActionIds<T extends { action_id?: string }>(elements: T[]): T[] {
  const seen = new Map<string, number>();
  return elements.map((e) => {
    const id = e.action_id ?? '';
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n > 1 ? { ...e, action_id: clip(`${id}#${n}`, SLACK_LIMITS.id) } : e;
  });
}

function button(b: CardButton): Button {
  return {
    type: 'button',
    text: plain(b.label, SLACK_LIMITS.buttonText),
    action_id: clip(b.actionId, SLACK_LIMITS.id),
    // A clipped value would be a wrong argument, but an over-long one fails the whole message.
    value: b.value.slice(0, SLACK_LIMITS.buttonValue),
    ...(b.url ? { url: b.url } : {}),
    ...(b.style && b.style !== 'default' ? { style: b.style } : {}),
  };
}

function option(o: CardOption): PlainTextOption {
  return { text: plain(o.label, SLACK_LIMITS.optionText), value: o.value.slice(0, SLACK_LIMITS.optionValue) };
}

/** ≤100 options inline; more become option_groups of 100, so nothing is dropped. */
function optionsOf(options: CardOption[]): { options: PlainTextOption[] } | { option_groups: { label: PlainTextElement; options: PlainTextOption[] }[] } {
  if (options.length <= SLACK_LIMITS.selectOptions) return { options: options.map(option) };
  const groups = chunk(options, SLACK_LIMITS.selectOptions).slice(0, SLACK_LIMITS.selectOptions);
  return {
    option_groups: groups.map((g, i) => ({
      label: plain(`${i * SLACK_LIMITS.selectOptions + 1}–${i * SLACK_LIMITS.selectOptions + g.length}`, SLACK_LIMITS.optionText),
      options: g.map(option),
    })),
  };
}

type Choice = Extract<CardInput, { kind: 'select' | 'multiselect' }>;
const isChoice = (input: CardInput): input is Choice => input.kind === 'select' || input.kind === 'multiselect';

function selectElement(input: Choice, forModal: boolean): StaticSelect | MultiStaticSelect | Checkboxes {
  const find = (v: string): PlainTextOption | undefined => {
    const o = input.options.find((x) => x.value === v);
    return o && option(o);
  };
  const base = { action_id: clip(input.id, SLACK_LIMITS.id), ...optionsOf(input.options) };
  const placeholder = forModal ? {} : { placeholder: plain(input.label, SLACK_LIMITS.placeholder) };
  if (input.kind === 'select') {
    const initial = input.initial ? find(input.initial) : undefined;
    return { type: 'static_select', ...base, ...placeholder, ...(initial ? { initial_option: initial } : {}) };
  }
  const initial = (input.initial ?? []).map(find).filter((o): o is PlainTextOption => o !== undefined);
  // Checkboxes show every choice at once, but only for short lists and without a selection cap.
  if (forModal && input.options.length <= SLACK_LIMITS.checkboxOptions && input.max === undefined) {
    return { type: 'checkboxes', action_id: base.action_id, options: input.options.map(option), ...(initial.length ? { initial_options: initial } : {}) };
  }
  return {
    type: 'multi_static_select',
    ...base,
    ...placeholder,
    ...(initial.length ? { initial_options: initial } : {}),
    ...(input.max ? { max_selected_items: Math.max(1, input.max) } : {}),
  };
}

function textElement(input: Extract<CardInput, { kind: 'text' }>): InputBlockElement {
  const max = Math.min(input.maxLength ?? SLACK_LIMITS.textInput, SLACK_LIMITS.textInput);
  return {
    type: 'plain_text_input',
    action_id: clip(input.id, SLACK_LIMITS.id),
    ...(input.multiline ? { multiline: true } : {}),
    ...(input.placeholder ? { placeholder: plain(input.placeholder, SLACK_LIMITS.placeholder) } : {}),
    // Slack refuses an initial_value over max_length; the cut stays visible ("…").
    ...(input.initial ? { initial_value: clip(input.initial, max) } : {}),
    max_length: max,
  };
}

/** Slack's datepicker has no earliest day: `min` is left to the handler. A malformed initial day is left out, not sent. */
function dateElement(input: Extract<CardInput, { kind: 'date' }>): Datepicker {
  return {
    type: 'datepicker',
    action_id: clip(input.id, SLACK_LIMITS.id),
    ...(input.initial && isIsoDate(input.initial) ? { initial_date: input.initial } : {}),
  };
}

function inputBlock(input: CardInput, forModal: boolean): InputBlock {
  const element: InputBlockElement = input.kind === 'text' ? textElement(input) : input.kind === 'date' ? dateElement(input) : selectElement(input, forModal);
  return { type: 'input', block_id: clip(input.id, SLACK_LIMITS.id), label: plain(input.label, SLACK_LIMITS.label), element, optional: !input.required };
}

function actionsBlocks(kind: 'actions' | 'form', cardKey: string, elements: ActionsBlockElement[]): ActionsBlock[] {
  return chunk(elements, SLACK_LIMITS.actionsElements).map((els, i) => ({
    type: 'actions',
    block_id: blockIdFor(kind, cardKey, i + 1),
    elements: uniqueActionIds(els),
  }));
}

/**
 * Header, subtitle, text, fields, links and status: what a card shows. `cap` (the total-size guard,
 * `fitChars`) cuts each of those texts, the card text as a whole, to at most that many characters.
 */
function contentBlocks(card: Card, withHeader: boolean, cap = Infinity): KnownBlock[] {
  const cut = (s: string) => (s.length > cap ? clip(s, cap) : s);
  const blocks: KnownBlock[] = [];
  if (withHeader) blocks.push({ type: 'header', text: plain(`${TONE_EMOJI[card.tone ?? 'info']}${card.title}`, SLACK_LIMITS.header) });
  if (card.subtitle) blocks.push(context(cut(card.subtitle)));
  if (card.text) for (const part of splitText(cut(card.text), SLACK_LIMITS.sectionText)) blocks.push({ type: 'section', text: { type: 'plain_text', text: part || ' ' } });
  for (const group of chunk(card.fields ?? [], SLACK_LIMITS.fieldsPerSection)) {
    const fields = group.map((f) => ({ type: 'mrkdwn' as const, text: clipEscaped(`*${cut(f.label)}*\n${cut(f.value)}`, SLACK_LIMITS.fieldText) }));
    blocks.push({ type: 'section', fields });
  }
  const links = (card.links ?? []).map((l) => `<${l.url.replace(/\|/g, '%7C').replace(/[&<>]/g, escapeMrkdwn)}|${clipEscaped(cut(l.label), SLACK_LIMITS.sectionText)}>`);
  for (const text of packLines(links, ' · ', SLACK_LIMITS.sectionText)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  if (card.status) blocks.push(context(cut(card.status)));
  return blocks;
}

/** The texts `contentBlocks` cuts to `cap`, by length: what the total-size guard can shorten. */
function cuttableLengths(card: Card, cap: number): number[] {
  const texts = [card.text, card.subtitle, card.status, ...(card.fields ?? []).flatMap((f) => [f.label, f.value]), ...(card.links ?? []).map((l) => l.label)];
  return texts.map((t) => Math.min(t?.length ?? 0, cap)).filter((n) => n > 0);
}

/** Characters of text in blocks (every plain_text/mrkdwn text: sections, fields, context, buttons, options), in UTF-16 units. */
export function blocksTextLength(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + blocksTextLength(x), 0);
  if (typeof node !== 'object' || node === null) return 0;
  const o = node as Record<string, unknown>;
  const own = (o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string' ? o.text.length : 0;
  return Object.values(o).reduce((n: number, v) => n + (typeof v === 'object' ? blocksTextLength(v) : 0), own);
}

/** The largest `c` such that cutting every length above `c` down to `c` removes at least `excess`. */
function waterLevel(lengths: number[], excess: number): number {
  const sorted = [...lengths].sort((a, b) => b - a);
  let sum = 0;
  for (const [i, len] of sorted.entries()) {
    sum += len;
    const next = sorted[i + 1] ?? 0;
    if (sum - (i + 1) * next >= excess) return Math.floor((sum - excess) / (i + 1));
  }
  return 0;
}

/** No text is cut shorter than this by the total-size guard; past it, trailing content blocks go instead. */
const MIN_CAP = 40;

/**
 * The total-size guard (`msg_blocks_too_long`): over SLACK_LIMITS.messageBlocksChars, the longest texts
 * are cut to a common length, visibly with "…" (the card text first, it is usually the one); the buttons
 * and form stay whole. If that is not enough (hundreds of fields), trailing content blocks give way to
 * the "… N more" marker, as for the block count.
 */
function fitChars(card: Card, tail: KnownBlock[], withHeader: boolean, maxBlocks: number): KnownBlock[] {
  const budget = SLACK_LIMITS.messageBlocksChars;
  let cap = Infinity;
  let body = contentBlocks(card, withHeader, cap);
  let blocks = fitBlocks(body, tail, maxBlocks);
  // Each round lowers the cap (the measured excess includes escaping and blocks the block count had dropped).
  for (let round = 0; round < 10 && cap > MIN_CAP; round++) {
    const excess = blocksTextLength(blocks) - budget;
    if (excess <= 0) return blocks;
    cap = Math.max(MIN_CAP, Math.min(cap - 1, waterLevel(cuttableLengths(card, cap), excess)));
    body = contentBlocks(card, withHeader, cap);
    blocks = fitBlocks(body, tail, maxBlocks);
  }
  for (let max = blocks.length - 1; blocksTextLength(blocks) > budget && max >= Math.min(tail.length, maxBlocks - 2) + 2; max--) {
    blocks = fitBlocks(body, tail, max);
  }
  return blocks;
}

function context(text: string): ContextBlock {
  return { type: 'context', elements: [plain(text, SLACK_LIMITS.sectionText)] };
}

/** Joins items into strings ≤ max each (an oversized single item is clipped). */
function packLines(items: string[], sep: string, max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const item of items) {
    const next = cur ? `${cur}${sep}${item}` : item;
    if (next.length <= max) cur = next;
    else {
      if (cur) out.push(cur);
      cur = clip(item, max);
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** Keeps the interactive tail (form, buttons) and shows "… N more" where content was cut. */
function fitBlocks(body: KnownBlock[], tail: KnownBlock[], max: number): KnownBlock[] {
  if (body.length + tail.length <= max) return [...body, ...tail];
  const keptTail = tail.slice(0, Math.max(0, max - 2));
  const room = max - 1 - keptTail.length;
  const kept = body.slice(0, room);
  const omitted = body.length - kept.length + (tail.length - keptTail.length);
  return [...kept, { type: 'context', elements: [{ type: 'mrkdwn', text: `… ${omitted} more` }] }, ...keptTail];
}

/**
 * Form inputs in a message: selects go into `form:` actions blocks (with the submit button), text
 * and dates into input blocks, where their label shows (a datepicker's placeholder hides behind its day).
 */
function messageForm(card: Card): KnownBlock[] {
  if (!card.form) return [];
  const inputs = card.form.inputs.filter((i) => !isChoice(i)).map((i) => inputBlock(i, false));
  const selects: ActionsBlockElement[] = card.form.inputs.flatMap((i) => (isChoice(i) ? [selectElement(i, false)] : []));
  const submit = button({ ...card.form.submit, style: 'primary' });
  return [...inputs, ...actionsBlocks('form', card.key, [...selects, submit])];
}

/** The fallback `text` Slack shows in notifications and to screen readers. */
function fallbackText(card: Card): string {
  const parts = [card.title, card.subtitle, card.status].filter((p): p is string => Boolean(p));
  return clipEscaped(parts.join(' — '), SLACK_LIMITS.sectionText);
}

export function renderSlackMessage(message: Message): { text: string; blocks?: KnownBlock[] } {
  if (message.kind === 'text') return { text: clipEscaped(message.text, SLACK_LIMITS.messageText) || ' ' };
  const { card } = message;
  const tail = [...messageForm(card), ...actionsBlocks('actions', card.key, (card.actions ?? []).map(button))];
  return { text: fallbackText(card), blocks: fitChars(card, tail, true, SLACK_LIMITS.messageBlocks) };
}

/** What a modal's `view_submission` carries back: the submit action and the card it belongs to. */
export interface SlackModalMetadata {
  actionId: string;
  value: string;
  cardKey: string;
}

/** `private_metadata` for a card's modal (≤3000 chars). */
export function slackModalMetadata(card: Card): string {
  const meta: SlackModalMetadata = { actionId: card.form?.submit.actionId ?? '', value: card.form?.submit.value ?? '', cardKey: card.key };
  return JSON.stringify(meta).slice(0, 3000);
}

export function renderSlackModal(card: Card, opts: { callbackId: string; privateMetadata: string; close?: string }): ModalView {
  const inputs = (card.form?.inputs ?? []).map((i) => inputBlock(i, true));
  const buttons = actionsBlocks('actions', card.key, (card.actions ?? []).map(button));
  const view: ModalView = {
    type: 'modal',
    callback_id: clip(opts.callbackId, SLACK_LIMITS.id),
    private_metadata: opts.privateMetadata.slice(0, 3000),
    title: plain(card.title, SLACK_LIMITS.modalText),
    // The title is clipped to 24 chars, so the full title leads the body as a header.
    blocks: fitBlocks(contentBlocks(card, card.title.length > SLACK_LIMITS.modalText), [...inputs, ...buttons], SLACK_LIMITS.modalBlocks),
  };
  if (card.form) view.submit = plain(card.form.submit.label, SLACK_LIMITS.modalText);
  if (opts.close) view.close = plain(opts.close, SLACK_LIMITS.modalText);
  return view;
}
