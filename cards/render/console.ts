/**
 * Renders a channel-neutral `Message` into the JSON view model the local console page draws.
 * Applies chat-app sanity limits so the console shows what Slack/WeCom users would get.
 * @module
 */
import { isIsoDate, safeHref, type Card, type CardButton, type CardField, type CardForm, type CardInput, type CardLink, type CardOption, type Message, type Tone } from '../card.ts';

/** The limits, exported so the shared renderer contract suite can assert them. */
export const CONSOLE_LIMITS = {
  title: 200,
  subtitle: 300,
  text: 4000,
  status: 300,
  fields: 25,
  fieldLabel: 100,
  fieldValue: 1000,
  links: 10,
  linkLabel: 200,
  buttons: 20,
  buttonLabel: 75,
  /** Ids and values are never truncated (that would change their meaning): oversize ones are dropped. */
  actionId: 255,
  actionValue: 2000,
  inputs: 20,
  inputLabel: 200,
  options: 100,
  optionLabel: 75,
  placeholder: 150,
  textInputMax: 3000,
} as const;

export interface ConsoleButton {
  actionId: string;
  value: string;
  label: string;
  style: 'primary' | 'danger' | 'default';
  url?: string;
}

export type ConsoleInput =
  | { kind: 'select'; id: string; label: string; options: CardOption[]; initial?: string; required: boolean }
  | { kind: 'multiselect'; id: string; label: string; options: CardOption[]; initial: string[]; required: boolean; max?: number }
  | { kind: 'text'; id: string; label: string; multiline: boolean; placeholder?: string; required: boolean; maxLength: number; initial?: string }
  | { kind: 'date'; id: string; label: string; required: boolean; initial?: string; min?: string };

export interface ConsoleForm {
  inputs: ConsoleInput[];
  submit: { actionId: string; value: string; label: string };
}

/**
 * How many of the card's items the view leaves out (over a limit, or unsafe/invalid), by kind; only
 * kinds with something left out are present. The page shows it as "… 5 more fields" so nothing
 * disappears silently. `options` counts choices left out across all inputs; a form dropped whole (its
 * submit action cannot be posted) counts its inputs and its submit button.
 */
export interface ConsoleOmitted {
  fields?: number;
  links?: number;
  buttons?: number;
  inputs?: number;
  options?: number;
}

export interface ConsoleCardView {
  kind: 'card';
  key: string;
  version: number;
  title: string;
  subtitle?: string;
  tone: Tone;
  fields: CardField[];
  text?: string;
  links: CardLink[];
  buttons: ConsoleButton[];
  form?: ConsoleForm;
  status?: string;
  /** Present only when something was left out. */
  omitted?: ConsoleOmitted;
}

export interface ConsoleTextView {
  kind: 'text';
  text: string;
}

export type ConsoleView = ConsoleCardView | ConsoleTextView;

/**
 * @example
 * renderConsoleMessage({ kind: 'text', text: 'hi' }) // → { kind: 'text', text: 'hi' }
 */
export function renderConsoleMessage(message: Message): ConsoleView {
  if (message.kind === 'text') return { kind: 'text', text: clip(message.text, CONSOLE_LIMITS.text) };
  return renderCard(message.card);
}

function renderCard(card: Card): ConsoleCardView {
  const L = CONSOLE_LIMITS;
  const fields = card.fields ?? [];
  const links = card.links ?? [];
  const actions = card.actions ?? [];
  const view: ConsoleCardView = {
    kind: 'card',
    key: card.key,
    version: card.version,
    title: clip(card.title, L.title),
    tone: card.tone ?? 'info',
    fields: fields.slice(0, L.fields).map((f) => ({ label: clip(f.label, L.fieldLabel), value: clip(f.value, L.fieldValue) })),
    links: links
      .filter((l) => safeHref(l.url) !== undefined)
      .slice(0, L.links)
      .map((l) => ({ label: clip(l.label, L.linkLabel), url: l.url })),
    buttons: actions.filter(validButton).slice(0, L.buttons).map(renderButton),
  };
  if (card.subtitle) view.subtitle = clip(card.subtitle, L.subtitle);
  if (card.text) view.text = clip(card.text, L.text);
  if (card.status) view.status = clip(card.status, L.status);
  const form = card.form && renderForm(card.form);
  if (form) view.form = form;

  const omitted: ConsoleOmitted = {};
  const count = (kind: keyof ConsoleOmitted, n: number) => {
    if (n > 0) omitted[kind] = (omitted[kind] ?? 0) + n;
  };
  count('fields', fields.length - view.fields.length);
  count('links', links.length - view.links.length);
  count('buttons', actions.length - view.buttons.length);
  if (card.form) {
    const shown = form?.inputs ?? [];
    count('inputs', card.form.inputs.length - shown.length);
    // Options of inputs dropped whole are covered by the input count.
    if (form) count('options', optionCount(keptInputs(card.form)) - optionCount(shown));
    else count('buttons', 1);
  }
  if (Object.keys(omitted).length) view.omitted = omitted;
  return view;
}

function optionCount(inputs: (CardInput | ConsoleInput)[]): number {
  return inputs.reduce((n, i) => n + (i.kind === 'select' || i.kind === 'multiselect' ? i.options.length : 0), 0);
}

function validButton(b: CardButton): boolean {
  if (!idOk(b.actionId) || b.value.length > CONSOLE_LIMITS.actionValue) return false;
  // A link button with an unsafe URL is dropped rather than turned into an action button.
  return b.url === undefined || safeHref(b.url) !== undefined;
}

function renderButton(b: CardButton): ConsoleButton {
  const out: ConsoleButton = {
    actionId: b.actionId,
    value: b.value,
    label: clip(b.label, CONSOLE_LIMITS.buttonLabel),
    style: b.style ?? 'default',
  };
  if (b.url !== undefined) out.url = b.url;
  return out;
}

function renderForm(form: CardForm): ConsoleForm | undefined {
  const L = CONSOLE_LIMITS;
  if (!idOk(form.submit.actionId) || form.submit.value.length > L.actionValue) return undefined;
  return {
    inputs: keptInputs(form).map(renderInput),
    submit: { actionId: form.submit.actionId, value: form.submit.value, label: clip(form.submit.label, L.buttonLabel) },
  };
}

function keptInputs(form: CardForm): CardInput[] {
  return form.inputs.filter((i) => idOk(i.id)).slice(0, CONSOLE_LIMITS.inputs);
}

function renderInput(input: CardInput): ConsoleInput {
  const L = CONSOLE_LIMITS;
  const label = clip(input.label, L.inputLabel);
  const required = input.required ?? false;
  switch (input.kind) {
    case 'select': {
      const options = renderOptions(input.options);
      const out: ConsoleInput = { kind: 'select', id: input.id, label, options, required };
      if (input.initial !== undefined && options.some((o) => o.value === input.initial)) out.initial = input.initial;
      return out;
    }
    case 'multiselect': {
      const options = renderOptions(input.options);
      const initial = (input.initial ?? []).filter((v) => options.some((o) => o.value === v));
      const out: ConsoleInput = { kind: 'multiselect', id: input.id, label, options, initial, required };
      if (input.max !== undefined) out.max = Math.max(1, Math.min(input.max, options.length));
      return out;
    }
    case 'text': {
      const maxLength = Math.min(input.maxLength ?? L.textInputMax, L.textInputMax);
      const out: ConsoleInput = { kind: 'text', id: input.id, label, multiline: input.multiline ?? false, required, maxLength };
      if (input.placeholder) out.placeholder = clip(input.placeholder, L.placeholder);
      // Cut to what the input accepts, so the pre-filled text can be submitted as shown.
      if (input.initial) out.initial = clip(input.initial, maxLength);
      return out;
    }
    case 'date': {
      const out: ConsoleInput = { kind: 'date', id: input.id, label, required };
      // Malformed days are left out: the page's <input type="date"> would show them as empty anyway.
      if (input.initial !== undefined && isIsoDate(input.initial)) out.initial = input.initial;
      if (input.min !== undefined && isIsoDate(input.min)) out.min = input.min;
      return out;
    }
  }
}

function renderOptions(options: CardOption[]): CardOption[] {
  return options
    .filter((o) => o.value.length <= CONSOLE_LIMITS.actionValue)
    .slice(0, CONSOLE_LIMITS.options)
    .map((o) => ({ value: o.value, label: clip(o.label, CONSOLE_LIMITS.optionLabel) }));
}

function idOk(id: string): boolean {
  return id.length > 0 && id.length <= CONSOLE_LIMITS.actionId;
}

/** Truncates to `max` code points (never splitting a surrogate pair), ending with a visible "…". */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
