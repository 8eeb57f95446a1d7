// The New-lead dialog: posts to the console's lead intake, which is the public API's intake.
import { call } from './api.js';
import { el } from './card-view.js';
import { t } from './i18n.js';

/** Prefilled with a plausible demo lead, so a newcomer can just press submit. */
const FIELDS = [
  { id: 'company', type: 'text', value: '复旦大学附属中学', required: true },
  { id: 'contactName', type: 'text', value: '王老师', required: true },
  { id: 'contactTitle', type: 'text', value: '信息中心主任', required: true },
  { id: 'industry', type: 'text', value: 'education', required: true, list: 'industries' },
  { id: 'budget', type: 'number', value: '500000', required: true },
  { id: 'websiteDwellSeconds', type: 'number', value: '420', required: true },
  { id: 'decisionChainSize', type: 'number', value: '4', required: true },
  { id: 'interactionCount', type: 'number', value: '3', required: true },
  { id: 'source', type: 'text', value: 'website', required: false },
];

const $ = (id) => document.getElementById(id);

function describeError(res) {
  const body = res.body || {};
  const issues = (body.details && body.details.issues) || body.issues || [];
  const lines = issues.map((i) => `${Array.isArray(i.path) ? i.path.join('.') : i.path}: ${i.message}`);
  return [body.message || body.error || `HTTP ${res.status}`, ...lines].join('\n');
}

function assigneeName(body) {
  const a = body && body.assignee;
  if (!a) return '';
  return typeof a === 'string' ? a : a.name || a.id || '';
}

/** Wires the dialog once; `onCreated(message)` reports success to the page. */
export function setupLeadDialog({ onCreated }) {
  const dialog = $('lead-dialog');
  const form = $('lead-form');
  const error = $('lead-error');
  const submit = $('lead-submit');

  function build() {
    $('lead-title').textContent = t('leadTitle');
    $('lead-cancel').textContent = t('cancel');
    submit.textContent = t('leadSubmit');
    const labels = t('lead');
    $('lead-fields').replaceChildren(
      ...FIELDS.map((f) =>
        el('div', { class: 'input' },
          el('label', { for: `lead-${f.id}` }, labels[f.id], f.required ? el('span', { class: 'req' }, '*') : null),
          el('input', { id: `lead-${f.id}`, name: f.id, type: f.type, value: f.value, required: f.required, list: f.list, min: f.type === 'number' ? '0' : undefined, maxlength: f.type === 'text' ? '200' : undefined }))),
    );
    error.hidden = true;
  }

  $('lead-cancel').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = {};
    for (const f of FIELDS) {
      const raw = form.elements.namedItem(f.id).value.trim();
      if (raw === '') continue;
      input[f.id] = f.type === 'number' ? Number(raw) : raw;
    }
    submit.disabled = true;
    try {
      const res = await call('/console/api/leads', { method: 'POST', body: input });
      if (res.status >= 200 && res.status < 300) {
        dialog.close();
        onCreated(t('leadCreated', (res.body && res.body.id) || '', assigneeName(res.body)));
      } else {
        error.textContent = describeError(res);
        error.hidden = false;
      }
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });

  return {
    open() {
      build();
      dialog.showModal();
    },
  };
}
