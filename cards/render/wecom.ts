/** Renders the channel-neutral card model into WeCom `message/send` bodies and `template_card` objects. */
import { createHash } from 'node:crypto';
import { actionKey, type Card, type CardButton, type CardForm, type CardInput, type CardLink, type Message } from '../card.ts';

export type WecomMessageBody =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'template_card'; template_card: Record<string, unknown> };

export interface WecomRenderOptions {
  taskId: string;
  /** A signed H5 link: the form page for forms WeCom cannot show, and the card link when the card has none. */
  formUrl?: string;
}

/** The card cannot be shown on WeCom as asked (a form without an H5 link, an over-long button key). */
export class WecomRenderError extends Error {
  constructor(
    readonly code: 'needs_url' | 'needs_form_url' | 'key_too_long',
    message: string,
  ) {
    super(message);
    this.name = 'WecomRenderError';
  }
}

/**
 * Counts and byte sizes are hard limits (WeCom rejects more); character lengths are the
 * documented 建议 display lengths, enforced so a card looks the same on every client.
 * keyname is documented as 5 characters; we allow 10 so English labels stay readable.
 */
export const WECOM_LIMITS = {
  textBytes: 2048,
  keyBytes: 1024,
  optionIdBytes: 128,
  taskIdBytes: 128,
  buttons: 6,
  fields: 6,
  jumps: 3,
  voteOptions: 20,
  selects: 3,
  selectOptions: 10,
  titleChars: 36,
  descChars: 44,
  subTitleChars: 160,
  emphasisTitleChars: 14,
  emphasisDescChars: 22,
  keynameChars: 10,
  valueChars: 30,
  jumpTitleChars: 18,
  buttonChars: 10,
  optionChars: 16,
} as const;
const L = WECOM_LIMITS;

/**
 * Link rows a button card keeps in horizontal_content_list (button_interaction has no jump_list):
 * links are the card's actionable content, so they get up to this many of the 6 rows, more when
 * there are fewer fields; fields get the rest (fields first in the list, links after them).
 */
export const WECOM_LINK_ROWS = 3;
/** keyname of a link row (documented as ≤5 characters), by the card's language. */
export const LINK_KEYNAME = { zh: '链接', en: 'Link' } as const;

export const FORM_LINK_TITLE = '填写表单 / Open form';
/** Starts the note naming actions a card cannot show. It is the only trace of them, so it goes first and is never cut off by other text. */
export const NOT_SHOWN = '未显示 / Not shown: ';
const ELLIPSIS = '…';
/** Each action named in a NOT_SHOWN note is cut to this many characters, so several fit. */
const NOTE_LABEL_CHARS = 20;
/** The card text keeps at least this much when sub_title_text is crowded, so its cut stays visible. */
const MIN_BODY_CHARS = 8;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function segments(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

/**
 * The shared truncation helper: cuts on a grapheme boundary (never inside a Chinese character
 * or an emoji) so the result has at most `chars` characters and `bytes` UTF-8 bytes, with a
 * visible "…" when anything was cut.
 */
export function truncate(text: string, limit: { chars?: number; bytes?: number }): string {
  const chars = limit.chars ?? Infinity;
  const bytes = limit.bytes ?? Infinity;
  const segs = segments(text);
  if (segs.length <= chars && Buffer.byteLength(text) <= bytes) return text;
  let out = '';
  let used = Buffer.byteLength(ELLIPSIS);
  for (const [i, seg] of segs.entries()) {
    const n = Buffer.byteLength(seg);
    if (i + 1 >= chars || used + n > bytes) break;
    out += seg;
    used += n;
  }
  return out.trimEnd() + ELLIPSIS;
}

const TASK_ID = /^[A-Za-z0-9_\-@]{1,128}$/;

/**
 * A task_id unique per (card, version, person). Readable `key@v2@person` when that is already
 * valid; otherwise the sanitised text plus a hash of the exact inputs, so two keys that
 * sanitise alike (`a:b`, `a_b`) or share a long prefix still get different ids.
 */
export function wecomTaskId(cardKey: string, version: number, personId: string): string {
  const raw = `${cardKey}@v${version}@${personId}`;
  if (!cardKey.includes('@') && !personId.includes('@') && TASK_ID.test(raw)) return raw;
  const hash = createHash('sha256').update(JSON.stringify([cardKey, version, personId])).digest('hex').slice(0, 16);
  return `${raw.replace(/[^A-Za-z0-9_\-@]/g, '_').slice(0, L.taskIdBytes - 17)}_${hash}`;
}

export function renderWecomMessage(message: Message, opts: WecomRenderOptions): WecomMessageBody {
  if (message.kind === 'text') return textBody(message.text);
  const card = message.card;
  // A plain notice needs a link (card_action is required); without one a text message shows the same facts.
  if (!card.form && !card.actions?.length && !cardUrl(card, opts)) return textBody(cardAsText(card));
  return { msgtype: 'template_card', template_card: renderTemplateCard(card, opts) };
}

/** The template_card for `message/update_template_card`; throws WecomRenderError when it cannot be built. */
export function renderWecomCardUpdate(card: Card, opts: WecomRenderOptions): Record<string, unknown> {
  return renderTemplateCard(card, opts);
}

function textBody(text: string): WecomMessageBody {
  return { msgtype: 'text', text: { content: truncate(text, { bytes: L.textBytes }) } };
}

function cardAsText(card: Card): string {
  const lines = [`【${card.title}】`, card.subtitle, card.status];
  for (const f of card.fields ?? []) lines.push(`${f.label}：${f.value}`);
  lines.push(card.text);
  for (const l of card.links ?? []) lines.push(`${l.label}：${l.url}`);
  return lines.filter(Boolean).join('\n');
}

function renderTemplateCard(card: Card, opts: WecomRenderOptions): Record<string, unknown> {
  if (card.form) return renderForm(card, card.form, opts);
  if (card.actions?.length) return renderButtons(card, card.actions, opts);
  return renderNotice(card, opts, cardUrl(card, opts), card.links ?? []);
}

function cardUrl(card: Card, opts: WecomRenderOptions): string | undefined {
  return card.links?.[0]?.url ?? opts.formUrl ?? card.actions?.find((b) => b.url)?.url;
}

function mainTitle(title: string, desc: string | undefined): Record<string, string> {
  const out: Record<string, string> = { title: truncate(title, { chars: L.titleChars }) };
  if (desc) out.desc = truncate(desc, { chars: L.descChars });
  return out;
}

/** "未显示 / Not shown: A、B": names actions the card cannot show, each cut to a short label. */
function notShown(labels: string[]): string[] {
  return labels.length ? [`${NOT_SHOWN}${labels.map((l) => truncate(l, { chars: NOTE_LABEL_CHARS })).join('、')}`] : [];
}

/**
 * sub_title_text (≤160 characters), most important first: `notes` (actions the card cannot show, the only
 * trace of them) lead and are cut only if they alone are too long; `head` (status) and `tail` (fields and
 * links that did not fit their lists) stay whole if they can; the body (card text) absorbs the cut, visibly,
 * down to a short stub. Whatever still does not fit is cut from the end with "…", never the notes.
 */
function subTitle(parts: { notes?: string[]; head?: string[]; body?: string | undefined; tail?: string[] }): string | undefined {
  const notes = parts.notes?.length ? [truncate(parts.notes.join('\n'), { chars: L.subTitleChars })] : [];
  const head = parts.head ?? [];
  const tail = parts.tail ?? [];
  const fixed = [...notes, ...head, ...tail];
  const room = L.subTitleChars - segments(fixed.join('\n')).length - (fixed.length ? 1 : 0);
  const body = parts.body && truncate(parts.body, { chars: Math.max(room, MIN_BODY_CHARS) });
  const all = [...notes, ...head, body, ...tail].filter(Boolean).join('\n');
  return all ? truncate(all, { chars: L.subTitleChars }) : undefined;
}

/** The first `rows` fields as horizontal_content_list entries; the rest written out as `label：value` lines. */
function fieldList(card: Card, rows: number = L.fields): { list: Record<string, string>[]; overflow: string[] } {
  const fields = card.fields ?? [];
  const list = fields.slice(0, rows).map((f) => ({
    keyname: truncate(f.label || '-', { chars: L.keynameChars }),
    value: truncate(f.value, { chars: L.valueChars }),
  }));
  return { list, overflow: fields.slice(rows).map((f) => `${f.label}：${f.value}`) };
}

const HAN = /\p{Script=Han}/u;

/** '链接' on a Chinese card, 'Link' otherwise: judged by the field labels, else the title. */
function linkKeyname(card: Card): string {
  const labels = card.fields?.length ? card.fields.map((f) => f.label) : [card.title, card.subtitle ?? ''];
  return HAN.test(labels.join('')) ? LINK_KEYNAME.zh : LINK_KEYNAME.en;
}

/**
 * horizontal_content_list for a button card: fields first, then links as `type: 1` rows, ≤6 in all.
 * Links get up to WECOM_LINK_ROWS rows (more if fields leave room), fields the rest. Fields that do
 * not fit come back as text lines; links that do not fit come back as labels for a NOT_SHOWN note.
 */
function contentList(card: Card, links: CardLink[]): { list: Record<string, unknown>[]; fieldOverflow: string[]; hiddenLinks: string[] } {
  const fieldCount = card.fields?.length ?? 0;
  const linkRows = Math.min(links.length, Math.max(WECOM_LINK_ROWS, L.fields - fieldCount));
  const fields = fieldList(card, L.fields - linkRows);
  const keyname = linkKeyname(card);
  const linkList = links.slice(0, linkRows).map((l) => ({ keyname, value: truncate(l.label || l.url, { chars: L.valueChars }), type: 1, url: l.url }));
  return { list: [...fields.list, ...linkList], fieldOverflow: fields.overflow, hiddenLinks: links.slice(linkRows).map((l) => l.label || l.url) };
}

/** text_notice jump_list from links (then extra link buttons), max 3; the rest are written out as text. */
function jumpList(links: CardLink[]): { list: Record<string, unknown>[]; overflow: string[] } {
  const list = links.slice(0, L.jumps).map((l) => ({ type: 1, title: truncate(l.label, { chars: L.jumpTitleChars }), url: l.url }));
  return { list, overflow: links.slice(L.jumps).map((l) => `${l.label}：${l.url}`) };
}

function withLists(out: Record<string, unknown>, fields: Record<string, string>[], jumps: Record<string, unknown>[]) {
  if (fields.length) out.horizontal_content_list = fields;
  if (jumps.length) out.jump_list = jumps;
  return out;
}

/** text_notice: `links` become jump_list (≤3, the rest written out in sub_title_text). */
function renderNotice(card: Card, opts: WecomRenderOptions, url: string | undefined, links: CardLink[]) {
  if (!url) throw new WecomRenderError('needs_url', `card ${card.key}: a WeCom text_notice needs a link (card_action)`);
  const fields = fieldList(card);
  const jumps = jumpList(links);
  const out: Record<string, unknown> = { card_type: 'text_notice', main_title: mainTitle(card.title, card.subtitle) };
  const head: string[] = [];
  if (card.status) {
    // "已接收 · 张伟 · 10:42" → big "已接收", small "张伟 · 10:42"; too long for the big line → first text line.
    const [first = '', ...rest] = card.status.split(' · ');
    if (segments(first).length <= L.emphasisTitleChars) {
      out.emphasis_content = rest.length
        ? { title: first, desc: truncate(rest.join(' · '), { chars: L.emphasisDescChars }) }
        : { title: first };
    } else head.push(card.status);
  }
  const sub = subTitle({ head, body: card.text, tail: [...fields.overflow, ...jumps.overflow] });
  if (sub) out.sub_title_text = sub;
  withLists(out, fields.list, jumps.list);
  return { ...out, card_action: { type: 1, url }, task_id: opts.taskId };
}

const STYLE = { primary: 1, default: 2, danger: 3 } as const;

/**
 * button_interaction. It has no jump_list (documented for text_notice/news_notice only), so links
 * are `type: 1` rows of horizontal_content_list, after the fields (see contentList). Over 6 buttons:
 * callback buttons claim the slots first (only they need the card); link buttons that do not fit
 * join the card's links. Hidden callback buttons, then links without a row, are named first in
 * sub_title_text ("未显示 / Not shown: …"), so nothing disappears silently; fields without a row are
 * written out there as `label：value`. `formLink` (a form's H5 page) is the first link row and what
 * a click on the card opens.
 */
function renderButtons(card: Card, buttons: CardButton[], opts: WecomRenderOptions, formLink?: CardLink) {
  const keys = new Set<string>();
  const unique = buttons.filter((b) => {
    if (b.url) return true;
    const key = actionKey(b.actionId, b.value);
    if (Buffer.byteLength(key) > L.keyBytes) throw new WecomRenderError('key_too_long', `card ${card.key}: button key over 1024 bytes`);
    if (keys.has(key)) return false; // the same action twice is one button
    keys.add(key);
    return true;
  });
  const shown = new Set(unique.filter((b) => !b.url).slice(0, L.buttons));
  for (const b of unique) if (b.url && shown.size < L.buttons) shown.add(b);
  const button_list = unique
    .filter((b) => shown.has(b))
    .map((b) => {
      const base = { text: truncate(b.label, { chars: L.buttonChars }), style: STYLE[b.style ?? 'default'] };
      return b.url ? { type: 1, ...base, url: b.url } : { ...base, key: actionKey(b.actionId, b.value) };
    });
  const rest = unique.filter((b) => !shown.has(b));
  const hidden = rest.filter((b) => !b.url).map((b) => b.label);
  const restLinks = rest.filter((b) => b.url).map((b) => ({ label: b.label, url: b.url ?? '' }));
  const content = contentList(card, [...(formLink ? [formLink] : []), ...(card.links ?? []), ...restLinks]);
  const out: Record<string, unknown> = { card_type: 'button_interaction', main_title: mainTitle(card.title, card.subtitle) };
  const sub = subTitle({
    notes: notShown([...hidden, ...content.hiddenLinks]),
    head: card.status ? [card.status] : [],
    body: card.text,
    tail: content.fieldOverflow,
  });
  if (sub) out.sub_title_text = sub;
  if (content.list.length) out.horizontal_content_list = content.list;
  const url = formLink?.url ?? cardUrl(card, opts);
  if (url) out.card_action = { type: 1, url };
  return { ...out, task_id: opts.taskId, button_list };
}

type Choice = Extract<CardInput, { kind: 'select' | 'multiselect' }>;

function choicesFit(input: CardInput, max: number): input is Choice {
  // WeCom cards hold only choices: text and date inputs need the H5 page.
  if ((input.kind !== 'select' && input.kind !== 'multiselect') || input.options.length < 1 || input.options.length > max) return false;
  if (Buffer.byteLength(input.id) > L.keyBytes) return false;
  const ids = new Set(input.options.map((o) => o.value));
  return ids.size === input.options.length && input.options.every((o) => o.value && Buffer.byteLength(o.value) <= L.optionIdBytes);
}

/**
 * Forms: one select/multiselect (≤20 options) → vote_interaction; ≤3 single selects (≤10
 * options each) → multiple_interaction; anything else (text or date inputs, more options) → a
 * text_notice linking to the H5 form. Vote/multiple cards have no body on WeCom, so the
 * status, subtitle, text and fields are summarised into main_title.desc.
 *
 * The card's buttons: vote/multiple cards have no button_list (nor jump_list or
 * horizontal_content_list) and text_notice none at all, so a form with callback buttons and an H5
 * link becomes a button_interaction card (the buttons, with the form as its card_action and first
 * link row); link buttons beside an H5-only form go to the text_notice's jump_list. Only a native
 * form without an H5 link names its buttons ("未显示 / Not shown: …", first in main_title.desc)
 * instead of showing them.
 */
function renderForm(card: Card, form: CardForm, opts: WecomRenderOptions) {
  const submitKey = actionKey(form.submit.actionId, form.submit.value);
  const actions = card.actions ?? [];
  const [only] = form.inputs;
  const isVote = form.inputs.length === 1 && only !== undefined && choicesFit(only, L.voteOptions);
  const isMultiple =
    !isVote &&
    form.inputs.length >= 1 &&
    form.inputs.length <= L.selects &&
    form.inputs.every((i) => i.kind === 'select' && choicesFit(i, L.selectOptions)) &&
    new Set(form.inputs.map((i) => i.id)).size === form.inputs.length;
  const native = (isVote || isMultiple) && Buffer.byteLength(submitKey) <= L.keyBytes;
  if (opts.formUrl && (!native || actions.some((b) => !b.url))) {
    const formLink = { label: FORM_LINK_TITLE, url: opts.formUrl };
    if (actions.some((b) => !b.url)) return renderButtons(card, actions, opts, formLink);
    const linkButtons = actions.map((b) => ({ label: b.label, url: b.url ?? '' }));
    return renderNotice(card, opts, opts.formUrl, [formLink, ...(card.links ?? []), ...linkButtons]);
  }
  if (!native) throw new WecomRenderError('needs_form_url', `card ${card.key}: this form needs an H5 link (formUrl) on WeCom`);
  const facts = [card.text, ...(card.fields ?? []).map((f) => `${f.label}：${f.value}`)];
  const notes = notShown(actions.map((b) => b.label));
  const submit_button = { text: truncate(form.submit.label, { chars: L.buttonChars }), key: submitKey };
  if (isVote && only) {
    const checked = new Set(only.kind === 'multiselect' ? (only.initial ?? []) : only.initial ? [only.initial] : []);
    // The checkbox has no title of its own, so the question label joins the description.
    const desc = [...notes, card.status, card.subtitle, only.label, ...facts].filter(Boolean).join(' · ');
    return {
      card_type: 'vote_interaction',
      main_title: mainTitle(card.title, desc),
      task_id: opts.taskId,
      checkbox: {
        question_key: only.id,
        mode: only.kind === 'multiselect' ? 1 : 0,
        option_list: only.options.map((o) => ({ id: o.value, text: truncate(o.label, { chars: L.optionChars }), is_checked: checked.has(o.value) })),
      },
      submit_button,
    };
  }
  const select_list = (form.inputs as Choice[]).map((i) => {
    const initial = typeof i.initial === 'string' && i.options.some((o) => o.value === i.initial) ? { selected_id: i.initial } : {};
    const option_list = i.options.map((o) => ({ id: o.value, text: truncate(o.label, { chars: L.optionChars }) }));
    return { question_key: i.id, title: truncate(i.label, { chars: L.optionChars }), ...initial, option_list };
  });
  const desc = [...notes, card.status, card.subtitle, ...facts].filter(Boolean).join(' · ') || undefined;
  return { card_type: 'multiple_interaction', main_title: mainTitle(card.title, desc), task_id: opts.taskId, select_list, submit_button };
}
