/**
 * The channel-neutral card model. Commands and services build `Card`s; only `cards/render/*`
 * knows Slack Block Kit, WeCom `template_card` or the console's view model.
 * @module
 */

/** A card's stable identity (e.g. `lead:L-1001`) plus a version that bumps on every update. */
export interface CardIdentity {
  key: string;
  version: number;
}

export type Tone = 'info' | 'success' | 'warning' | 'urgent';

export interface CardField {
  label: string;
  value: string;
}

export interface CardLink {
  label: string;
  url: string;
}

/**
 * A button. `actionId` names the handler (`lead.accept`), `value` its argument (`L-1001`).
 * A button with `url` opens a link instead of posting an action.
 */
export interface CardButton {
  actionId: string;
  label: string;
  value: string;
  style?: 'primary' | 'danger' | 'default';
  url?: string;
}

export interface CardOption {
  value: string;
  label: string;
}

export type CardInput =
  | { kind: 'select'; id: string; label: string; options: CardOption[]; initial?: string; required?: boolean }
  | {
      kind: 'multiselect';
      id: string;
      label: string;
      options: CardOption[];
      initial?: string[];
      required?: boolean;
      max?: number;
    }
  | {
      kind: 'text';
      id: string;
      label: string;
      multiline?: boolean;
      placeholder?: string;
      required?: boolean;
      maxLength?: number;
      /** Pre-filled text, e.g. what a person typed before, so a form can be corrected rather than retyped. */
      initial?: string;
    }
  | {
      kind: 'date';
      id: string;
      label: string;
      /** A calendar day `YYYY-MM-DD`; the value comes back in the same form. */
      initial?: string;
      required?: boolean;
      /** The earliest day allowed, `YYYY-MM-DD` (checked where the platform lets us: H5, console). */
      min?: string;
    };

/** A form: inputs plus one submit action; its values arrive as `Interaction.values`. */
export interface CardForm {
  inputs: CardInput[];
  submit: { actionId: string; label: string; value: string };
}

export interface Card extends CardIdentity {
  title: string;
  subtitle?: string;
  tone?: Tone;
  /** Key facts shown as label/value pairs. */
  fields?: CardField[];
  /** Free text (plain, no markup). */
  text?: string;
  links?: CardLink[];
  actions?: CardButton[];
  form?: CardForm;
  /** Status line shown once the card was acted on, e.g. "已接收 · 张伟 · 10:42". */
  status?: string;
}

/** What goes out to a person: a card, or a plain text reply. */
export type Message = { kind: 'card'; card: Card } | { kind: 'text'; text: string };

/** Splits a combined platform key `actionId:value` (WeCom button keys, console posts). */
export function parseActionKey(key: string): { actionId: string; value: string } | undefined {
  const i = key.indexOf(':');
  if (i <= 0) return undefined;
  return { actionId: key.slice(0, i), value: key.slice(i + 1) };
}

/** `YYYY-MM-DD` naming a real calendar day (no 2026-02-30), the only date form inputs take and give. */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

export function actionKey(actionId: string, value: string): string {
  return `${actionId}:${value}`;
}

/**
 * A link's URL fit for an HTML `href` (the console, WeCom's H5 page), or undefined: only
 * http(s), since `javascript:` there would run script.
 */
export function safeHref(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
