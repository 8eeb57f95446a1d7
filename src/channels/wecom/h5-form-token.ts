/**
 * The signed token of a WeCom H5 form link: `base64url(JSON {o,u,e}) + "." + base64url(HMAC-SHA256)`.
 *
 * The key is derived from the app's `WECOM_SECRET` with HKDF-SHA256 (salt = corp id, a fixed
 * `info` label), so no new environment variable is needed and the token key is never the
 * API secret itself. Rotating `WECOM_SECRET` therefore invalidates every open form link
 * (they answer 401); the card can simply be sent again.
 * @module
 */
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** Like WeCom's own response_code, a form link lives 72 h. */
export const FORM_TOKEN_TTL_MS = 72 * 3_600_000;

/** Labels the derived key: a new version of the token format gets a new label, hence a new key. */
const HKDF_INFO = 'closeloop/wecom/h5-form-token/v1';
/** Tokens we mint are ~150 characters; anything much longer is not ours. */
const MAX_TOKEN_CHARS = 2048;
/** 32 bytes of HMAC-SHA256 are always 43 base64url characters (no padding). */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;

export interface FormTokenClaims {
  /** The outbox row whose card holds the form. */
  outboxId: string;
  /** The WeCom userid the card went to; the submitter. */
  userId: string;
  /** Expiry, epoch ms. */
  exp: number;
}

export type FormTokenError = 'malformed' | 'bad_signature' | 'expired';
export type FormTokenResult = { ok: true; claims: FormTokenClaims } | { ok: false; error: FormTokenError };

/** The 32-byte token key for one WeCom app: HKDF-SHA256(ikm = app secret, salt = corp id). */
export function deriveFormSecret(wecomSecret: string, corpId: string): Buffer {
  if (!wecomSecret || !corpId) throw new Error('the H5 form key needs WECOM_SECRET and WECOM_CORP_ID');
  return Buffer.from(hkdfSync('sha256', wecomSecret, corpId, HKDF_INFO, 32));
}

function mac(payload: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function signFormToken(claims: FormTokenClaims, secret: Buffer): string {
  if (!Number.isSafeInteger(claims.exp)) throw new Error('form token exp must be an integer epoch ms');
  const payload = Buffer.from(JSON.stringify({ o: claims.outboxId, u: claims.userId, e: claims.exp })).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/**
 * Checks shape, then the signature (constant time, over the exact payload text), then the
 * expiry. The signature is compared as its canonical base64url text, so no second spelling
 * of a token verifies (the form dedupes submissions by the token's hash).
 */
export function verifyFormToken(token: string, secret: Buffer, now: number): FormTokenResult {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS || !TOKEN_SHAPE.test(token)) return { ok: false, error: 'malformed' };
  const dot = token.indexOf('.');
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(payload, secret));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, error: 'bad_signature' };
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, error: 'malformed' };
  }
  const { o, u, e } = (data ?? {}) as Record<string, unknown>;
  if (typeof o !== 'string' || o === '' || typeof u !== 'string' || u === '' || typeof e !== 'number' || !Number.isSafeInteger(e)) {
    return { ok: false, error: 'malformed' };
  }
  if (now >= e) return { ok: false, error: 'expired' };
  return { ok: true, claims: { outboxId: o, userId: u, exp: e } };
}

/** sha256 hex of the token: names one link in the inbox dedupe key without storing the token. */
export function formTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
