// The console page: pick a person, poll their feed every second, post clicks and commands.
import { ApiError, call, newClientId, request } from './api.js';
import { el, entryNode, outgoingNode } from './card-view.js';
import { pick, setLang, t } from './i18n.js';
import { setupLeadDialog } from './lead-form.js';

const POLL_MS = 1000;
const $ = (id) => document.getElementById(id);

const state = {
  directory: null,
  personId: null,
  /** Bumped on every person switch, so answers for the previous person are dropped. */
  gen: 0,
  cursor: undefined,
  /** Feed id → { sig, node }: a row is redrawn only when its content changed. */
  entries: new Map(),
  loaded: false,
  banner: null,
};

const person = () => state.directory?.people.find((p) => p.id === state.personId);

function time(ms) {
  const tz = state.directory?.company.timezone;
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: tz }).format(ms);
}

function banner(kind, text) {
  const node = $('banner');
  state.banner = text ? kind : null;
  node.textContent = text || '';
  node.hidden = !text;
  node.classList.toggle('ok', kind === 'notice');
  if (kind === 'notice') setTimeout(() => state.banner === 'notice' && banner(null, ''), 6000);
}

function clearProblem() {
  if (state.banner === 'offline' || state.banner === 'problem') banner(null, '');
}

function renderPeople() {
  const { people, teams } = state.directory;
  const groups = [...teams.map((team) => ({ name: pick(team.name), members: people.filter((p) => p.team?.id === team.id) })),
    { name: t('others'), members: people.filter((p) => !p.team) }];
  $('people').replaceChildren(...groups.filter((g) => g.members.length).map((g) => [
    el('div', { class: 'team-name' }, g.name),
    ...g.members.map((p) =>
      el('button', { class: `person${p.id === state.personId ? ' selected' : ''}`, type: 'button', 'data-person': p.id, onclick: () => select(p.id) },
        el('span', { class: 'avatar', 'aria-hidden': 'true' }, Array.from(p.name).slice(-2).join('')),
        el('span', { class: 'person-name' }, p.name),
        el('span', { class: 'roles' }, p.roles.map((r) => el('span', { class: 'role' }, t('roles')[r] || r))))),
  ]).flat());
}

function renderChrome() {
  const p = person();
  const roles = p ? p.roles.map((r) => t('roles')[r] || r).join(' · ') : '';
  $('who').replaceChildren(...(p ? [p.name, el('small', {}, [p.team ? pick(p.team.name) : '', roles].filter(Boolean).join(' · '))] : [t('people')]));
  $('company-name').textContent = state.directory.company.name;
  $('command-text').placeholder = t('commandPlaceholder');
  $('command-send').textContent = t('send');
  $('new-lead').textContent = t('newLead');
  $('new-lead').hidden = !state.directory.newLead;
  for (const id of ['command-text', 'command-send']) $(id).disabled = !p;
  updateHint();
}

function updateHint() {
  const feed = $('feed');
  feed.querySelector('.hint')?.remove();
  const text = !state.personId ? t('pick') : state.loaded && !feed.querySelector('.item') ? t('empty') : '';
  if (text) feed.append(el('p', { class: 'hint' }, text));
}

/** Keeps the feed in time order even when an older card is updated or a reply lands late. */
function place(node, at) {
  node.dataset.at = String(at);
  const feed = $('feed');
  const after = [...feed.querySelectorAll('.item')].find((n) => Number(n.dataset.at) > at);
  feed.insertBefore(node, after || feed.querySelector('.hint'));
}

function apply(entry) {
  const sig = `${entry.updatedAt}:${JSON.stringify(entry.view)}`;
  const known = state.entries.get(entry.id);
  if (known && known.sig === sig) return false;
  const node = entryNode(entry, { act, time });
  node.dataset.at = String(entry.createdAt);
  if (known) known.node.replaceWith(node);
  else place(node, entry.createdAt);
  state.entries.set(entry.id, { sig, node });
  return true;
}

async function poll(gen) {
  try {
    const since = state.cursor === undefined ? '' : `&since=${state.cursor}`;
    const res = await call(`/console/api/feed?person=${encodeURIComponent(state.personId)}${since}`);
    if (gen !== state.gen) return;
    if (res.status === 200) {
      clearProblem();
      const feed = $('feed');
      const atBottom = feed.scrollHeight - feed.scrollTop - feed.clientHeight < 80;
      const changed = res.body.items.map(apply).some(Boolean);
      state.cursor = res.body.cursor;
      const first = !state.loaded;
      state.loaded = true;
      if (first || changed) updateHint();
      if (first || (changed && atBottom)) feed.scrollTop = feed.scrollHeight;
    } else {
      banner('problem', res.status === 401 ? t('unauthorized') : res.status === 404 ? t('unknownPerson') : res.body?.message || `HTTP ${res.status}`);
    }
  } catch {
    if (gen === state.gen) banner('offline', t('offline'));
  } finally {
    if (gen === state.gen) setTimeout(() => poll(gen), POLL_MS);
  }
}

function act(payload) {
  return request('/console/api/action', { method: 'POST', body: { person: state.personId, clientId: newClientId(), ...payload } });
}

function select(id) {
  const p = state.directory.people.find((x) => x.id === id);
  if (!p || id === state.personId) return;
  state.personId = id;
  state.gen += 1;
  state.cursor = undefined;
  state.loaded = false;
  state.entries.clear();
  $('feed').replaceChildren();
  setLang(p.language);
  history.replaceState(null, '', `${location.pathname}${location.search}#${encodeURIComponent(id)}`);
  renderPeople();
  renderChrome();
  poll(state.gen);
}

async function sendCommand(e) {
  e.preventDefault();
  const input = $('command-text');
  const text = input.value.trim();
  if (!text || !state.personId) return;
  input.value = '';
  const at = Date.now();
  const { node, meta } = outgoingNode(text, time(at));
  place(node, at);
  updateHint();
  $('feed').scrollTop = $('feed').scrollHeight;
  try {
    await request('/console/api/command', { method: 'POST', body: { person: state.personId, text, clientId: newClientId() } });
    meta.textContent = `${t('you')} · ${time(at)} · ${t('sent')}`;
  } catch (err) {
    node.classList.add('failed');
    meta.textContent = `${t('you')} · ${time(at)} · ${t('failed')}: ${err.message}`;
  }
}

async function boot() {
  try {
    state.directory = await request('/console/api/people');
  } catch (err) {
    banner('problem', err instanceof ApiError && err.status === 401 ? t('unauthorized') : t('offline'));
    setTimeout(boot, 3000);
    return;
  }
  setLang(state.directory.company.language);
  const leads = setupLeadDialog({ onCreated: (message) => banner('notice', message) });
  $('new-lead').addEventListener('click', () => leads.open());
  $('command').addEventListener('submit', sendCommand);
  renderPeople();
  renderChrome();
  const fromHash = () => decodeURIComponent(location.hash.slice(1));
  if (fromHash()) select(fromHash());
  window.addEventListener('hashchange', () => select(fromHash()));
}

boot();
