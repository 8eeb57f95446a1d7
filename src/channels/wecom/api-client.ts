/** WeCom HTTP API calls: JSON over fetch, one token refresh on 40014/42001, errcode → DeliveryError classification. */
import { DeliveryError, type FetchedMedia } from '../channel.ts';
import type { AccessTokenSource, FetchedToken } from './access-token.ts';

export interface WecomResponse {
  errcode: number;
  errmsg?: string;
  [field: string]: unknown;
}

/** A DeliveryError that keeps WeCom's errcode (undefined for HTTP/network failures). */
export class WecomApiError extends DeliveryError {
  constructor(
    readonly errcode: number | undefined,
    message: string,
    retryable: boolean,
    retryAfterMs?: number,
  ) {
    super(message, retryable, retryAfterMs);
    this.name = 'WecomApiError';
  }
}

/** -1 system busy, 45009 frequency limit (lifts after a minute), 45033 too many concurrent calls. */
const RETRYABLE = new Set([-1, 45009, 45033]);
/** 40014 invalid, 42001 expired, 41001 missing access_token: refresh once and retry. */
const TOKEN_ERRORS = new Set([40014, 41001, 42001]);
export const FREQUENCY_BACKOFF_MS = 60_000;
const TIMEOUT_MS = 10_000;

export function classifyErrcode(path: string, res: WecomResponse): WecomApiError {
  const message = `wecom ${path}: ${res.errcode} ${res.errmsg ?? ''}`.trim();
  if (res.errcode === 45009) return new WecomApiError(res.errcode, message, true, FREQUENCY_BACKOFF_MS);
  return new WecomApiError(res.errcode, message, RETRYABLE.has(res.errcode));
}

interface RequestSpec {
  method: 'GET' | 'POST';
  query: Record<string, string>;
  body?: unknown;
}

/** One HTTP exchange. Network errors, timeouts, 5xx, 429 and non-JSON answers are retryable. */
export async function requestJson(apiBase: string, path: string, spec: RequestSpec): Promise<WecomResponse> {
  // Concatenate rather than resolve: a gateway base may carry a path prefix.
  const url = new URL(`${apiBase.replace(/\/+$/, '')}${path}`);
  for (const [k, v] of Object.entries(spec.query)) url.searchParams.set(k, v);
  let response: Response;
  try {
    response = await fetch(url, {
      method: spec.method,
      headers: spec.body === undefined ? undefined : { 'content-type': 'application/json; charset=utf-8' },
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    // The message never carries the URL, so the access_token stays out of errors and logs.
    throw new WecomApiError(undefined, `wecom ${path}: network error: ${(err as Error).message}`, true);
  }
  if (!response.ok) {
    await response.body?.cancel();
    const retryable = response.status >= 500 || response.status === 429;
    throw new WecomApiError(undefined, `wecom ${path}: HTTP ${response.status}`, retryable);
  }
  const json = (await response.json().catch(() => undefined)) as Partial<WecomResponse> | undefined;
  if (!json || typeof json !== 'object' || typeof json.errcode !== 'number') {
    throw new WecomApiError(undefined, `wecom ${path}: unexpected response (not WeCom JSON)`, true);
  }
  return json as WecomResponse;
}

export async function fetchAccessToken(apiBase: string, corpId: string, secret: string): Promise<FetchedToken> {
  const path = '/cgi-bin/gettoken';
  const res = await requestJson(apiBase, path, { method: 'GET', query: { corpid: corpId, corpsecret: secret } });
  if (res.errcode !== 0 || typeof res.access_token !== 'string') throw classifyErrcode(path, res);
  return { value: res.access_token, expiresInSec: Number(res.expires_in) || 7200 };
}

/**
 * WeCom accepts voice of at most 2 MB (and 60 s: an AMR message is a few dozen KB), so a bigger
 * answer is not a voice message; it is refused rather than buffered.
 */
export const MEDIA_MAX_BYTES = 2 * 1024 * 1024;

/**
 * GET /cgi-bin/media/get: the file itself (Content-Type audio/amr for voice), or on error a JSON
 * `{errcode, errmsg}` body with HTTP 200. Told apart by Content-Type, and by a body that parses as
 * WeCom JSON, since some gateways label errors text/plain.
 */
export async function requestMedia(apiBase: string, token: string, mediaId: string): Promise<FetchedMedia | WecomResponse> {
  const path = '/cgi-bin/media/get';
  const url = new URL(`${apiBase.replace(/\/+$/, '')}${path}`);
  url.searchParams.set('access_token', token);
  url.searchParams.set('media_id', mediaId);
  let response: Response;
  try {
    response = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw new WecomApiError(undefined, `wecom ${path}: network error: ${(err as Error).message}`, true);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new WecomApiError(undefined, `wecom ${path}: HTTP ${response.status}`, response.status >= 500 || response.status === 429);
  }
  const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
  let data: Buffer;
  try {
    data = await readLimited(response, MEDIA_MAX_BYTES);
  } catch (err) {
    if (err instanceof WecomApiError) throw err;
    throw new WecomApiError(undefined, `wecom ${path}: network error: ${(err as Error).message}`, true);
  }
  const json = /json|text\/plain/i.test(contentType) || data.subarray(0, 1).toString() === '{' ? parseWecomJson(data) : undefined;
  if (json) return json;
  if (/json/i.test(contentType)) throw new WecomApiError(undefined, `wecom ${path}: unexpected response (not WeCom JSON)`, true);
  return { data, contentType };
}

function parseWecomJson(data: Buffer): WecomResponse | undefined {
  try {
    const json = JSON.parse(data.toString('utf8')) as Partial<WecomResponse>;
    return json && typeof json === 'object' && typeof json.errcode === 'number' ? (json as WecomResponse) : undefined;
  } catch {
    return undefined;
  }
}

async function readLimited(response: Response, max: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel();
    throw new WecomApiError(undefined, `wecom media: ${declared} bytes is over the ${max}-byte limit`, false);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    size += chunk.value.byteLength;
    if (size > max) {
      await reader?.cancel();
      throw new WecomApiError(undefined, `wecom media: over the ${max}-byte limit`, false);
    }
    chunks.push(Buffer.from(chunk.value));
  }
  return Buffer.concat(chunks);
}

export interface WecomApi {
  /** POSTs JSON with the app's token; resolves only on errcode 0, else throws WecomApiError. */
  post(path: string, body: unknown): Promise<WecomResponse>;
  /** Downloads a media file (a voice message's audio) by media_id; throws WecomApiError on errcode (40007: unknown or expired id). */
  getMedia(mediaId: string): Promise<FetchedMedia>;
}

const isMedia = (r: FetchedMedia | WecomResponse): r is FetchedMedia => Buffer.isBuffer((r as FetchedMedia).data);

export function createWecomApi(o: { apiBase: string; tokens: AccessTokenSource }): WecomApi {
  /** One call with the app's token; on a token error WeCom may have revoked it early: drop it, fetch a new one, retry once. */
  async function withToken<T extends FetchedMedia | WecomResponse>(path: string, call: (token: string) => Promise<T>): Promise<T> {
    const token = await o.tokens.get();
    let res = await call(token);
    if (!isMedia(res) && TOKEN_ERRORS.has(res.errcode)) {
      await o.tokens.invalidate(token);
      const fresh = await o.tokens.get();
      res = await call(fresh);
      if (!isMedia(res) && TOKEN_ERRORS.has(res.errcode)) {
        await o.tokens.invalidate(fresh);
        throw new WecomApiError(res.errcode, `wecom ${path}: ${res.errcode} ${res.errmsg ?? ''} after a token refresh`, true);
      }
    }
    if (!isMedia(res) && res.errcode !== 0) throw classifyErrcode(path, res);
    return res;
  }
  return {
    post: (path, body) => withToken(path, (token) => requestJson(o.apiBase, path, { method: 'POST', query: { access_token: token }, body })),
    async getMedia(mediaId) {
      const res = await withToken('/cgi-bin/media/get', (token) => requestMedia(o.apiBase, token, mediaId));
      // errcode 0 without a file would be a WeCom bug; say so rather than transcribe JSON.
      if (!isMedia(res)) throw new WecomApiError(undefined, 'wecom /cgi-bin/media/get: no file in the answer', true);
      return res;
    },
  };
}
