/**
 * The one interface every chat channel implements (Slack, WeCom, the local console).
 * Inbound traffic becomes an `Interaction`; outbound goes through the outbox relay, which
 * calls `deliver` with one `OutboundItem` at a time.
 * @module
 */
import type { Card, Message } from '../../cards/card.ts';
import type { ChannelName } from '../../db/schema.ts';
import type { Person } from '../config/company.ts';
import type { HttpRoute } from '../http/route.ts';

export type { ChannelName };

/** Something a person did in chat, already verified and translated from the platform. */
export interface Interaction {
  channel: ChannelName;
  /** The platform's own id for this delivery (Slack event_id/action_ts, WeCom MsgId, …). */
  dedupeKey: string;
  /** Platform user id (WeCom userid, Slack user id, console person id). */
  userId: string;
  kind: 'command' | 'action';
  /** For commands: the text after the command word, e.g. `help` or `lead L-1001`. */
  text?: string;
  actionId?: string;
  value?: string;
  /** Form values by input id (multi-selects as arrays). */
  values?: Record<string, string | string[]>;
  /** The card the action came from, when known. */
  cardKey?: string;
  /**
   * Fresh platform handle for updating the card the action came from: WeCom
   * `{ responseCode, taskId }`, Slack `{ channelId, ts }`. Stored into card_refs.
   */
  cardRef?: Record<string, unknown>;
  /** Epoch ms at which the platform delivered it. */
  receivedAt: number;
  /** Slack slash commands: the short-lived (3 s) id that lets us open a modal form. */
  triggerId?: string;
  /**
   * How a command was given: `voice` when it was spoken (its `text` is then the transcript), so
   * what it records can say so (a visit logged by voice). Absent for typed commands.
   */
  via?: 'voice';
  /**
   * A voice message not yet transcribed (WeCom MsgType=voice without text): the platform's media
   * id and audio format. Dispatch fetches it with `ChannelAdapter.fetchMedia` and transcribes it.
   */
  voice?: { mediaId: string; format: string };
}

/** Media (a voice message's audio) downloaded from a platform. */
export interface FetchedMedia {
  data: Buffer;
  /** As the platform labelled it, e.g. `audio/amr`. */
  contentType: string;
}

/** Who an outbox row goes to and what it does: shared by its insert, its claim and its delivery. */
export interface OutboxAddress {
  id: string;
  channel: ChannelName;
  personId: string;
  recipient: string;
  op: 'send' | 'update';
  cardKey: string | null;
}

/** One outbox row as the relay hands it to a channel. */
export interface OutboundItem extends OutboxAddress {
  message: Message;
  /** For `update`: the stored platform handle of the card (from send result or last click). */
  ref: Record<string, unknown> | null;
}

/** What a delivery returns: a new platform handle for the card, if any. */
export interface DeliveryResult {
  ref?: Record<string, unknown>;
}

/**
 * A delivery failure classified at the edge: retryable (429, 5xx, WeCom -1/45009) with an
 * optional Retry-After, or permanent (bad recipient, invalid blocks) → dead letter.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** A sliding-window quota per recipient, enforced by the relay in the database. */
export interface QuotaLimit {
  max: number;
  windowMs: number;
}

export interface ChannelAdapter {
  readonly name: ChannelName;
  /** The person's id on this platform, or undefined when they are not on it. */
  recipientOf(person: Person): string | undefined;
  /** Sends or updates one message. Throws DeliveryError on failure. */
  deliver(item: OutboundItem): Promise<DeliveryResult>;
  /** HTTP routes this channel serves (callbacks, pages). */
  routes(): HttpRoute[];
  /** Per-recipient quotas that must hold across restarts and instances (WeCom). */
  readonly quota?: QuotaLimit[];
  /** In-process pacing for bottleneck. */
  readonly pacing?: { maxConcurrent: number; minTimeMs: number };
  /**
   * Opens a card's form as a dialog, where the platform has them (Slack's views.open). The
   * `triggerId` comes from the command or click and expires after 3 s, so call it straight from
   * dispatch, not through the outbox. Throws DeliveryError (e.g. `expired_trigger_id`).
   */
  openModal?(triggerId: string, card: Card): Promise<void>;
  /** Downloads media a person sent (WeCom media/get). Throws DeliveryError when the platform refuses. */
  fetchMedia?(mediaId: string): Promise<FetchedMedia>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Where channels hand verified inbound interactions: inbox insert (dedupe) + async dispatch. */
export interface InboundSink {
  accept(interaction: Interaction): Promise<'accepted' | 'duplicate'>;
}
