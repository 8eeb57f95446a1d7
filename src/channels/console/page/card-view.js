// Draws one feed entry (a card view or a text message) as DOM; text only, never HTML.
import { t } from './i18n.js';

/** `el('p', { class: 'x' }, 'text', child)`: attributes set as properties/attributes, children as nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k in node && typeof v !== 'string') node[k] = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  return appendAll(node, children);
}

function appendAll(node, ...children) {
  for (const c of children.flat(Infinity)) if (c !== undefined && c !== null && c !== false) node.append(c);
  return node;
}

/** How long a clicked card stays locked if no update arrives (e.g. the handler only replied). */
const UNLOCK_AFTER_MS = 2500;

/** Locks the card while its action is posted; unlocks on failure or when nothing updates it. */
async function run(card, payload, act) {
  const controls = card.querySelectorAll('button, input, select, textarea');
  controls.forEach((c) => (c.disabled = true));
  card.querySelector('.note')?.remove();
  const note = el('div', { class: 'note' }, t('sending'));
  card.append(note);
  const unlock = () => controls.forEach((c) => (c.disabled = false));
  try {
    await act(payload);
    note.textContent = t('sent');
    setTimeout(() => card.isConnected && unlock(), UNLOCK_AFTER_MS);
  } catch (err) {
    note.textContent = `${t('failed')}: ${err.message}`;
    note.classList.add('form-error');
    unlock();
  }
}

function button(b, onClick) {
  const cls = `btn${b.style === 'primary' ? ' btn-primary' : b.style === 'danger' ? ' btn-danger' : ''}`;
  if (b.url) return el('a', { class: cls, href: b.url, target: '_blank', rel: 'noopener noreferrer' }, b.label);
  return el('button', { class: cls, type: 'button', 'data-action-id': b.actionId, onclick: onClick }, b.label);
}

function inputControl(input) {
  const label = [input.label, input.required ? el('span', { class: 'req' }, '*') : null];
  const id = `in-${Math.random().toString(36).slice(2)}`;
  if (input.kind === 'select') {
    const select = el('select', { id, name: input.id, required: input.required },
      el('option', { value: '' }, t('chooseOne')),
      input.options.map((o) => el('option', { value: o.value, selected: o.value === input.initial }, o.label)));
    return el('div', { class: 'input' }, el('label', { for: id }, label), select);
  }
  if (input.kind === 'multiselect') {
    const boxes = input.options.map((o) =>
      el('label', {}, el('input', { type: 'checkbox', name: input.id, value: o.value, checked: input.initial.includes(o.value) }), o.label));
    const group = el('fieldset', { 'data-multi': input.id }, el('legend', {}, label), el('div', { class: 'checks' }, boxes));
    // Enforce `max` as you click, like the chat apps do, instead of failing on submit.
    group.addEventListener('change', (e) => {
      const checked = group.querySelectorAll('input:checked');
      if (input.max && checked.length > input.max) e.target.checked = false;
    });
    return el('div', { class: 'input' }, group);
  }
  if (input.kind === 'date') {
    // The browser's picker posts YYYY-MM-DD and enforces `required` and `min` on submit.
    const date = el('input', { id, name: input.id, type: 'date', required: input.required, min: input.min });
    if (input.initial) date.defaultValue = input.initial;
    return el('div', { class: 'input' }, el('label', { for: id }, label), date);
  }
  const attrs = { id, name: input.id, required: input.required, maxLength: input.maxLength, placeholder: input.placeholder };
  const control = input.multiline ? el('textarea', attrs) : el('input', { ...attrs, type: 'text' });
  // defaultValue: a textarea's text is its content, not a `value` attribute.
  if (input.initial) control.defaultValue = input.initial;
  return el('div', { class: 'input' }, el('label', { for: id }, label), control);
}

/** Form values by input id: strings (dates as YYYY-MM-DD), multi-selects as arrays; empty optional inputs are left out. */
function formValues(form, inputs) {
  const values = {};
  for (const input of inputs) {
    if (input.kind === 'multiselect') {
      const picked = [...form.querySelectorAll(`input[name="${CSS.escape(input.id)}"]:checked`)].map((c) => c.value);
      if (input.required && picked.length === 0) throw new Error(`${input.label}: ${t('pickAtLeastOne')}`);
      if (input.max && picked.length > input.max) throw new Error(`${input.label}: ${t('pickAtMost', input.max)}`);
      if (picked.length) values[input.id] = picked;
    } else {
      const value = form.elements.namedItem(input.id).value.trim();
      if (value) values[input.id] = value;
    }
  }
  return values;
}

function cardForm(view, card, act) {
  const error = el('p', { class: 'form-error', hidden: true });
  const form = el('form', { class: 'card-form', novalidate: false },
    view.form.inputs.map(inputControl), error,
    el('div', { class: 'actions' }, el('button', { class: 'btn btn-primary', type: 'submit' }, view.form.submit.label)));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    let values;
    try {
      values = formValues(form, view.form.inputs);
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
      return;
    }
    error.hidden = true;
    const { actionId, value } = view.form.submit;
    run(card, { actionId, value, cardKey: view.key, values }, act);
  });
  return form;
}

function cardNode(view, act) {
  const card = el('article', { class: `card tone-${view.tone}`, 'data-card-key': view.key });
  // Children are built after `card` exists because the buttons lock it while posting.
  appendAll(card,
    el('h3', { class: 'card-title' }, view.title),
    view.subtitle ? el('p', { class: 'card-subtitle' }, view.subtitle) : null,
    view.fields.length ? el('dl', { class: 'fields' }, view.fields.map((f) => [el('dt', {}, f.label), el('dd', {}, f.value)])) : null,
    view.text ? el('p', { class: 'card-text' }, view.text) : null,
    view.links.length
      ? el('ul', { class: 'links' }, view.links.map((l) => el('li', {}, el('a', { href: l.url, target: '_blank', rel: 'noopener noreferrer' }, l.label))))
      : null,
    view.form ? cardForm(view, card, act) : null,
    view.buttons.length
      ? el('div', { class: 'actions' }, view.buttons.map((b) =>
          button(b, () => run(card, { actionId: b.actionId, value: b.value, cardKey: view.key }, act))))
      : null,
    // Items over the chat apps' limits are counted by the renderer, never dropped silently.
    view.omitted ? el('p', { class: 'omitted' }, t('omitted', view.omitted)) : null,
    view.status ? el('div', { class: 'status' }, `✓ ${view.status}`) : null,
  );
  return card;
}

/** One feed row. `act(payload)` posts an action and rejects with the server's message. */
export function entryNode(entry, { act, time }) {
  const body = entry.view.kind === 'card' ? cardNode(entry.view, act) : el('div', { class: 'bubble' }, entry.view.text);
  return el('div', { class: 'item', 'data-feed-id': entry.id },
    el('div', { class: 'avatar', 'aria-hidden': 'true' }, 'CL'),
    el('div', { class: 'item-body' }, el('div', { class: 'item-meta' }, `closeloop · ${time(entry.createdAt)}`), body));
}

/** The person's own typed command, shown on the right until the page is reloaded. */
export function outgoingNode(text, time) {
  const bubble = el('div', { class: 'bubble' }, text);
  const meta = el('div', { class: 'item-meta' }, `${t('you')} · ${time} · ${t('sending')}`);
  const node = el('div', { class: 'item out' }, el('div', { class: 'avatar', 'aria-hidden': 'true' }, t('you')), el('div', { class: 'item-body' }, meta, bubble));
  return { node, meta };
}
