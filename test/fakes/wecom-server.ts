/** A fake WeCom API on 127.0.0.1:0 that speaks the real wire format and enforces what WeCom enforces. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';

export interface FakeWecomOptions {
  corpId: string;
  secret: string;
  agentId: number;
  tokenTtlSec?: number;
  perMemberPerMinute?: number;
  perMemberPerHour?: number;
  /** Shrinks the per-member quota windows (0.001 → a 60 ms "minute") so quota tests run fast. */
  windowScale?: number;
  /** Known member ids; when set, others are invalid recipients (81013 when none is valid). */
  users?: string[];
  now?: () => number;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface SendRecord {
  body: Record<string, unknown>;
  touser: string;
  at: number;
  /** Over the per-member quota: WeCom answers errcode 0 and never shows it. */
  dropped: boolean;
  /** Identical message inside duplicate_check_interval: answered ok, not shown again. */
  duplicate: boolean;
  responseCode?: string;
}

export type Failure = number | { errcode: number; errmsg?: string } | { httpStatus: number };

export interface FakeWecom {
  url: string;
  received: ReceivedRequest[];
  sends: SendRecord[];
  /** Bodies of messages a member actually got (not dropped, not duplicates). */
  sent(): Record<string, unknown>[];
  updates(): Record<string, unknown>[];
  readonly gettokenCalls: number;
  readonly overLimitSends: number;
  /** Makes every token issued so far expired (→ 42001). */
  expireToken(): void;
  /** The next message API call fails: 100–599 is an HTTP status, any other number an errcode. */
  failNext(failure: Failure): void;
  /** A fresh response_code, as a click callback would carry for this card. */
  issueResponseCode(taskId: string, userid: string): string;
  /** Media a member sent (a voice message), served by GET /cgi-bin/media/get; ids not added answer 40007. */
  addMedia(mediaId: string, data: Buffer, contentType?: string): void;
  /** How many media/get calls answered with a file. */
  readonly mediaDownloads: number;
  close(): Promise<void>;
}

export const INVALID_RESPONSE_CODE = 40228;
const RESPONSE_CODE_TTL_MS = 72 * 3_600_000;
const TASK_ID = /^[A-Za-z0-9_\-@]{1,128}$/;
const INTERACTIVE = new Set(['button_interaction', 'vote_interaction', 'multiple_interaction']);
/**
 * The template_card fields documented per card_type (发送应用消息 → 模板卡片消息). Anything else is
 * refused as an unknown field for that type, e.g. jump_list on a button card (documented only for
 * text_notice and news_notice).
 */
const SHARED_FIELDS = ['card_type', 'source', 'task_id', 'main_title'];
const CARD_FIELDS: Record<string, ReadonlySet<string>> = {
  text_notice: new Set([...SHARED_FIELDS, 'action_menu', 'quote_area', 'emphasis_content', 'sub_title_text', 'horizontal_content_list', 'jump_list', 'card_action']),
  news_notice: new Set([
    ...SHARED_FIELDS, 'action_menu', 'quote_area', 'image_text_area', 'card_image', 'vertical_content_list', 'horizontal_content_list', 'jump_list', 'card_action',
  ]),
  button_interaction: new Set([...SHARED_FIELDS, 'action_menu', 'quote_area', 'sub_title_text', 'horizontal_content_list', 'card_action', 'button_selection', 'button_list']),
  vote_interaction: new Set([...SHARED_FIELDS, 'checkbox', 'submit_button']),
  multiple_interaction: new Set([...SHARED_FIELDS, 'select_list', 'submit_button']),
};
const CARD_TYPES = new Set(Object.keys(CARD_FIELDS));

class ApiFailure extends Error {
  constructor(
    readonly errcode: number,
    errmsg: string,
  ) {
    super(errmsg);
  }
}
const invalid = (what: string) => new ApiFailure(40058, `invalid parameter: ${what}`);
const bytes = (s: unknown) => (typeof s === 'string' ? Buffer.byteLength(s) : 0);

/** The minimal template_card shape checks WeCom applies (counts, key sizes, uniqueness, required fields). */
export function validateTemplateCard(card: Record<string, unknown>, requireTaskId = true): void {
  const type = String(card.card_type);
  if (!CARD_TYPES.has(type)) throw invalid('card_type');
  const unknown = Object.keys(card).filter((k) => !CARD_FIELDS[type]?.has(k));
  if (unknown.length) throw invalid(`${unknown.join(', ')} (unknown field for ${type})`);
  const taskId = card.task_id;
  if (taskId !== undefined || (requireTaskId && INTERACTIVE.has(type))) {
    if (typeof taskId !== 'string' || !TASK_ID.test(taskId)) throw invalid('task_id');
  }
  const list = (k: string) => (Array.isArray(card[k]) ? (card[k] as Record<string, unknown>[]) : []);
  const rows = list('horizontal_content_list');
  if (rows.length > 6) throw invalid('horizontal_content_list');
  if (rows.some((r) => typeof r.keyname !== 'string' || r.keyname === '')) throw invalid('horizontal_content_list.keyname');
  if (rows.some((r) => r.type === 1 && (typeof r.url !== 'string' || r.url === ''))) throw invalid('horizontal_content_list.url');
  if (list('jump_list').length > 3) throw invalid('jump_list');
  const title = (card.main_title as { title?: unknown } | undefined)?.title;
  if (!title && !card.sub_title_text) throw invalid('main_title.title or sub_title_text');
  const action = card.card_action as { type?: number; url?: string } | undefined;
  if (type === 'text_notice' && !(action && (action.type === 2 || (action.type === 1 && action.url)))) throw invalid('card_action');
  const uniqueKeys = (keys: unknown[], max: number, what: string) => {
    if (keys.some((k) => typeof k !== 'string' || k === '' || bytes(k) > max) || new Set(keys).size !== keys.length) throw invalid(what);
  };
  const submitKey = (card.submit_button as { key?: unknown } | undefined)?.key;
  if (type === 'button_interaction') {
    const buttons = list('button_list');
    if (buttons.length < 1 || buttons.length > 6) throw invalid('button_list');
    if (buttons.some((b) => b.type === 1 && !b.url)) throw invalid('button_list.url');
    uniqueKeys(buttons.filter((b) => b.type !== 1).map((b) => b.key), 1024, 'button_list.key');
  }
  if (type === 'vote_interaction') {
    const options = ((card.checkbox as { option_list?: Record<string, unknown>[] } | undefined)?.option_list ?? []);
    if (options.length < 1 || options.length > 20) throw invalid('checkbox.option_list');
    uniqueKeys(options.map((o) => o.id), 128, 'checkbox.option_list.id');
    uniqueKeys([submitKey], 1024, 'submit_button.key');
  }
  if (type === 'multiple_interaction') {
    const selects = list('select_list');
    if (selects.length < 1 || selects.length > 3) throw invalid('select_list');
    uniqueKeys(selects.map((s) => s.question_key), 1024, 'select_list.question_key');
    for (const s of selects) {
      const options = (s.option_list as Record<string, unknown>[] | undefined) ?? [];
      if (options.length < 1 || options.length > 10) throw invalid('select_list.option_list');
      uniqueKeys(options.map((o) => o.id), 128, 'select_list.option_list.id');
    }
    uniqueKeys([submitKey], 1024, 'submit_button.key');
  }
}

export async function start(opts: FakeWecomOptions): Promise<FakeWecom> {
  const now = opts.now ?? Date.now;
  const scale = opts.windowScale ?? 1;
  const perMinute = opts.perMemberPerMinute ?? 30;
  const perHour = opts.perMemberPerHour ?? 1000;
  const tokens = new Map<string, number>();
  const codes = new Map<string, { issuedAt: number; used: boolean }>();
  const taskIds = new Set<string>();
  const received: ReceivedRequest[] = [];
  const sends: SendRecord[] = [];
  const updates: Record<string, unknown>[] = [];
  const failures: Failure[] = [];
  const media = new Map<string, { data: Buffer; contentType: string }>();
  let mediaDownloads = 0;
  let gettokenCalls = 0;
  let overLimitSends = 0;
  let seq = 0;

  const newCode = () => {
    const code = `rc-${++seq}-${randomBytes(6).toString('hex')}`;
    codes.set(code, { issuedAt: now(), used: false });
    return code;
  };

  function checkToken(query: Record<string, string>): void {
    const token = query.access_token;
    if (!token) throw new ApiFailure(41001, 'access_token missing');
    const expiresAt = tokens.get(token);
    if (expiresAt === undefined) throw new ApiFailure(40014, 'invalid access_token');
    if (expiresAt <= now()) throw new ApiFailure(42001, 'access_token expired');
  }

  function send(body: Record<string, unknown>): Record<string, unknown> {
    if (body.agentid !== opts.agentId) throw new ApiFailure(40056, 'invalid agentid');
    const touser = typeof body.touser === 'string' ? body.touser : '';
    const users = touser.split('|').filter(Boolean);
    const valid = opts.users ? users.filter((u) => opts.users?.includes(u)) : users;
    if (valid.length === 0) throw new ApiFailure(81013, 'user & party & tag all invalid');
    const msgtype = body.msgtype;
    if (msgtype === 'text') {
      const content = (body.text as { content?: unknown } | undefined)?.content;
      if (typeof content !== 'string' || content === '') throw new ApiFailure(44004, 'empty content');
      // WeCom cuts longer text silently; the fake refuses it so an unbounded renderer shows up in tests.
      if (bytes(content) > 2048) throw new ApiFailure(45002, 'content size out of 2048 bytes');
    } else if (msgtype === 'template_card') {
      validateTemplateCard((body.template_card ?? {}) as Record<string, unknown>);
    } else throw new ApiFailure(40008, 'invalid message type');
    const at = now();
    const content = JSON.stringify(body[msgtype]);
    const windowS = Number(body.duplicate_check_interval ?? 1800);
    const duplicate =
      body.enable_duplicate_check === 1 &&
      sends.some((s) => s.touser === touser && JSON.stringify(s.body[msgtype]) === content && at - s.at < windowS * 1000);
    const card = body.template_card as Record<string, unknown> | undefined;
    if (!duplicate && typeof card?.task_id === 'string') {
      if (taskIds.has(card.task_id)) throw new ApiFailure(40058, 'invalid parameter: task_id duplicated');
      taskIds.add(card.task_id);
    }
    const shown = (u: string, windowMs: number) =>
      sends.filter((s) => !s.dropped && !s.duplicate && s.touser.split('|').includes(u) && at - s.at < windowMs).length;
    const dropped = !duplicate && valid.some((u) => shown(u, 60_000 * scale) >= perMinute || shown(u, 3_600_000 * scale) >= perHour);
    if (dropped) overLimitSends++;
    const interactive = card && (INTERACTIVE.has(String(card.card_type)) || card.action_menu);
    const responseCode = interactive && !duplicate ? newCode() : undefined;
    sends.push({ body, touser, at, dropped, duplicate, ...(responseCode ? { responseCode } : {}) });
    const invaliduser = users.filter((u) => !valid.includes(u)).join('|');
    return { errcode: 0, errmsg: 'ok', invaliduser, msgid: `msg-${++seq}`, ...(responseCode ? { response_code: responseCode } : {}) };
  }

  function update(body: Record<string, unknown>): Record<string, unknown> {
    if (body.agentid !== opts.agentId) throw new ApiFailure(40056, 'invalid agentid');
    const code = typeof body.response_code === 'string' ? codes.get(body.response_code) : undefined;
    if (!code || code.used || now() - code.issuedAt > RESPONSE_CODE_TTL_MS) {
      throw new ApiFailure(INVALID_RESPONSE_CODE, 'invalid response_code (unknown, used or older than 72h)');
    }
    if (!Array.isArray(body.userids) && !body.atall) throw new ApiFailure(81013, 'user & party & tag all invalid');
    if (body.template_card) validateTemplateCard(body.template_card as Record<string, unknown>, false);
    else if (!(body.button as { replace_name?: unknown } | undefined)?.replace_name) throw invalid('button.replace_name');
    code.used = true;
    updates.push(body);
    return { errcode: 0, errmsg: 'ok', invaliduser: [] };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    received.push({ method: req.method ?? 'GET', path: url.pathname, query, body });
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    try {
      if (url.pathname === '/cgi-bin/gettoken') {
        gettokenCalls++;
        if (query.corpid !== opts.corpId) throw new ApiFailure(40013, 'invalid corpid');
        if (query.corpsecret !== opts.secret) throw new ApiFailure(40001, 'invalid credential');
        const token = `tok-${++seq}-${randomBytes(24).toString('hex')}`;
        const ttl = opts.tokenTtlSec ?? 7200;
        tokens.set(token, now() + ttl * 1000);
        return reply(200, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: ttl });
      }
      if (url.pathname === '/cgi-bin/media/get' && req.method === 'GET') {
        // Like WeCom: the file with its own Content-Type, or an errcode JSON (HTTP 200) for a bad token or id.
        checkToken(query);
        const file = query.media_id ? media.get(query.media_id) : undefined;
        if (!file) throw new ApiFailure(40007, 'invalid media_id');
        mediaDownloads++;
        res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.data.length, 'content-disposition': `attachment; filename="${query.media_id}.amr"` });
        return void res.end(file.data);
      }
      const api = { '/cgi-bin/message/send': send, '/cgi-bin/message/update_template_card': update }[url.pathname];
      if (!api || req.method !== 'POST') return reply(404, { errcode: 404, errmsg: 'not found' });
      checkToken(query);
      const failure = failures.shift();
      if (typeof failure === 'number' && failure >= 100 && failure <= 599) return reply(failure, 'upstream error');
      if (failure !== undefined && typeof failure === 'object' && 'httpStatus' in failure) return reply(failure.httpStatus, 'upstream error');
      if (failure !== undefined) {
        const f = typeof failure === 'number' ? { errcode: failure } : failure;
        throw new ApiFailure(f.errcode, f.errmsg ?? `simulated ${f.errcode}`);
      }
      if (!body || typeof body !== 'object') throw new ApiFailure(47001, 'data format error');
      return reply(200, api(body as Record<string, unknown>));
    } catch (err) {
      if (err instanceof ApiFailure) return reply(200, { errcode: err.errcode, errmsg: `${err.message}, hint: [fake]` });
      return reply(500, { errcode: -1, errmsg: String(err) });
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    sends,
    sent: () => sends.filter((s) => !s.dropped && !s.duplicate).map((s) => s.body),
    updates: () => [...updates],
    get gettokenCalls() {
      return gettokenCalls;
    },
    get overLimitSends() {
      return overLimitSends;
    },
    expireToken: () => {
      for (const t of tokens.keys()) tokens.set(t, 0);
    },
    failNext: (failure) => void failures.push(failure),
    issueResponseCode: () => newCode(),
    addMedia: (mediaId, data, contentType = 'audio/amr') => void media.set(mediaId, { data, contentType }),
    get mediaDownloads() {
      return mediaDownloads;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface CallbackCrypto {
  token: string;
  aesKey: string;
  corpId: string;
  timestamp: string | number;
  nonce: string | number;
}

/** A POST callback exactly as WeCom builds it: encrypt(xml, corpId), sign, wrap in the outer XML. */
export function encryptedCallback(o: CallbackCrypto & { xml: string; agentId?: number }): { query: string; body: string } {
  const enc = encrypt(o.aesKey, o.xml, o.corpId);
  const signature = getSignature(o.token, o.timestamp, o.nonce, enc);
  const query = new URLSearchParams({ msg_signature: signature, timestamp: String(o.timestamp), nonce: String(o.nonce) });
  const agent = o.agentId === undefined ? '' : `<AgentID><![CDATA[${o.agentId}]]></AgentID>`;
  return { query: query.toString(), body: `<xml><ToUserName><![CDATA[${o.corpId}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt>${agent}</xml>` };
}

/** The GET URL-verification query WeCom sends when the callback URL is saved. */
export function urlVerificationQuery(o: CallbackCrypto & { echo: string }): string {
  const echostr = encrypt(o.aesKey, o.echo, o.corpId);
  const signature = getSignature(o.token, o.timestamp, o.nonce, echostr);
  return new URLSearchParams({ msg_signature: signature, timestamp: String(o.timestamp), nonce: String(o.nonce), echostr }).toString();
}

const cdata = (tag: string, value: string | number) => `<${tag}><![CDATA[${value}]]></${tag}>`;

/** Decrypted text-message XML, as a member typing to the app produces it. */
export function textMessageXml(o: { corpId: string; from: string; content: string; msgId: string; createTime: number; agentId: number }): string {
  return `<xml>${cdata('ToUserName', o.corpId)}${cdata('FromUserName', o.from)}<CreateTime>${o.createTime}</CreateTime>${cdata('MsgType', 'text')}${cdata('Content', o.content)}<MsgId>${o.msgId}</MsgId><AgentID>${o.agentId}</AgentID></xml>`;
}

/** Decrypted voice-message XML (MsgType=voice, MediaId, Format amr), as a member holding 按住说话 produces it. */
export function voiceMessageXml(o: { corpId: string; from: string; mediaId: string; msgId: string; createTime: number; agentId: number; format?: string; recognition?: string }): string {
  const recognition = o.recognition === undefined ? '' : cdata('Recognition', o.recognition);
  return `<xml>${cdata('ToUserName', o.corpId)}${cdata('FromUserName', o.from)}<CreateTime>${o.createTime}</CreateTime>${cdata('MsgType', 'voice')}${cdata('MediaId', o.mediaId)}${cdata('Format', o.format ?? 'amr')}${recognition}<MsgId>${o.msgId}</MsgId><AgentID>${o.agentId}</AgentID></xml>`;
}

/** Decrypted template_card_event XML (a button click or a vote/multiple submit). */
export function cardEventXml(o: {
  corpId: string;
  from: string;
  createTime: number;
  agentId: number;
  taskId: string;
  eventKey: string;
  cardType?: string;
  responseCode?: string;
  selected?: Record<string, string[]>;
}): string {
  const selected = o.selected
    ? `<SelectedItems>${Object.entries(o.selected)
        .map(([k, ids]) => `<SelectedItem>${cdata('QuestionKey', k)}<OptionIds>${ids.map((id) => cdata('OptionId', id)).join('')}</OptionIds></SelectedItem>`)
        .join('')}</SelectedItems>`
    : '';
  return `<xml>${cdata('ToUserName', o.corpId)}${cdata('FromUserName', o.from)}<CreateTime>${o.createTime}</CreateTime>${cdata('MsgType', 'event')}${cdata('Event', 'template_card_event')}${cdata('EventKey', o.eventKey)}${cdata('TaskId', o.taskId)}${cdata('CardType', o.cardType ?? 'button_interaction')}${o.responseCode ? cdata('ResponseCode', o.responseCode) : ''}<AgentID>${o.agentId}</AgentID>${selected}</xml>`;
}
