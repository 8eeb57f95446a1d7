/** Drives the app's /wecom/callback exactly as WeCom does: encrypted, signed XML POSTs with the current timestamp. */
import { cardEventXml, encryptedCallback, textMessageXml, voiceMessageXml } from '../fakes/wecom-server.ts';

/** The official WXBizMsgCrypt sample token / EncodingAESKey (shared/reference/wecom.md), and a test app. */
export const WECOM_TEST_APP = {
  corpId: 'ww1c2f3e4d5c6b7a80',
  agentId: 1000002,
  secret: 'wecom-test-app-secret',
  token: 'QDG6eK',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
} as const;

/** The app's environment for that WeCom app, its API pointed at the fake. */
export function wecomEnv(apiBase: string): Record<string, string> {
  return {
    WECOM_CORP_ID: WECOM_TEST_APP.corpId,
    WECOM_AGENT_ID: String(WECOM_TEST_APP.agentId),
    WECOM_SECRET: WECOM_TEST_APP.secret,
    WECOM_TOKEN: WECOM_TEST_APP.token,
    WECOM_ENCODING_AES_KEY: WECOM_TEST_APP.aesKey,
    WECOM_API_BASE: apiBase,
  };
}

/** One callback as it goes over the wire: the signed query and the outer XML body. */
export interface WecomCallback {
  query: string;
  body: string;
}

export interface WecomClientOptions {
  /** Base URL of the app, e.g. `http://127.0.0.1:PORT`. */
  base: string;
  /** The app clock in epoch ms (timestamps must be "current" for the app's replay window). */
  now?: () => number;
}

export function wecomClient(o: WecomClientOptions) {
  const now = o.now ?? Date.now;
  const app = WECOM_TEST_APP;
  let nonce = 0;
  let lastCreateTime = 0;
  // WeCom dedupes events by FromUserName+CreateTime (seconds): two distinct clicks get distinct times.
  const createTime = () => (lastCreateTime = Math.max(Math.floor(now() / 1000), lastCreateTime + 1));

  const envelope = (xml: string, over: { corpId?: string; token?: string; timestampSec?: number } = {}): WecomCallback =>
    encryptedCallback({
      token: over.token ?? app.token,
      aesKey: app.aesKey,
      corpId: over.corpId ?? app.corpId,
      timestamp: over.timestampSec ?? Math.floor(now() / 1000),
      nonce: `${Date.now()}${++nonce}`,
      xml,
      agentId: app.agentId,
    });

  return {
    /** A button click on a template_card (`template_card_event`) from `from`. */
    click(from: string, p: { eventKey: string; taskId: string; responseCode?: string }, over: { corpId?: string; token?: string; timestampSec?: number } = {}): WecomCallback {
      const xml = cardEventXml({ corpId: over.corpId ?? app.corpId, from, createTime: createTime(), agentId: app.agentId, ...p });
      return envelope(xml, over);
    },
    /** A text message typed to the app. */
    text(from: string, content: string, over: { corpId?: string; token?: string; timestampSec?: number } = {}): WecomCallback {
      const ct = createTime();
      const xml = textMessageXml({ corpId: over.corpId ?? app.corpId, from, content, msgId: `${ct}${String(++nonce).padStart(6, '0')}`, createTime: ct, agentId: app.agentId });
      return envelope(xml, over);
    },
    /** A voice message to the app: its audio is at `mediaId` on the WeCom API (see FakeWecom.addMedia). */
    voice(from: string, mediaId: string, extra: { recognition?: string } = {}): WecomCallback {
      const ct = createTime();
      const xml = voiceMessageXml({ corpId: app.corpId, from, mediaId, msgId: `${ct}${String(++nonce).padStart(6, '0')}`, createTime: ct, agentId: app.agentId, ...extra });
      return envelope(xml);
    },
    /** POSTs a callback (again, for a WeCom retry) and returns the status and body. */
    async post(cb: WecomCallback, rawBody?: string): Promise<{ status: number; text: string }> {
      const res = await fetch(`${o.base}/wecom/callback?${cb.query}`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: rawBody ?? cb.body,
      });
      return { status: res.status, text: await res.text() };
    },
  };
}
