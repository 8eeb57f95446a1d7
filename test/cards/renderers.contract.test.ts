/**
 * One contract suite for every card renderer (hono's shared router suite): each renderer runs over
 * the same sample cards and must stay within its platform's limits without losing anything silently.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { parseActionKey, type Card, type CardField, type Message } from '../../cards/card.ts';
import { CONSOLE_LIMITS, renderConsoleMessage, type ConsoleOmitted, type ConsoleView } from '../../cards/render/console.ts';
import { baseActionId, renderSlackMessage, renderSlackModal, slackModalMetadata, SLACK_LIMITS } from '../../cards/render/slack.ts';
import { FORM_LINK_TITLE, renderWecomCardUpdate, renderWecomMessage, WECOM_LIMITS, wecomTaskId } from '../../cards/render/wecom.ts';
import { validateBlocks, validateModal } from '../fakes/slack-server.ts';
import { validateTemplateCard } from '../fakes/wecom-server.ts';
import { sampleMessages, type SampleCard } from './sample-cards.ts';

/** What every renderer's output is reduced to, so one set of checks fits all platforms. */
interface Rendered {
  /** What the platform would refuse; empty means accepted. */
  problems: string[];
  /** Everything a person can read, in display order. */
  text: string;
  /** Clickable callbacks, mapped back to the card's `actionId` + `value`. */
  actions: { actionId: string; value: string }[];
  fields: CardField[];
  /** Pre-filled form values (text `initial`, date `initial`) by input id, where the card itself shows the form. */
  prefilled: Record<string, string>;
}

interface Renderer {
  name: string;
  /** How many callback buttons and label/value pairs the platform can show; the rest must be summarised. */
  caps: { buttons: number; fields: number };
  render(message: Message): Rendered;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
/** Every object in a JSON tree, parents first. */
const objects = (node: unknown): Obj[] =>
  Array.isArray(node) ? node.flatMap(objects) : isObj(node) ? [node, ...Object.values(node).flatMap(objects)] : [];
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Every character of text in Slack blocks (each plain_text/mrkdwn `text`, buttons and options included).
 * Counted independently of the renderer: Slack answers `msg_blocks_too_long` at about 13k in all (slack.md §4).
 */
const SLACK_BLOCKS_CHARS = 12_000;
const slackTextLength = (blocks: unknown): number =>
  objects(blocks).reduce((n, o) => n + ((o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string' ? o.text.length : 0), 0);

const fromMrkdwn = (s: string) => s.replace(/<([^|>]*)\|([^>]*)>/g, '$2').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const slack: Renderer = {
  name: 'slack',
  caps: { buttons: Infinity, fields: Infinity },
  render(message) {
    const out = renderSlackMessage(message);
    const problems = out.blocks ? validateBlocks(out.blocks, SLACK_LIMITS.messageBlocks) : [];
    if (!out.text || out.text.length > SLACK_LIMITS.messageText) problems.push('text must be 1–40,000 characters');
    const chars = slackTextLength(out.blocks ?? []);
    if (chars > SLACK_BLOCKS_CHARS) problems.push(`blocks hold ${chars} characters of text (msg_blocks_too_long past ~13k; keep ≤${SLACK_BLOCKS_CHARS})`);
    const card = message.kind === 'card' ? message.card : undefined;
    if (card?.form) problems.push(...validateModal(renderSlackModal(card, { callbackId: card.form.submit.actionId, privateMetadata: slackModalMetadata(card) })));
    const all = objects(out.blocks ?? [{ type: 'mrkdwn', text: out.text }]);
    const texts = all.filter((o) => (o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string');
    const buttons = all.filter((o) => o.type === 'button');
    return {
      problems,
      text: texts.map((t) => (t.type === 'mrkdwn' ? fromMrkdwn(str(t.text)) : str(t.text))).join('\n'),
      actions: buttons.filter((b) => !b.url).map((b) => ({ actionId: baseActionId(str(b.action_id)), value: str(b.value) })),
      fields: all.flatMap((o) => (o.type === 'section' ? list(o.fields) : [])).flatMap((f) => {
        const m = /^\*([\s\S]*?)\*\n([\s\S]*)$/.exec(str(f.text));
        return m ? [{ label: fromMrkdwn(m[1] ?? ''), value: fromMrkdwn(m[2] ?? '') }] : [];
      }),
      prefilled: Object.fromEntries(
        all.flatMap((o) => {
          const initial = o.type === 'plain_text_input' ? o.initial_value : o.type === 'datepicker' ? o.initial_date : undefined;
          return typeof initial === 'string' ? [[baseActionId(str(o.action_id)), initial]] : [];
        }),
      ),
    };
  },
};

/** The H5 form link WeCom cards use for forms it cannot show natively. */
const H5 = 'https://h5.example.com/forms/';
const WECOM_TEXT_KEYS = ['title', 'desc', 'sub_title_text', 'keyname', 'value', 'text'];
const textPairs = (content: string): CardField[] =>
  content.split('\n').flatMap((line) => (line.includes('：') ? [{ label: line.slice(0, line.indexOf('：')), value: line.slice(line.indexOf('：') + 1) }] : []));

const wecom: Renderer = {
  name: 'wecom',
  caps: { buttons: WECOM_LIMITS.buttons, fields: WECOM_LIMITS.fields },
  render(message) {
    const card = message.kind === 'card' ? message.card : undefined;
    const taskId = wecomTaskId(card?.key ?? 'text', card?.version ?? 0, 'zhang-wei');
    let body: ReturnType<typeof renderWecomMessage>;
    try {
      // As deployed: forms WeCom cannot show get a signed H5 link; other cards bring their own links.
      body = renderWecomMessage(message, { taskId, ...(card?.form ? { formUrl: `${H5}${card.key}` } : {}) });
    } catch (err) {
      return { problems: [`render threw: ${errorText(err)}`], text: '', actions: [], fields: [], prefilled: {} };
    }
    if (body.msgtype === 'text') {
      const content = body.text.content;
      const bytes = Buffer.byteLength(content);
      return {
        problems: bytes > 0 && bytes <= WECOM_LIMITS.textBytes ? [] : [`text.content is ${bytes} bytes (1–2048)`],
        text: content,
        actions: [],
        fields: textPairs(content),
        prefilled: {},
      };
    }
    const tc = body.template_card;
    const problems: string[] = [];
    try {
      validateTemplateCard(tc);
    } catch (err) {
      problems.push(errorText(err));
    }
    if (Buffer.byteLength(str(tc.task_id)) > WECOM_LIMITS.taskIdBytes) problems.push('task_id over 128 bytes');
    // emphasis_content shows as a big line and a small line: "已接收" + "张伟 · 10:42".
    const em = isObj(tc.emphasis_content) ? tc.emphasis_content : undefined;
    const rest = objects(tc).filter((o) => o !== em);
    const keys = [...list(tc.button_list).map((b) => b.key), isObj(tc.submit_button) ? tc.submit_button.key : undefined];
    return {
      problems,
      text: [em ? [em.title, em.desc].filter(Boolean).join(' · ') : '', ...rest.flatMap((o) => WECOM_TEXT_KEYS.map((k) => str(o[k])))].filter(Boolean).join('\n'),
      actions: keys.flatMap((k) => (typeof k === 'string' ? [parseActionKey(k) ?? { actionId: '', value: k }] : [])),
      fields: [...list(tc.horizontal_content_list).map((h) => ({ label: str(h.keyname), value: str(h.value) })), ...textPairs(str(tc.sub_title_text))],
      // Text and date inputs live on the H5 page (test/channels/wecom/h5-form.test.ts checks it is pre-filled).
      prefilled: {},
    };
  },
};

type Limit = [what: string, actual: string | number | undefined, max: number];
/** The console's documented limits (CONSOLE_LIMITS): lengths in code points, as the renderer counts them. */
function consoleProblems(v: ConsoleView): string[] {
  const L = CONSOLE_LIMITS;
  const inputs = v.kind === 'card' ? (v.form?.inputs ?? []) : [];
  const buttons = v.kind === 'card' ? [...v.buttons, ...(v.form ? [v.form.submit] : [])] : [];
  const limits: Limit[] =
    v.kind === 'text'
      ? [['text', v.text, L.text]]
      : [
          ['title', v.title, L.title], ['subtitle', v.subtitle, L.subtitle], ['text', v.text, L.text], ['status', v.status, L.status],
          ['fields', v.fields.length, L.fields], ['links', v.links.length, L.links], ['buttons', v.buttons.length, L.buttons], ['inputs', inputs.length, L.inputs],
          ...v.fields.flatMap((f): Limit[] => [['field label', f.label, L.fieldLabel], ['field value', f.value, L.fieldValue]]),
          ...v.links.map((l): Limit => ['link label', l.label, L.linkLabel]),
          ...buttons.flatMap((b): Limit[] => [['button label', b.label, L.buttonLabel], ['action id', b.actionId, L.actionId], ['action value', b.value, L.actionValue]]),
          ...inputs.flatMap((i): Limit[] =>
            i.kind === 'text'
              ? [['input label', i.label, L.inputLabel], ['placeholder', i.placeholder, L.placeholder], ['max length', i.maxLength, L.textInputMax], ['initial text', i.initial, i.maxLength]]
              : i.kind === 'date'
                ? [['input label', i.label, L.inputLabel]]
                : [['input label', i.label, L.inputLabel], ['options', i.options.length, L.options], ...i.options.map((o): Limit => ['option label', o.label, L.optionLabel])],
          ),
        ];
  const size = (x: Limit[1]) => (typeof x === 'string' ? [...x].length : (x ?? 0));
  const unsafe = v.kind === 'card' ? v.links.filter((l) => !/^https?:/.test(l.url)).map((l) => `unsafe link ${l.url}`) : [];
  return [...limits.filter(([, x, max]) => size(x) > max).map(([what, x, max]) => `${what} is ${size(x)} (max ${max})`), ...unsafe];
}

/** The page's line for `omitted` (card-view.js, English): "… 5 more fields, 2 more links not shown". */
const omittedLine = (o: ConsoleOmitted | undefined): string | undefined => {
  const parts = Object.entries(o ?? {}).map(([kind, n]) => `${n} more ${n === 1 ? kind.slice(0, -1) : kind}`);
  return parts.length ? `… ${parts.join(', ')} not shown` : undefined;
};

const consoleRenderer: Renderer = {
  name: 'console',
  caps: { buttons: CONSOLE_LIMITS.buttons, fields: CONSOLE_LIMITS.fields },
  render(message) {
    const v = renderConsoleMessage(message);
    if (v.kind === 'text') return { problems: consoleProblems(v), text: v.text, actions: [], fields: [], prefilled: {} };
    const inputs = (v.form?.inputs ?? []).flatMap((i) => [i.label, ...(i.kind === 'text' ? [i.placeholder] : i.kind === 'date' ? [] : i.options.map((o) => o.label))]);
    const text = [
      v.title, v.subtitle, v.status, v.text, ...v.fields.flatMap((f) => [f.label, f.value]), ...v.links.map((l) => l.label), ...v.buttons.map((b) => b.label),
      ...inputs, v.form?.submit.label, omittedLine(v.omitted),
    ];
    return {
      problems: consoleProblems(v),
      text: text.filter(Boolean).join('\n'),
      actions: [...v.buttons.filter((b) => !b.url), ...(v.form ? [v.form.submit] : [])].map((b) => ({ actionId: b.actionId, value: b.value })),
      fields: v.fields,
      prefilled: Object.fromEntries((v.form?.inputs ?? []).flatMap((i) => ((i.kind === 'text' || i.kind === 'date') && i.initial ? [[i.id, i.initial]] : []))),
    };
  },
};

const renderers: Renderer[] = [slack, wecom, consoleRenderer];

// ── Matching helpers ────────────────────────────────────────────────────────────────────────────
const norm = (s: string) => s.replace(/\s+/g, '');
const MARKER = /…|\bmore\b|未显示/;
/** A hidden callback button must be named or counted, not just cut off. */
const SUMMARY = /\bmore\b|未显示|Not shown/;

/** `piece` is readable in `text`: whole, or as a prefix of it cut with "…" (whitespace-insensitive). */
function shows(text: string, piece: string): boolean {
  const t = norm(text);
  const p = norm(piece);
  if (t.includes(p)) return true;
  const head = p.slice(0, Math.min(2, p.length));
  for (let j = t.indexOf('…'); j >= 0; j = t.indexOf('…', j + 1)) {
    for (let s = t.lastIndexOf(head, j - head.length); s >= 0 && j - s <= p.length; s = s > 0 ? t.lastIndexOf(head, s - 1) : -1) {
      if (p.startsWith(t.slice(s, j))) return true;
    }
  }
  return false;
}
/** A shown label/value is the card's, possibly cut with "…". */
const clippedOf = (shown: string, full: string) => norm(shown) === norm(full) || (shown.endsWith('…') && norm(full).startsWith(norm(shown.slice(0, -1))));
const keyOf = (a: { actionId: string; value: string }) => `${a.actionId}:${a.value}`;
const cardOf = (m: Message): Card | undefined => (m.kind === 'card' ? m.card : undefined);

/** Everything a card says (forms excepted: WeCom links big forms to an H5 page by design). */
const pieces = (m: Message): string[] => {
  const c = cardOf(m);
  if (!c) return m.kind === 'text' ? [m.text] : [];
  const all = [c.title, c.subtitle, c.text, c.status, ...(c.fields ?? []).flatMap((f) => [f.label, f.value])];
  return [...all, ...(c.links ?? []).map((l) => l.label), ...(c.actions ?? []).map((a) => a.label)].filter((p): p is string => Boolean(p));
};

// ── The contract ────────────────────────────────────────────────────────────────────────────────
const checks: { id: string; name: string; check: (r: Renderer, m: Message, out: Rendered) => void }[] = [
  { id: 'accepted', name: 'is accepted by the platform', check: (_r, _m, out) => expect(out.problems).toEqual([]) },
  {
    id: 'title', name: 'shows the title, or its prefix cut with …',
    check: (_r, m, out) => {
      const title = cardOf(m)?.title;
      if (title) expect(shows(out.text, title), out.text.slice(0, 300)).toBe(true);
    },
  },
  {
    id: 'nothing-lost', name: 'loses nothing silently: what is not shown is marked',
    check: (_r, m, out) => {
      const lost = pieces(m).filter((p) => !shows(out.text, p));
      if (lost.length) expect(out.text, `not shown: ${lost.map((p) => p.slice(0, 40)).join(' | ')}`).toMatch(MARKER);
    },
  },
  {
    id: 'actions', name: 'maps every shown action back to its actionId + value, and shows all it can',
    check: (r, m, out) => {
      const c = cardOf(m);
      const own = new Set([...(c?.actions ?? []), ...(c?.form ? [c.form.submit] : [])].map(keyOf));
      expect(out.actions.map(keyOf).filter((k) => !own.has(k))).toEqual([]);
      const shown = new Set(out.actions.map(keyOf));
      const callbacks = [...new Set((c?.actions ?? []).filter((a) => !a.url).map(keyOf))];
      expect(callbacks.slice(0, r.caps.buttons).filter((k) => !shown.has(k))).toEqual([]);
      if (callbacks.some((k) => !shown.has(k))) expect(out.text).toMatch(SUMMARY);
      // A form is submitted from the card, or (WeCom, forms it cannot show) from the linked H5 page.
      if (c?.form) expect(shown.has(keyOf(c.form.submit)) || out.text.includes(FORM_LINK_TITLE)).toBe(true);
    },
  },
  {
    id: 'status', name: 'shows the status of an acted-on card, with no buttons',
    check: (_r, m, out) => {
      const c = cardOf(m);
      if (!c?.status || c.actions?.length || c.form) return;
      expect(shows(out.text, c.status), out.text.slice(0, 300)).toBe(true);
      expect(out.actions).toEqual([]);
    },
  },
  {
    id: 'prefilled', name: 'pre-fills text and date inputs, or links to a page that does',
    check: (_r, m, out) => {
      const inputs = cardOf(m)?.form?.inputs ?? [];
      const wanted = inputs.flatMap((i) => ((i.kind === 'text' || i.kind === 'date') && i.initial ? [[i.id, i.initial] as const] : []));
      if (!wanted.length || out.text.includes(FORM_LINK_TITLE)) return;
      for (const [id, initial] of wanted) expect(clippedOf(out.prefilled[id] ?? '', initial), `${id}: ${out.prefilled[id]}`).toBe(true);
      expect(Object.keys(out.prefilled).sort()).toEqual(wanted.map(([id]) => id).sort());
    },
  },
  {
    id: 'fields', name: 'shows fields as label/value pairs, the rest summarised',
    check: (r, m, out) => {
      const fields = cardOf(m)?.fields ?? [];
      const missing = fields.slice(0, r.caps.fields).filter((f) => !out.fields.some((s) => clippedOf(s.label, f.label) && clippedOf(s.value, f.value)));
      expect(missing).toEqual([]);
      const rest = fields.slice(r.caps.fields).filter((f) => !shows(out.text, `${f.label}`) || !shows(out.text, f.value));
      if (rest.length) expect(out.text, `${rest.length} fields neither shown nor summarised`).toMatch(MARKER);
    },
  },
];

/**
 * Renderer bugs this suite found, marked `it.fails` so the suite stays green and flips red once
 * a fix lands (then delete the entry).
 */
const KNOWN_BUGS: { renderer: string; sample: string; checks: string[]; bug: string }[] = [];
const bugOf = (r: Renderer, check: string, s: SampleCard) => KNOWN_BUGS.find((b) => b.renderer === r.name && b.sample === s.name && b.checks.includes(check));

describe.each(renderers)('$name renderer', (r) => {
  describe.each(checks)('$name', ({ id, check }) => {
    const ok = sampleMessages.filter((s) => !bugOf(r, id, s));
    const bugs = sampleMessages.filter((s) => bugOf(r, id, s));
    it.each(ok)('$name', (s) => check(r, s.message, r.render(s.message)));
    if (bugs.length) it.fails.each(bugs)('$name (known renderer bug, see KNOWN_BUGS)', (s) => check(r, s.message, r.render(s.message)));
  });
});

// ── Per-renderer sanity ─────────────────────────────────────────────────────────────────────────
describe('console omitted counts', () => {
  const cards = sampleMessages.flatMap((s) => (s.message.kind === 'card' ? [{ name: s.name, card: s.message.card }] : []));
  const optionsOf = (inputs: { kind: string; options?: unknown[] }[]) => inputs.reduce((n, i) => n + (i.options?.length ?? 0), 0);

  it.each(cards)('$name: what is shown plus what is counted as omitted is the whole card', ({ card }) => {
    const v = renderConsoleMessage({ kind: 'card', card });
    if (v.kind !== 'card') throw new Error('expected a card view');
    const o = v.omitted ?? {};
    expect(Object.values(o).every((n) => n > 0), 'only kinds with something left out').toBe(true);
    expect(v.fields.length + (o.fields ?? 0)).toBe(card.fields?.length ?? 0);
    expect(v.links.length + (o.links ?? 0)).toBe(card.links?.length ?? 0);
    expect(v.buttons.length + (o.buttons ?? 0)).toBe(card.actions?.length ?? 0);
    const inputs = card.form?.inputs ?? [];
    const shown = v.form?.inputs ?? [];
    expect(shown.length + (o.inputs ?? 0)).toBe(inputs.length);
    expect(optionsOf(shown) + (o.options ?? 0)).toBe(optionsOf(inputs.slice(0, shown.length)));
  });

  it('the samples go over every console cap', () => {
    const all = cards.map(({ card }) => renderConsoleMessage({ kind: 'card', card })).flatMap((v) => (v.kind === 'card' && v.omitted ? [v.omitted] : []));
    for (const kind of ['fields', 'links', 'buttons', 'inputs', 'options'] as const) expect(all.some((o) => (o[kind] ?? 0) > 0), kind).toBe(true);
  });
});

describe('wecom task ids', () => {
  it('are unique and valid for 1,000 distinct long card keys', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `lead:${'华东精密制造'.repeat(30)}:${i}` : `report-${'x'.repeat(200)}-${i}`));
    const ids = keys.map((k) => wecomTaskId(k, 1, 'zhang-wei'));
    for (const id of ids) expect(Buffer.byteLength(id) <= WECOM_LIMITS.taskIdBytes && /^[A-Za-z0-9_\-@]{1,128}$/.test(id), id).toBe(true);
    expect(new Set(ids).size).toBe(keys.length);
  });

  it.each(sampleMessages.filter((s) => cardOf(s.message)?.status))('$name as update_template_card is accepted and shows the status', (s) => {
    const card = cardOf(s.message) as Card;
    const tc = renderWecomCardUpdate(card, { taskId: wecomTaskId(card.key, card.version, 'zhang-wei'), formUrl: `${H5}${card.key}` });
    expect(() => validateTemplateCard(tc, false)).not.toThrow();
    // Only the card's own remaining actions stay clickable (e.g. 已联系 after 接收).
    expect(((tc.button_list ?? []) as { key: string }[]).map((b) => b.key)).toEqual((card.actions ?? []).map((a) => `${a.actionId}:${a.value}`));
    expect(shows(JSON.stringify(tc.emphasis_content ?? '') + str(tc.sub_title_text), card.status?.split(' · ')[0] ?? '')).toBe(true);
  });
});

describe('slack modals', () => {
  it.each(sampleMessages.filter((s) => cardOf(s.message)?.form))('$name: every input is there and the submit maps back', (s) => {
    const card = cardOf(s.message) as Card;
    const view = renderSlackModal(card, { callbackId: 'visit.submit', privateMetadata: slackModalMetadata(card) });
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(card.form?.inputs.map((i) => i.id));
    expect(JSON.parse(view.private_metadata ?? '{}')).toEqual({ actionId: card.form?.submit.actionId, value: card.form?.submit.value, cardKey: card.key });
  });
});
