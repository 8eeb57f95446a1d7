/** The WeCom (企业微信 self-built app) channel: callback routes, delivery, access token and quota wiring. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Logger } from '../../log.ts';
import type { ChannelAdapter, InboundSink, OutboundItem, QuotaLimit } from '../channel.ts';
import { createAccessTokenCache } from './access-token.ts';
import { createWecomDeliver } from './adapter.ts';
import { createWecomApi, fetchAccessToken } from './api-client.ts';
import { DEFAULT_REPLAY_WINDOW_MS, wecomCallbackRoutes } from './callback-route.ts';
import { createWecomFormUrl, deriveFormSecret, wecomFormRoutes } from './h5-form.ts';

export { WecomApiError } from './api-client.ts';
export { CALLBACK_PATH } from './callback-route.ts';
export { FORM_PATH } from './h5-form.ts';

export interface WecomChannelOptions {
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  encodingAESKey: string;
  apiBase: string;
  db: Kysely<Database>;
  sink: InboundSink;
  log: Logger;
  now?: () => number;
  /**
   * PUBLIC_BASE_URL: the public https base of this server. With it, cards link to the signed
   * H5 page `${publicBaseUrl}/wecom/form?t=…` (see h5-form.ts); without it, forms too rich for
   * a WeCom card cannot be delivered (permanent error).
   */
  publicBaseUrl?: string;
  /** Life of an H5 form link (default 72 h). */
  formTtlMs?: number;
  /** Signed H5 link for an item: the page of forms WeCom cannot show, and the card link when a card has none. Overrides publicBaseUrl. */
  formUrl?: (item: OutboundItem) => string | undefined;
  quota?: QuotaLimit[];
  replayWindowMs?: number;
}

/** WeCom silently drops more than 30/min or 1000/h to one member from one app, so the relay must stay under. */
export const WECOM_DEFAULT_QUOTA: QuotaLimit[] = [
  { max: 30, windowMs: 60_000 },
  { max: 1000, windowMs: 3_600_000 },
];

export function createWecomChannel(opts: WecomChannelOptions): ChannelAdapter & { name: 'wecom' } {
  // A wrong key would otherwise only show up as every callback failing to decrypt.
  if (Buffer.from(`${opts.encodingAESKey}=`, 'base64').length !== 32 || opts.encodingAESKey.length !== 43) {
    throw new Error('WeCom encodingAESKey must be the 43-character key from the app callback settings');
  }
  const now = opts.now ?? Date.now;
  const tokens = createAccessTokenCache({
    db: opts.db,
    name: `wecom:${opts.corpId}:${opts.agentId}`,
    now,
    fetchToken: () => fetchAccessToken(opts.apiBase, opts.corpId, opts.secret),
  });
  const api = createWecomApi({ apiBase: opts.apiBase, tokens });
  // The H5 form key comes from the app secret (HKDF), so the form needs no setting of its own.
  const formSecret = deriveFormSecret(opts.secret, opts.corpId);
  const formUrl =
    opts.formUrl ??
    (opts.publicBaseUrl ? createWecomFormUrl({ publicBaseUrl: opts.publicBaseUrl, secret: formSecret, now, ttlMs: opts.formTtlMs }) : undefined);
  if (!formUrl) {
    opts.log.warn(
      'PUBLIC_BASE_URL is not set: WeCom cards cannot link to the H5 form, so forms too rich for a WeCom card ' +
        '(text or date inputs, >20 options, >3 selects) will fail to deliver. Set PUBLIC_BASE_URL to the public https URL of this server.',
    );
  }
  const deliver = createWecomDeliver({ agentId: opts.agentId, api, now, log: opts.log, formUrl });
  const callbackRoutes = wecomCallbackRoutes({
    token: opts.token,
    encodingAESKey: opts.encodingAESKey,
    corpId: opts.corpId,
    sink: opts.sink,
    log: opts.log,
    now,
    replayWindowMs: opts.replayWindowMs ?? DEFAULT_REPLAY_WINDOW_MS,
  });
  const routes = [...callbackRoutes, ...wecomFormRoutes({ db: opts.db, sink: opts.sink, secret: formSecret, log: opts.log, now })];
  return {
    name: 'wecom',
    quota: opts.quota ?? WECOM_DEFAULT_QUOTA,
    // WeCom reports 45033 beyond a handful of concurrent calls per API.
    pacing: { maxConcurrent: 4, minTimeMs: 0 },
    recipientOf: (person) => person.wecomUserId,
    deliver,
    // Voice messages: the audio, for the transcriber (see src/services/voice).
    fetchMedia: (mediaId) => api.getMedia(mediaId),
    routes: () => routes,
  };
}
