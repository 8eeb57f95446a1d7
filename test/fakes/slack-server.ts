/**
 * A fake Slack Web API on 127.0.0.1:0 speaking Slack's wire format (form or JSON bodies, Bearer
 * auth, `{ok:false,error}` on 200, 429 + Retry-After per channel), plus Slack-style request signing.
 * @module
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkText(t: unknown, path: string, max: number, out: string[], kinds = ['plain_text', 'mrkdwn']): void {
  if (!isObj(t) || !kinds.includes(String(t.type)) || typeof t.text !== 'string') out.push(`must be a ${kinds.join(' or ')} text object [json-pointer:${path}]`);
  else if (t.text.length === 0) out.push(`must be more than 0 characters [json-pointer:${path}/text]`);
  else if (t.text.length > max) out.push(`must be less than ${max + 1} characters [json-pointer:${path}/text]`);
}

function checkMax(v: unknown, max: number, path: string, out: string[]): void {
  if (typeof v === 'string' && v.length > max) out.push(`must be less than ${max + 1} characters [json-pointer:${path}]`);
}

function checkOptions(options: unknown, path: string, max: number, out: string[]): void {
  if (!Array.isArray(options) || options.length === 0 || options.length > max) return void out.push(`must have 1 to ${max} options [json-pointer:${path}]`);
  options.forEach((o: unknown, i) => {
    checkText(isObj(o) ? o.text : undefined, `${path}/${i}/text`, 75, out);
    if (!isObj(o) || typeof o.value !== 'string' || o.value.length === 0 || o.value.length > 75) out.push(`value must be 1 to 75 characters [json-pointer:${path}/${i}/value]`);
  });
}

/** Block Kit element limits (slack.md §4). */
function checkElement(e: unknown, path: string, out: string[], actionIds: Set<string>): void {
  if (!isObj(e)) return void out.push(`must be an object [json-pointer:${path}]`);
  if (typeof e.action_id === 'string') {
    checkMax(e.action_id, 255, `${path}/action_id`, out);
    if (actionIds.has(e.action_id)) out.push(`action_id must be unique within the block [json-pointer:${path}/action_id]`);
    actionIds.add(e.action_id);
  }
  if (e.placeholder !== undefined) checkText(e.placeholder, `${path}/placeholder`, 150, out, ['plain_text']);
  switch (e.type) {
    case 'button':
      checkText(e.text, `${path}/text`, 75, out, ['plain_text']);
      checkMax(e.value, 2000, `${path}/value`, out);
      checkMax(e.url, 3000, `${path}/url`, out);
      if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') out.push(`style must be primary or danger [json-pointer:${path}/style]`);
      return;
    case 'static_select':
    case 'multi_static_select':
      if ((e.options === undefined) === (e.option_groups === undefined)) return void out.push(`must have options or option_groups [json-pointer:${path}]`);
      if (e.options !== undefined) return checkOptions(e.options, `${path}/options`, 100, out);
      if (!Array.isArray(e.option_groups) || e.option_groups.length > 100) return void out.push(`must have at most 100 option_groups [json-pointer:${path}]`);
      e.option_groups.forEach((g: unknown, i) => {
        checkText(isObj(g) ? g.label : undefined, `${path}/option_groups/${i}/label`, 75, out, ['plain_text']);
        checkOptions(isObj(g) ? g.options : undefined, `${path}/option_groups/${i}/options`, 100, out);
      });
      return;
    case 'checkboxes':
    case 'radio_buttons':
      return checkOptions(e.options, `${path}/options`, 10, out);
    case 'plain_text_input':
      if (typeof e.max_length === 'number' && e.max_length > 3000) out.push(`max_length must be at most 3000 [json-pointer:${path}/max_length]`);
      if (e.initial_value !== undefined && (typeof e.initial_value !== 'string' || e.initial_value.length > (typeof e.max_length === 'number' ? e.max_length : 3000))) {
        out.push(`initial_value must be a string within max_length [json-pointer:${path}/initial_value]`);
      }
      return;
    case 'datepicker':
      if (e.initial_date !== undefined && (typeof e.initial_date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.initial_date))) {
        out.push(`initial_date must be in the format YYYY-MM-DD [json-pointer:${path}/initial_date]`);
      }
      return;
    default:
      out.push(`unsupported element type ${String(e.type)} [json-pointer:${path}]`);
  }
}

/** Returns Slack-style problem strings; empty when the blocks would be accepted. */
export function validateBlocks(blocks: unknown, max: number, path = '/blocks'): string[] {
  const out: string[] = [];
  if (!Array.isArray(blocks)) return [`must be an array [json-pointer:${path}]`];
  if (blocks.length > max) out.push(`must have no more than ${max} items [json-pointer:${path}]`);
  const blockIds = new Set<string>();
  blocks.forEach((b: unknown, i) => {
    const at = `${path}/${i}`;
    if (!isObj(b)) return void out.push(`must be an object [json-pointer:${at}]`);
    if (typeof b.block_id === 'string') {
      checkMax(b.block_id, 255, `${at}/block_id`, out);
      if (blockIds.has(b.block_id)) out.push(`block_id must be unique [json-pointer:${at}/block_id]`);
      blockIds.add(b.block_id);
    }
    const ids = new Set<string>();
    switch (b.type) {
      case 'header':
        return checkText(b.text, `${at}/text`, 150, out, ['plain_text']);
      case 'section':
        if (b.text === undefined && b.fields === undefined) return void out.push(`must have text or fields [json-pointer:${at}]`);
        if (b.text !== undefined) checkText(b.text, `${at}/text`, 3000, out);
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields) || b.fields.length === 0 || b.fields.length > 10) return void out.push(`must have 1 to 10 fields [json-pointer:${at}/fields]`);
          b.fields.forEach((f: unknown, j) => checkText(f, `${at}/fields/${j}`, 2000, out));
        }
        return;
      case 'context':
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10) return void out.push(`must have 1 to 10 elements [json-pointer:${at}/elements]`);
        return b.elements.forEach((e: unknown, j) => checkText(e, `${at}/elements/${j}`, 3000, out));
      case 'actions':
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25) return void out.push(`must have 1 to 25 elements [json-pointer:${at}/elements]`);
        return b.elements.forEach((e: unknown, j) => checkElement(e, `${at}/elements/${j}`, out, ids));
      case 'input':
        checkText(b.label, `${at}/label`, 2000, out, ['plain_text']);
        return checkElement(b.element, `${at}/element`, out, ids);
      case 'divider':
        return;
      default:
        out.push(`unsupported block type ${String(b.type)} [json-pointer:${at}]`);
    }
  });
  return out;
}

/** A modal: title/submit/close ≤24, ≤100 blocks, submit required with inputs. */
export function validateModal(view: unknown): string[] {
  if (!isObj(view) || view.type !== 'modal') return ['must be a modal view [json-pointer:/view]'];
  const out = validateBlocks(view.blocks, 100, '/view/blocks');
  checkText(view.title, '/view/title', 24, out, ['plain_text']);
  if (view.submit !== undefined) checkText(view.submit, '/view/submit', 24, out, ['plain_text']);
  if (view.close !== undefined) checkText(view.close, '/view/close', 24, out, ['plain_text']);
  if (view.submit === undefined && Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input')) out.push('submit is required when inputs are present [json-pointer:/view/submit]');
  checkMax(view.private_metadata, 3000, '/view/private_metadata', out);
  checkMax(view.callback_id, 255, '/view/callback_id', out);
  return out;
}

/** Headers Slack sends with every request to our app: `v0=` HMAC-SHA256 over `v0:{ts}:{body}`. */
export function signSlackRequest(secret: string, body: string, timestampSec: number): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestampSec) };
}

export interface FakeSlackCall {
  method: string;
  args: Record<string, unknown>;
  status: number;
  response: Record<string, unknown>;
  at: number;
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
}

export interface FakeSlackOptions {
  /** The accepted bot token; any `xoxb-` token when omitted. */
  token?: string;
  /** Posts allowed per channel per rolling second before 429 (default: unlimited). */
  postsPerChannelPerSecond?: number;
  /** Retry-After seconds on a 429 (default 1). */
  retryAfterSec?: number;
  /** Channel ids that answer `channel_not_found`. */
  unknownChannels?: string[];
}

/** A one-shot failure for the next call of a method: an HTTP status, or an `ok:false` error code. */
export interface FakeSlackFailure {
  status?: number;
  error?: string;
  retryAfterSec?: number;
}

export interface FakeSlack {
  /** Web API base, e.g. `http://127.0.0.1:PORT/api/`. */
  url: string;
  calls: FakeSlackCall[];
  messages: Map<string, FakeSlackMessage>;
  callsTo(method: string): FakeSlackCall[];
  failNext(method: string, failure: FakeSlackFailure): void;
  close(): Promise<void>;
}

async function readArgs(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  return Object.fromEntries(new URLSearchParams(raw));
}

/** Form bodies carry blocks/view as JSON strings; JSON bodies carry them as values. */
function jsonArg(v: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof v !== 'string') return { ok: true, value: v };
  try {
    return { ok: true, value: JSON.parse(v) };
  } catch {
    return { ok: false };
  }
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const calls: FakeSlackCall[] = [];
  const messages = new Map<string, FakeSlackMessage>();
  const failures = new Map<string, FakeSlackFailure[]>();
  const postsByChannel = new Map<string, number[]>();
  let seq = 0;
  let viewSeq = 0;
  const unknown = new Set(options.unknownChannels ?? []);

  const resolveChannel = (raw: unknown): string | undefined => {
    if (typeof raw !== 'string' || !/^[UWCDG][A-Z0-9]{2,}$/.test(raw) || unknown.has(raw)) return undefined;
    // Posting to a user id opens (or reuses) the app's DM with them.
    return /^[UW]/.test(raw) ? `D${raw.slice(1)}` : raw;
  };

  const authorized = (req: IncomingMessage, args: Record<string, unknown>): 'ok' | 'not_authed' | 'invalid_auth' => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (typeof args.token === 'string' ? args.token : undefined);
    if (!bearer) return 'not_authed';
    return (options.token ? bearer === options.token : bearer.startsWith('xoxb-')) ? 'ok' : 'invalid_auth';
  };

  const rateLimited = (channel: string, now: number): boolean => {
    const limit = options.postsPerChannelPerSecond;
    if (limit === undefined) return false;
    const recent = (postsByChannel.get(channel) ?? []).filter((t) => now - t < 1000);
    postsByChannel.set(channel, recent);
    if (recent.length >= limit) return true;
    recent.push(now);
    return false;
  };

  function handle(method: string, args: Record<string, unknown>, now: number): { status: number; body: Record<string, unknown>; headers?: Record<string, string> } {
    const fail = (error: string, extra: Record<string, unknown> = {}) => ({ status: 200, body: { ok: false, error, ...extra } });
    const invalid = (error: string, problems: string[]) => fail(error, { response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } });
    switch (method) {
      case 'auth.test':
        return { status: 200, body: { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'closeloop', team_id: 'T0FAKE', user_id: 'U0BOT', bot_id: 'B0BOT' } };
      case 'chat.postMessage':
      case 'chat.update': {
        const channel = resolveChannel(args.channel);
        if (!channel) return fail('channel_not_found');
        const blocks = jsonArg(args.blocks);
        if (!blocks.ok) return fail('invalid_blocks_format');
        const text = typeof args.text === 'string' ? args.text : undefined;
        if (!text && blocks.value === undefined) return fail('no_text');
        if (text && text.length > 40_000) return fail('msg_too_long');
        if (blocks.value !== undefined) {
          const problems = validateBlocks(blocks.value, 50);
          if (problems.length) return invalid('invalid_blocks', problems);
        }
        const message = { channel, text, blocks: blocks.value as unknown[] | undefined };
        if (method === 'chat.update') {
          const key = `${channel}:${String(args.ts)}`;
          if (!messages.has(key)) return fail('message_not_found');
          messages.set(key, { ...message, ts: String(args.ts) });
          return { status: 200, body: { ok: true, channel, ts: args.ts, text } };
        }
        if (rateLimited(channel, now)) {
          const retryAfter = String(options.retryAfterSec ?? 1);
          return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': retryAfter } };
        }
        const ts = `${Math.floor(now / 1000)}.${String(++seq).padStart(6, '0')}`;
        messages.set(`${channel}:${ts}`, { ...message, ts });
        return { status: 200, body: { ok: true, channel, ts, message: { text, ts } } };
      }
      case 'views.open': {
        if (typeof args.trigger_id !== 'string' || !args.trigger_id) return fail('invalid_arguments');
        const view = jsonArg(args.view);
        if (!view.ok) return fail('invalid_arguments');
        const problems = validateModal(view.value);
        if (problems.length) return invalid('invalid_arguments', problems);
        const id = `V${String(++viewSeq).padStart(8, '0')}`;
        return { status: 200, body: { ok: true, view: { ...(view.value as object), id, hash: `${now}.${id}` } } };
      }
      default:
        return fail('unknown_method');
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      const method = /^\/api\/([\w.]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname)?.[1] ?? '';
      let args: Record<string, unknown> = {};
      let result: { status: number; body: Record<string, unknown>; headers?: Record<string, string> };
      try {
        args = await readArgs(req);
        const auth = authorized(req, args);
        const injected = failures.get(method)?.shift();
        if (auth !== 'ok') result = { status: 200, body: { ok: false, error: auth } };
        else if (injected?.status) {
          const headers: Record<string, string> = injected.retryAfterSec !== undefined ? { 'retry-after': String(injected.retryAfterSec) } : {};
          result = { status: injected.status, body: { ok: false, error: injected.error ?? 'http_error' }, headers };
        } else if (injected?.error) result = { status: 200, body: { ok: false, error: injected.error } };
        else result = handle(method, args, Date.now());
      } catch {
        result = { status: 200, body: { ok: false, error: 'invalid_json' } };
      }
      calls.push({ method, args, status: result.status, response: result.body, at: Date.now() });
      res.writeHead(result.status, { 'content-type': 'application/json; charset=utf-8', ...result.headers });
      res.end(JSON.stringify(result.body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    messages,
    callsTo: (method) => calls.filter((c) => c.method === method),
    failNext(method, failure) {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
