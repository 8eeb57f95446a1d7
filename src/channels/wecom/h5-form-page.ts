/**
 * The HTML of the WeCom H5 form: rendered on the server (works without JavaScript in WeCom's
 * in-app browser), mobile first, zh + en. Every piece of card text is user data and goes
 * through `escapeHtml`; link hrefs must be http(s). The one inline style and script are
 * pinned by hash in the Content-Security-Policy.
 * @module
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { isIsoDate, safeHref, type Card, type CardInput, type Tone } from '../../../cards/card.ts';
import { fieldName, type FormCheck, type FormValueError } from './h5-form-values.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For text and double-quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
const esc = escapeHtml;

const STYLE = `
:root{--ink:#1f2329;--muted:#646a73;--line:#e3e5e8;--accent:#2f6fed;--danger:#d83931;--success:#2ea043;--warning:#d9822b;
font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
font-size:16px;color:var(--ink);background:#f4f5f7;-webkit-text-size-adjust:100%}
*{box-sizing:border-box}body{margin:0}
main{max-width:640px;margin:0 auto;padding:12px}
.card{background:#fff;border-radius:10px;padding:14px 16px;margin-bottom:12px;border-left:4px solid var(--accent)}
.tone-success{border-left-color:var(--success)}.tone-warning{border-left-color:var(--warning)}.tone-urgent{border-left-color:var(--danger)}
h1{font-size:18px;margin:0 0 4px;word-break:break-word}
.sub,.hint{color:var(--muted);font-size:14px;font-weight:400;margin:0 0 8px}
.status{display:inline-block;background:#eaf6ec;color:#1d6b2c;border-radius:6px;padding:2px 8px;font-size:14px;margin:0 0 8px}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:8px 0;font-size:15px}
dt{color:var(--muted)}dd{margin:0;word-break:break-word}
.text{white-space:pre-wrap;word-break:break-word;margin:8px 0}
ul{padding-left:18px;margin:8px 0}a{color:var(--accent)}
form{background:#fff;border-radius:10px;padding:14px 16px}
.input{border:0;margin:0 0 16px;padding:0;min-width:0}
label.name,legend{display:block;font-weight:600;margin-bottom:6px;padding:0}
.req{color:var(--danger);margin-left:2px}
select,input[type=text],input[type=date],textarea{width:100%;font:inherit;padding:10px;border:1px solid var(--line);border-radius:8px;background:#fff;color:inherit}
textarea{min-height:96px;resize:vertical}
.check{display:flex;align-items:center;gap:10px;padding:10px 0;border-bottom:1px solid var(--line)}
.check input{width:20px;height:20px;margin:0}
.invalid select,.invalid input[type=text],.invalid input[type=date],.invalid textarea{border-color:var(--danger)}
.err,.alert{color:var(--danger);font-size:14px;margin:6px 0 0}
.alert{margin:0 0 12px}
button{width:100%;font:inherit;font-weight:600;padding:12px;border:0;border-radius:8px;background:var(--accent);color:#fff}
button:disabled{opacity:.6}
.notice{text-align:center;padding:32px 16px}.notice h1{font-size:20px}
`;

/** ES5 for older in-app browsers: enforce a multi-select's `max` as you tap, and stop double taps on submit. */
const SCRIPT = `(function(){
var gs=document.querySelectorAll('fieldset[data-max]');
for(var i=0;i<gs.length;i++)(function(g){var max=Number(g.getAttribute('data-max'));
g.addEventListener('change',function(e){if(e.target.checked&&g.querySelectorAll('input:checked').length>max)e.target.checked=false;});})(gs[i]);
var f=document.querySelector('form');
if(f)f.addEventListener('submit',function(){var b=f.querySelector('button[type=submit]');if(b)setTimeout(function(){b.disabled=true;},0);});
})();`;

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * 'unsafe-inline' only for browsers without CSP hashes (CSP 1); every newer browser ignores it
 * once a hash is listed. The form posts only to us; the token in the URL never leaves as a referrer.
 */
export const FORM_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    `default-src 'none'; style-src 'unsafe-inline' ${sha(STYLE)}; script-src 'unsafe-inline' ${sha(SCRIPT)}; ` +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

export function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { ...FORM_PAGE_HEADERS, 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

function layout(title: string, body: string, script = false): string {
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">' +
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main>` +
    (script ? `<script>${SCRIPT}</script>` : '') +
    '</body></html>'
  );
}

const TONES: Record<Tone, string> = { info: 'tone-info', success: 'tone-success', warning: 'tone-warning', urgent: 'tone-urgent' };

/** The card as chat shows it: title, subtitle, status, fields, text and links (link buttons too). */
function cardHeader(card: Card): string {
  const parts = [`<h1>${esc(card.title)}</h1>`];
  if (card.subtitle) parts.push(`<p class="sub">${esc(card.subtitle)}</p>`);
  if (card.status) parts.push(`<p class="status">${esc(card.status)}</p>`);
  if (card.fields?.length) parts.push(`<dl>${card.fields.map((f) => `<dt>${esc(f.label)}</dt><dd>${esc(f.value)}</dd>`).join('')}</dl>`);
  if (card.text) parts.push(`<p class="text">${esc(card.text)}</p>`);
  const links = [...(card.links ?? []), ...(card.actions ?? []).flatMap((b) => (b.url ? [{ label: b.label, url: b.url }] : []))];
  const items = links.map((l) => {
    const href = safeHref(l.url);
    // A link that is not http(s) (javascript:, data:) is shown as text, never made clickable.
    return href ? `<li><a href="${esc(href)}" rel="noopener noreferrer">${esc(l.label)}</a></li>` : `<li>${esc(l.label)}：${esc(l.url)}</li>`;
  });
  if (items.length) parts.push(`<ul>${items.join('')}</ul>`);
  return `<section class="card ${TONES[card.tone ?? 'info'] ?? ''}">${parts.join('')}</section>`;
}

function errorText(input: CardInput, error: FormValueError): string {
  switch (error) {
    case 'required':
      return '此项必填 / Required';
    case 'unknown_option':
      return '请从列表中选择 / Choose from the list';
    case 'not_single':
      return '只能选择一项 / Choose one';
    case 'too_many':
      return `最多选择 ${input.kind === 'multiselect' ? (input.max ?? 0) : 1} 项 / Choose at most ${input.kind === 'multiselect' ? (input.max ?? 0) : 1}`;
    case 'too_long':
      return `最多 ${input.kind === 'text' ? (input.maxLength ?? 0) : 0} 个字 / At most ${input.kind === 'text' ? (input.maxLength ?? 0) : 0} characters`;
    case 'bad_date':
      return `「${input.label}」不是有效日期，请按 YYYY-MM-DD 填写 / ${input.label}: not a valid date, use YYYY-MM-DD`;
    case 'too_early':
      return `「${input.label}」不能早于 ${input.kind === 'date' ? (input.min ?? '') : ''} / ${input.label}: not before ${input.kind === 'date' ? (input.min ?? '') : ''}`;
  }
}

const attr = (name: string, on: boolean | undefined) => (on ? ` ${name}` : '');

function inputHtml(input: CardInput, index: number, check: FormCheck | undefined): string {
  const id = `in-${index}`;
  const name = esc(fieldName(input));
  const error = check?.errors[input.id];
  const req = input.required ? '<span class="req" aria-hidden="true">*</span>' : '';
  const err = error ? `<p class="err" id="${id}-err">${esc(errorText(input, error))}</p>` : '';
  const described = error ? ` aria-invalid="true" aria-describedby="${id}-err"` : '';
  const cls = `input${error ? ' invalid' : ''}`;
  const posted = check?.echo[input.id];
  if (input.kind === 'select') {
    const chosen = posted ? posted[0] : input.initial;
    const options = input.options.map((o) => `<option value="${esc(o.value)}"${attr('selected', o.value === chosen)}>${esc(o.label)}</option>`);
    return (
      `<div class="${cls}"><label class="name" for="${id}">${esc(input.label)}${req}</label>` +
      `<select id="${id}" name="${name}"${attr('required', input.required)}${described}>` +
      `<option value="">请选择 / Choose</option>${options.join('')}</select>${err}</div>`
    );
  }
  if (input.kind === 'multiselect') {
    const chosen = new Set(posted ?? input.initial ?? []);
    const max = input.max !== undefined && input.max > 0 ? input.max : undefined;
    const hint = max !== undefined ? `<span class="hint">（最多 ${max} 项 / up to ${max}）</span>` : '';
    const boxes = input.options.map(
      (o) =>
        `<label class="check"><input type="checkbox" name="${name}" value="${esc(o.value)}"${attr('checked', chosen.has(o.value))}>` +
        `<span>${esc(o.label)}</span></label>`,
    );
    return (
      `<fieldset class="${cls}"${max !== undefined ? ` data-max="${max}"` : ''}${described}>` +
      `<legend>${esc(input.label)}${req} ${hint}</legend>${boxes.join('')}${err}</fieldset>`
    );
  }
  if (input.kind === 'date') {
    const day = posted?.[0] ?? input.initial ?? '';
    const min = input.min !== undefined && isIsoDate(input.min) ? ` min="${input.min}"` : '';
    // The placeholder helps browsers without a date picker, where type=date falls back to a text box.
    return (
      `<div class="${cls}"><label class="name" for="${id}">${esc(input.label)}${req}</label>` +
      `<input type="date" id="${id}" name="${name}"${attr('required', input.required)}${described}${min} placeholder="YYYY-MM-DD" value="${esc(day)}">${err}</div>`
    );
  }
  // Posted text wins over the card's initial text: a re-rendered page shows what the person typed.
  const value = posted?.[0] ?? input.initial ?? '';
  const common =
    `id="${id}" name="${name}"${attr('required', input.required)}${described}` +
    (input.maxLength !== undefined ? ` maxlength="${input.maxLength}"` : '') +
    (input.placeholder ? ` placeholder="${esc(input.placeholder)}"` : '');
  const control = input.multiline ? `<textarea ${common}>${esc(value)}</textarea>` : `<input type="text" ${common} value="${esc(value)}">`;
  return `<div class="${cls}"><label class="name" for="${id}">${esc(input.label)}${req}</label>${control}${err}</div>`;
}

/** The form page; with `check`, the posted values are shown again with their errors. */
export function renderFormPage(card: Card, token: string, check?: FormCheck): string {
  const form = card.form;
  if (!form) return renderCardPage(card);
  const wrong = check ? form.inputs.filter((i) => check.errors[i.id] !== undefined).map((i) => i.label) : [];
  const alert = wrong.length ? `<p class="alert" role="alert">请修改标出的项目 / Please fix the marked fields: ${esc(wrong.join('、'))}</p>` : '';
  // A relative action posts back to this path, also behind a proxy that mounts us under a prefix.
  const body =
    cardHeader(card) +
    `<form method="post" action="form" accept-charset="utf-8">${alert}` +
    `<input type="hidden" name="t" value="${esc(token)}">` +
    form.inputs.map((input, i) => inputHtml(input, i, check)).join('') +
    `<button type="submit">${esc(form.submit.label)}</button></form>`;
  return layout(card.title, body, true);
}

/** A card without a form (its H5 link is the card's link): the card, read-only. */
export function renderCardPage(card: Card): string {
  return layout(card.title, cardHeader(card));
}

export type NoticeKind = 'invalid' | 'expired' | 'not_found' | 'no_form' | 'too_large' | 'submitted' | 'already_submitted';

const NOTICES: Record<NoticeKind, { zh: string; en: string; detail: string }> = {
  invalid: { zh: '链接无效', en: 'Invalid link', detail: '请从企业微信中的消息重新打开。 / Please open it again from the message in WeCom.' },
  expired: {
    zh: '链接已过期',
    en: 'This link has expired',
    detail: '表单链接 72 小时内有效，请让系统重新发送。 / Form links are valid for 72 hours; ask for the card to be sent again.',
  },
  not_found: { zh: '内容不存在', en: 'Not found', detail: '这条消息已不存在。 / This message no longer exists.' },
  no_form: { zh: '没有可提交的表单', en: 'Nothing to submit', detail: '这条消息没有表单。 / This message has no form.' },
  too_large: { zh: '内容过长', en: 'Too much text', detail: '请缩短后重新提交。 / Please shorten it and submit again.' },
  submitted: { zh: '已提交', en: 'Submitted', detail: '可以关闭此页面。 / You can close this page.' },
  already_submitted: {
    zh: '已经提交过了',
    en: 'Already submitted',
    detail: '此表单已提交，无需再次提交。 / This form was already submitted; nothing more to do.',
  },
};

export function renderNoticePage(kind: NoticeKind, card?: Card): string {
  const n = NOTICES[kind];
  const title = `${n.zh} / ${n.en}`;
  const about = card ? `<p class="sub">${esc(card.title)}</p>` : '';
  return layout(title, `<section class="card notice" data-notice="${kind}"><h1>${esc(title)}</h1>${about}<p class="hint">${esc(n.detail)}</p></section>`);
}
