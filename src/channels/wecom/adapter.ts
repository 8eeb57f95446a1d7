/** WeCom deliver(): message/send and update_template_card, with single-use response_code bookkeeping and fallbacks. */
import type { Card } from '../../../cards/card.ts';
import {
  renderWecomCardUpdate,
  renderWecomMessage,
  truncate,
  wecomTaskId,
  WecomRenderError,
  type WecomMessageBody,
} from '../../../cards/render/wecom.ts';
import type { Logger } from '../../log.ts';
import { DeliveryError, type DeliveryResult, type OutboundItem } from '../channel.ts';
import type { WecomApi } from './api-client.ts';

/** WeCom's duplicate check window (s): a relay retry of a send that did arrive is not shown twice. */
const DUPLICATE_CHECK_INTERVAL_S = 1800;
/** response_code lives 72 h; stop trusting it a little earlier than WeCom's clock would. */
export const RESPONSE_CODE_LIFE_MS = 72 * 3_600_000 - 10 * 60_000;

export interface WecomDeliveryOptions {
  agentId: number;
  api: WecomApi;
  now: () => number;
  log: Logger;
  formUrl?: (item: OutboundItem) => string | undefined;
}

/** The stored response_code, when it is still worth spending: present, not used by us, not expired. */
export function usableResponseCode(ref: Record<string, unknown> | null, now: number): string | undefined {
  const code = ref?.responseCode;
  if (typeof code !== 'string' || code === '' || ref?.usedResponseCode === code) return undefined;
  const at = ref?.responseCodeAt;
  if (typeof at === 'number' && now - at > RESPONSE_CODE_LIFE_MS) return undefined;
  return code;
}

export function createWecomDeliver(o: WecomDeliveryOptions): (item: OutboundItem) => Promise<DeliveryResult> {
  return async (item) => {
    if (item.op === 'update' && item.message.kind === 'card') {
      const code = usableResponseCode(item.ref, o.now());
      if (code) {
        const updated = await tryUpdate(o, item, item.message.card, code);
        if (updated) return updated;
        // The code was refused (spent, expired, not updatable): show the new state as a new card.
        return send(o, item, code);
      }
    }
    return send(o, item);
  };
}

async function tryUpdate(o: WecomDeliveryOptions, item: OutboundItem, card: Card, code: string): Promise<DeliveryResult | undefined> {
  const taskId = typeof item.ref?.taskId === 'string' ? item.ref.taskId : wecomTaskId(card.key, card.version, item.personId);
  let change: Record<string, unknown>;
  try {
    change = { template_card: renderWecomCardUpdate(card, { taskId, formUrl: o.formUrl?.(item) }) };
  } catch (err) {
    if (!(err instanceof WecomRenderError)) throw err;
    // No link for a full notice card: grey the buttons out with the status instead (WeCom's own "done" look),
    // using its first part ("已接收" of "已接收 · 张伟 · 10:42") since a button holds about 10 characters.
    if (!card.status) throw new DeliveryError(`wecom render: ${err.message}`, false);
    change = { button: { replace_name: truncate(card.status.split(' · ')[0] ?? card.status, { chars: 10 }) } };
  }
  try {
    await o.api.post('/cgi-bin/message/update_template_card', {
      userids: [item.recipient],
      agentid: o.agentId,
      response_code: code,
      ...change,
    });
    return { ref: { responseCode: null, usedResponseCode: code } };
  } catch (err) {
    if (err instanceof DeliveryError && !err.retryable) {
      o.log.info({ outboxId: item.id, reason: err.message }, 'wecom card update refused; sending the card anew');
      return undefined;
    }
    throw err;
  }
}

async function send(o: WecomDeliveryOptions, item: OutboundItem, spentCode?: string): Promise<DeliveryResult> {
  const card = item.message.kind === 'card' ? item.message.card : undefined;
  const taskId = wecomTaskId(item.cardKey ?? card?.key ?? item.id, card?.version ?? 0, item.personId);
  let body: WecomMessageBody;
  try {
    body = renderWecomMessage(item.message, { taskId, formUrl: o.formUrl?.(item) });
  } catch (err) {
    if (err instanceof WecomRenderError) throw new DeliveryError(`wecom render: ${err.message}`, false);
    throw err;
  }
  const res = await o.api.post('/cgi-bin/message/send', {
    touser: item.recipient,
    agentid: o.agentId,
    ...body,
    enable_duplicate_check: 1,
    duplicate_check_interval: DUPLICATE_CHECK_INTERVAL_S,
  });
  if (typeof res.invaliduser === 'string' && res.invaliduser !== '') {
    o.log.warn({ outboxId: item.id, invaliduser: res.invaliduser }, 'wecom reported an invalid recipient');
  }
  if (!card) return {};
  // Always return both fields: the stored ref is merged, so null clears a stale code of an older message.
  const responseCode = typeof res.response_code === 'string' && res.response_code !== '' ? res.response_code : null;
  return {
    ref: {
      taskId: body.msgtype === 'template_card' ? taskId : null,
      responseCode,
      ...(responseCode ? { responseCodeAt: o.now() } : {}),
      ...(spentCode ? { usedResponseCode: spentCode } : {}),
    },
  };
}
