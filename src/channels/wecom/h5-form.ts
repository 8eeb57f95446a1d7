/**
 * The signed H5 form of WeCom: forms too rich for a vote/multiple card (text or date inputs, more
 * options or selects than WeCom allows) go out as a text_notice whose link is
 * `${PUBLIC_BASE_URL}/wecom/form?t=<token>`. The token names the outbox row and its
 * recipient (see h5-form-token.ts); the page renders that row's card form, and a valid
 * submission becomes the same `action` interaction a card click would, deduplicated per link.
 *
 *   GET  /wecom/form?t=…  → the form (401 invalid link, 410 expired, 404 row gone)
 *   POST /wecom/form      → t + `f:<input id>` fields, form-encoded, ≤ 64 KB
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Card, Message } from '../../../cards/card.ts';
import type { Database } from '../../../db/schema.ts';
import { HttpError } from '../../errors.ts';
import { readBody } from '../../http/body.ts';
import type { HttpRoute } from '../../http/route.ts';
import type { Logger } from '../../log.ts';
import { inboxId } from '../../store/inbox.ts';
import type { InboundSink, Interaction, OutboundItem } from '../channel.ts';
import { renderCardPage, renderFormPage, renderNoticePage, sendPage } from './h5-form-page.ts';
import { FORM_TOKEN_TTL_MS, formTokenHash, signFormToken, verifyFormToken, type FormTokenClaims } from './h5-form-token.ts';
import { checkFormValues } from './h5-form-values.ts';

export { deriveFormSecret, FORM_TOKEN_TTL_MS, signFormToken, verifyFormToken } from './h5-form-token.ts';

export const FORM_PATH = '/wecom/form';
export const FORM_BODY_LIMIT = 64 * 1024;
const HOUR_MS = 3_600_000;

export interface FormUrlOptions {
  /** The public https base of this server (PUBLIC_BASE_URL), without the /wecom/form path. */
  publicBaseUrl: string;
  secret: Buffer;
  now: () => number;
  ttlMs?: number;
}

/**
 * The adapter's `formUrl`. The expiry is rounded up to the next full hour, so every render of
 * one outbox item within the hour yields the same link: a relay retry is then the same
 * message, and WeCom's duplicate check does not show it twice. Links live 72–73 h.
 */
export function createWecomFormUrl(o: FormUrlOptions): (item: OutboundItem) => string {
  const base = `${o.publicBaseUrl.replace(/\/+$/, '')}${FORM_PATH}`;
  const ttl = o.ttlMs ?? FORM_TOKEN_TTL_MS;
  return (item) => {
    const exp = Math.ceil((o.now() + ttl) / HOUR_MS) * HOUR_MS;
    return `${base}?t=${signFormToken({ outboxId: item.id, userId: item.recipient, exp }, o.secret)}`;
  };
}

export interface FormRouteOptions {
  db: Kysely<Database>;
  sink: InboundSink;
  /** deriveFormSecret(WECOM_SECRET, corpId). */
  secret: Buffer;
  log: Logger;
  now: () => number;
}

export function wecomFormRoutes(o: FormRouteOptions): HttpRoute[] {
  return [
    { method: 'GET', path: FORM_PATH, handle: (_req, res, url) => show(o, res, url) },
    { method: 'POST', path: FORM_PATH, handle: (req, res, url) => submit(o, req, res, url) },
  ];
}

/** The submission's inbox dedupe key: one submission per link. */
export function formDedupeKey(claims: FormTokenClaims, token: string): string {
  return `h5:${claims.outboxId}:${formTokenHash(token)}`;
}

type Opened = { ok: true; claims: FormTokenClaims; card: Card } | { ok: false; status: number; page: string };

/** Token, then the outbox row it names, then the card in it. */
async function open(o: FormRouteOptions, token: string | null): Promise<Opened> {
  const verified = verifyFormToken(token ?? '', o.secret, o.now());
  if (!verified.ok) {
    o.log.info({ reason: verified.error }, 'wecom form link refused');
    return verified.error === 'expired'
      ? { ok: false, status: 410, page: renderNoticePage('expired') }
      : { ok: false, status: 401, page: renderNoticePage('invalid') };
  }
  const { claims } = verified;
  const row = await o.db
    .selectFrom('outbox')
    .select(['channel', 'recipient', 'payload'])
    .where('id', '=', claims.outboxId)
    .executeTakeFirst();
  const card = row && row.channel === 'wecom' && row.recipient === claims.userId ? cardOf(o, claims.outboxId, row.payload) : undefined;
  if (!card) return { ok: false, status: 404, page: renderNoticePage('not_found') };
  return { ok: true, claims, card };
}

function cardOf(o: FormRouteOptions, outboxId: string, payload: string): Card | undefined {
  try {
    const message = JSON.parse(payload) as Message;
    if (message?.kind === 'card' && typeof message.card?.title === 'string') return message.card;
  } catch (err) {
    o.log.warn({ err, outboxId }, 'wecom form: unreadable outbox payload');
  }
  return undefined;
}

async function alreadySubmitted(o: FormRouteOptions, claims: FormTokenClaims, token: string): Promise<boolean> {
  const id = inboxId({ channel: 'wecom', dedupeKey: formDedupeKey(claims, token) });
  return (await o.db.selectFrom('inbox').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

async function show(o: FormRouteOptions, res: ServerResponse, url: URL): Promise<void> {
  const token = url.searchParams.get('t');
  const opened = await open(o, token);
  if (!opened.ok) return sendPage(res, opened.status, opened.page);
  const { card, claims } = opened;
  if (!card.form) return sendPage(res, 200, renderCardPage(card));
  if (await alreadySubmitted(o, claims, token ?? '')) return sendPage(res, 200, renderNoticePage('already_submitted', card));
  sendPage(res, 200, renderFormPage(card, token ?? ''));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  try {
    return new URLSearchParams((await readBody(req, FORM_BODY_LIMIT)).toString('utf8'));
  } catch (err) {
    if (err instanceof HttpError && err.status === 413) return undefined;
    throw err;
  }
}

async function submit(o: FormRouteOptions, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const body = await readForm(req);
  if (!body) return sendPage(res, 413, renderNoticePage('too_large'));
  const token = body.get('t') ?? url.searchParams.get('t');
  const opened = await open(o, token);
  if (!opened.ok) return sendPage(res, opened.status, opened.page);
  const { card, claims } = opened;
  const form = card.form;
  if (!form) return sendPage(res, 404, renderNoticePage('no_form', card));
  const signed = token ?? '';
  // A finished form says so, rather than complaining about what a second attempt left out.
  if (await alreadySubmitted(o, claims, signed)) return sendPage(res, 200, renderNoticePage('already_submitted', card));
  const check = checkFormValues(form, body);
  if (Object.keys(check.errors).length) {
    o.log.info({ outboxId: claims.outboxId, errors: check.errors }, 'wecom form: invalid submission');
    return sendPage(res, 400, renderFormPage(card, signed, check));
  }
  const interaction: Interaction = {
    channel: 'wecom',
    userId: claims.userId,
    kind: 'action',
    actionId: form.submit.actionId,
    value: form.submit.value,
    values: check.values,
    cardKey: card.key,
    dedupeKey: formDedupeKey(claims, signed),
    receivedAt: o.now(),
  };
  // The inbox is the arbiter: of two concurrent submits of one link exactly one is accepted.
  const result = await o.sink.accept(interaction);
  o.log.info({ outboxId: claims.outboxId, result }, 'wecom form submitted');
  sendPage(res, 200, renderNoticePage(result === 'accepted' ? 'submitted' : 'already_submitted', card));
}
