/** Outbox item → chat.postMessage / chat.update, with Slack errors classified for the relay. */
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  type WebClient,
} from '@slack/web-api';
import { renderSlackMessage } from '../../../cards/render/slack.ts';
import { DeliveryError, type DeliveryResult, type OutboundItem } from '../channel.ts';

/** Platform errors that are Slack's trouble, not ours: worth another attempt later. */
const TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

export function classifySlackError(err: unknown, method: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof WebAPIRateLimitedError) return new DeliveryError(`slack ${method}: rate limited`, true, err.retryAfter * 1000);
  if (err instanceof WebAPIPlatformError) {
    const code = err.data.error;
    const details = err.data.response_metadata?.messages?.join('; ');
    const retryAfter = err.data.response_metadata?.retryAfter;
    const message = `slack ${method}: ${code}${details ? ` (${details})` : ''}`;
    return new DeliveryError(message, TRANSIENT.has(code), retryAfter !== undefined ? retryAfter * 1000 : undefined);
  }
  if (err instanceof WebAPIHTTPError) {
    const retryable = err.statusCode >= 500 || err.statusCode === 408 || err.statusCode === 429;
    return new DeliveryError(`slack ${method}: HTTP ${err.statusCode}`, retryable);
  }
  if (err instanceof WebAPIRequestError) return new DeliveryError(`slack ${method}: ${err.original.message}`, true);
  // Anything else (e.g. a 429 without Retry-After) is not known to be permanent: let the relay retry.
  return new DeliveryError(`slack ${method}: ${err instanceof Error ? err.message : String(err)}`, true);
}

function refOf(item: OutboundItem): { channelId: string; ts: string } | undefined {
  const { channelId, ts } = item.ref ?? {};
  return typeof channelId === 'string' && typeof ts === 'string' ? { channelId, ts } : undefined;
}

export function createSlackDeliver(client: WebClient): (item: OutboundItem) => Promise<DeliveryResult> {
  const send = async (item: OutboundItem): Promise<DeliveryResult> => {
    try {
      // A user id as channel posts into the app's DM with that person.
      const res = await client.chat.postMessage({ channel: item.recipient, ...renderSlackMessage(item.message) });
      return { ref: { channelId: res.channel, ts: res.ts } };
    } catch (err) {
      throw classifySlackError(err, 'chat.postMessage');
    }
  };

  return async (item) => {
    const ref = item.op === 'update' ? refOf(item) : undefined;
    if (!ref) return send(item);
    try {
      const res = await client.chat.update({ channel: ref.channelId, ts: ref.ts, ...renderSlackMessage(item.message) });
      return { ref: { channelId: res.channel ?? ref.channelId, ts: res.ts ?? ref.ts } };
    } catch (err) {
      // The card was deleted in Slack: a fresh card (and a fresh ref) keeps the person informed.
      if (err instanceof WebAPIPlatformError && err.data.error === 'message_not_found') return send(item);
      throw classifySlackError(err, 'chat.update');
    }
  };
}
