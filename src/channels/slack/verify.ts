/** Slack request signing (v0 HMAC-SHA256) and a two-sided replay window: Bolt only rejects old timestamps. */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's documented window: a request more than 5 minutes from our clock, either way, is refused. */
export const SLACK_REPLAY_WINDOW_SEC = 300;

/** `v0=<hex>` over `v0:{timestamp}:{raw body}`, keyed by the signing secret. */
export function slackSignature(secret: string, timestampSec: number | string, body: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestampSec}:`);
  hmac.update(body);
  return `v0=${hmac.digest('hex')}`;
}

/**
 * True when the `X-Slack-Request-Timestamp` header is a whole number of seconds within
 * ±`windowSec` of `nowMs`. Future timestamps count too: a leaked request signed "ahead"
 * would otherwise stay replayable for as long as its timestamp is in the future.
 */
export function isFreshSlackTimestamp(header: string | undefined, nowMs: number, windowSec = SLACK_REPLAY_WINDOW_SEC): boolean {
  if (header === undefined || !/^\d{1,12}$/.test(header)) return false;
  return Math.abs(Math.floor(nowMs / 1000) - Number(header)) <= windowSec;
}

export interface SlackSignedRequest {
  secret: string;
  body: string | Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}

/** Full check (window + signature, constant-time compare); Bolt does the same minus the future side. */
export function verifySlackSignature(r: SlackSignedRequest): boolean {
  if (!r.secret || !r.signature || !isFreshSlackTimestamp(r.timestamp, r.nowMs)) return false;
  const expected = Buffer.from(slackSignature(r.secret, r.timestamp as string, r.body));
  const given = Buffer.from(r.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
