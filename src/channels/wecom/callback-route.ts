/** GET/POST /wecom/callback: URL verification and encrypted message/event callbacks, verified before anything is stored. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../../errors.ts';
import { readBody, sendText } from '../../http/body.ts';
import type { HttpRoute } from '../../http/route.ts';
import type { Logger } from '../../log.ts';
import type { InboundSink } from '../channel.ts';
import { CallbackXmlError, callbackToInteraction, parseCallbackXml, str } from './callback-xml.ts';
import { openEnvelope, signatureMatches, type CallbackSecrets, type OpenResult } from './signature.ts';

export const CALLBACK_PATH = '/wecom/callback';
/** Real callbacks are a few KB; card events with many selected options stay far below this. */
export const CALLBACK_BODY_LIMIT = 64 * 1024;
export const DEFAULT_REPLAY_WINDOW_MS = 5 * 60_000;

export interface CallbackRouteOptions extends CallbackSecrets {
  sink: InboundSink;
  log: Logger;
  now: () => number;
  /** Max |now − timestamp| for POST callbacks; Infinity turns the check off. */
  replayWindowMs: number;
}

export function wecomCallbackRoutes(o: CallbackRouteOptions): HttpRoute[] {
  return [
    { method: 'GET', path: CALLBACK_PATH, handle: (_req, res, url) => verifyUrl(o, res, url) },
    { method: 'POST', path: CALLBACK_PATH, handle: (req, res, url) => receive(o, req, res, url) },
  ];
}

function signedQuery(url: URL): { signature: string; timestamp: string; nonce: string } {
  const signature = url.searchParams.get('msg_signature');
  const timestamp = url.searchParams.get('timestamp');
  const nonce = url.searchParams.get('nonce');
  if (!signature || !timestamp || !nonce) {
    throw new HttpError(400, 'missing_signature_params', 'msg_signature, timestamp and nonce are required');
  }
  return { signature, timestamp, nonce };
}

function reject(o: CallbackRouteOptions, status: number, code: string, message: string): HttpError {
  o.log.warn({ status, code }, `wecom callback rejected: ${message}`);
  return new HttpError(status, code, message);
}

function plaintext(o: CallbackRouteOptions, result: OpenResult): string {
  if (result.ok) return result.message;
  throw result.reason === 'wrong_receiver'
    ? reject(o, 403, 'wrong_receiver', 'payload is not addressed to this corp')
    : reject(o, 400, 'undecryptable', 'payload cannot be decrypted');
}

/**
 * URL verification: answer the bare plaintext at once (WeCom allows 1 s). No replay window:
 * echoing changes nothing, and WeCom's console check must work whatever our clock says.
 */
function verifyUrl(o: CallbackRouteOptions, res: ServerResponse, url: URL): void {
  const q = signedQuery(url);
  const echostr = url.searchParams.get('echostr');
  if (!echostr) throw new HttpError(400, 'missing_echostr', 'echostr is required');
  // A raw '+' in the query decodes to a space; WeCom signed the real base64, so try it restored once.
  const candidates = echostr.includes(' ') ? [echostr, echostr.replace(/ /g, '+')] : [echostr];
  const signed = candidates.find((c) => signatureMatches(o, q, c));
  if (!signed) throw reject(o, 401, 'bad_signature', 'msg_signature does not match');
  sendText(res, 200, plaintext(o, openEnvelope(o, signed)));
}

/** Message/event callback: verify, decrypt, record in the inbox, then 200 with an empty body. */
async function receive(o: CallbackRouteOptions, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const q = signedQuery(url);
  const body = await readBody(req, CALLBACK_BODY_LIMIT);
  const encrypted = str(parseXml(o, body.toString('utf8')).Encrypt);
  if (!encrypted) throw reject(o, 400, 'missing_encrypt', '<Encrypt> is required');
  if (!signatureMatches(o, q, encrypted)) throw reject(o, 401, 'bad_signature', 'msg_signature does not match');
  // The timestamp is signed, so it is checked after the signature: a stale one means a replay.
  const sentAt = Number(q.timestamp) * 1000;
  if (!Number.isFinite(sentAt) || Math.abs(o.now() - sentAt) > o.replayWindowMs) {
    throw reject(o, 401, 'stale_timestamp', 'timestamp outside the replay window');
  }
  const inner = parseXml(o, plaintext(o, openEnvelope(o, encrypted)));
  const outcome = callbackToInteraction(inner, o.now());
  if (outcome.kind === 'interaction') {
    // A fast insert, well inside WeCom's 5 s; dispatch happens after we answer.
    const result = await o.sink.accept(outcome.interaction);
    o.log.debug({ dedupeKey: outcome.interaction.dedupeKey, result }, 'wecom callback accepted');
  } else {
    o.log.debug({ reason: outcome.reason }, 'wecom callback ignored');
  }
  sendText(res, 200, '');
}

function parseXml(o: CallbackRouteOptions, text: string): Record<string, unknown> {
  try {
    return parseCallbackXml(text);
  } catch (err) {
    if (err instanceof CallbackXmlError) throw reject(o, 400, 'malformed_xml', err.message);
    throw err;
  }
}
