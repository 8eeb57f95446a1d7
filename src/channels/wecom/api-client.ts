/** WeCom HTTP API calls: JSON over fetch, one token refresh on 40014/42001, errcode → DeliveryError classification. */
import { DeliveryError } from '../channel.ts';
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

export interface WecomApi {
  /** POSTs JSON with the app's token; resolves only on errcode 0, else throws WecomApiError. */
  post(path: string, body: unknown): Promise<WecomResponse>;
}

export function createWecomApi(o: { apiBase: string; tokens: AccessTokenSource }): WecomApi {
  const once = (path: string, token: string, body: unknown) =>
    requestJson(o.apiBase, path, { method: 'POST', query: { access_token: token }, body });
  return {
    async post(path, body) {
      const token = await o.tokens.get();
      let res = await once(path, token, body);
      if (TOKEN_ERRORS.has(res.errcode)) {
        // WeCom may revoke a token early: drop it, fetch a new one, retry once within this call.
        await o.tokens.invalidate(token);
        const fresh = await o.tokens.get();
        res = await once(path, fresh, body);
        if (TOKEN_ERRORS.has(res.errcode)) {
          await o.tokens.invalidate(fresh);
          throw new WecomApiError(res.errcode, `wecom ${path}: ${res.errcode} ${res.errmsg ?? ''} after a token refresh`, true);
        }
      }
      if (res.errcode !== 0) throw classifyErrcode(path, res);
      return res;
    },
  };
}
