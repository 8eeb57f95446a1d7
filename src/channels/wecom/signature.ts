/** WeCom callback crypto: constant-time msg_signature check, then decrypt, then the corpId check. */
import { timingSafeEqual } from 'node:crypto';
import { decrypt, getSignature } from '@wecom/crypto';

export interface CallbackSecrets {
  token: string;
  encodingAESKey: string;
  corpId: string;
}

/** sha1(sort(token, timestamp, nonce, encrypt)) compared in constant time (both are 40 hex chars). */
export function signatureMatches(
  secrets: Pick<CallbackSecrets, 'token'>,
  q: { timestamp: string; nonce: string; signature: string },
  encrypted: string,
): boolean {
  const expected = Buffer.from(getSignature(secrets.token, q.timestamp, q.nonce, encrypted), 'utf8');
  const given = Buffer.from(q.signature.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type OpenResult = { ok: true; message: string } | { ok: false; reason: 'undecryptable' | 'wrong_receiver' };

/**
 * Decrypts a payload whose signature was already verified. `@wecom/crypto` returns garbage
 * with `id: ''` instead of throwing on a bad key or tampered text (and throws on some
 * malformed lengths), so the receiver id check is what proves the plaintext is ours.
 */
export function openEnvelope(secrets: Pick<CallbackSecrets, 'encodingAESKey' | 'corpId'>, encrypted: string): OpenResult {
  let opened: { message: string; id: string };
  try {
    opened = decrypt(secrets.encodingAESKey, encrypted);
  } catch {
    return { ok: false, reason: 'undecryptable' };
  }
  if (opened.id !== secrets.corpId) return { ok: false, reason: 'wrong_receiver' };
  return { ok: true, message: opened.message };
}
