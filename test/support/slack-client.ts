/** Drives the app's /slack/events exactly as Slack does: signed form posts (`payload=` JSON or slash-command fields). */
import { signSlackRequest, startFakeSlack, type FakeSlack } from '../fakes/slack-server.ts';
import { startApp, type RunningApp } from './app-harness.ts';
import type { TestDatabase } from './databases.ts';

export const SLACK_TEST_APP = {
  signingSecret: 'slack-test-signing-secret-0123',
  botToken: 'xoxb-0000-closeloop-test',
  teamId: 'T0CLOSELOOP',
} as const;

/** The app's environment for Slack in HTTP mode, its Web API pointed at the fake (`…/api/`). */
export function slackEnv(apiUrl: string): Record<string, string> {
  return { SLACK_SIGNING_SECRET: SLACK_TEST_APP.signingSecret, SLACK_BOT_TOKEN: SLACK_TEST_APP.botToken, SLACK_API_URL: apiUrl };
}

const FORM = 'application/x-www-form-urlencoded';

export interface SlackButton {
  actionId: string;
  value: string;
  blockId: string;
  /** The message the button sits on (Slack's `container`). */
  channelId: string;
  messageTs: string;
}

export function slackClient(o: { base: string; now?: () => number }) {
  const now = o.now ?? Date.now;
  let seq = 0;
  const nextTs = () => `${Math.floor(now() / 1000)}.${String(++seq).padStart(6, '0')}`;

  return {
    /** A block_actions payload for a button click by `userId`, form-encoded as Slack sends it. */
    blockAction(userId: string, b: SlackButton): string {
      const payload = {
        type: 'block_actions',
        team: { id: SLACK_TEST_APP.teamId, domain: 'closeloop' },
        user: { id: userId, username: userId.toLowerCase(), team_id: SLACK_TEST_APP.teamId },
        api_app_id: 'A0CLOSELOOP',
        token: 'verification-token',
        container: { type: 'message', message_ts: b.messageTs, channel_id: b.channelId, is_ephemeral: false },
        trigger_id: `${seq + 1}.1.trigger`,
        channel: { id: b.channelId, name: 'directmessage' },
        message: { type: 'message', ts: b.messageTs, user: 'U_CLOSELOOP', text: '' },
        response_url: 'https://hooks.slack.com/actions/T0CLOSELOOP/1/x',
        actions: [{ type: 'button', action_id: b.actionId, block_id: b.blockId, text: { type: 'plain_text', text: '-' }, value: b.value, action_ts: nextTs() }],
      };
      return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    },
    /** A slash command (`/closeloop help`) by `userId`, typed in the app's DM. */
    command(userId: string, command: string, text: string): string {
      return new URLSearchParams({
        token: 'verification-token',
        team_id: SLACK_TEST_APP.teamId,
        team_domain: 'closeloop',
        channel_id: `D${userId.slice(1)}`,
        channel_name: 'directmessage',
        user_id: userId,
        user_name: userId.toLowerCase(),
        command,
        text,
        api_app_id: 'A0CLOSELOOP',
        response_url: 'https://hooks.slack.com/commands/T0CLOSELOOP/1/x',
        trigger_id: `${nextTs()}.trigger`,
      }).toString();
    },
    /** POSTs a form body to /slack/events, signed with the current time (or skewed / another secret). */
    async post(body: string, opts: { skewSec?: number; secret?: string } = {}): Promise<{ status: number; text: string }> {
      const ts = Math.floor(now() / 1000) + (opts.skewSec ?? 0);
      const res = await fetch(`${o.base}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': FORM, ...signSlackRequest(opts.secret ?? SLACK_TEST_APP.signingSecret, body, ts) },
        body,
      });
      return { status: res.status, text: await res.text() };
    },
  };
}

/** The fake Slack API and the whole app wired to it, on a fresh test database. */
export async function startSlackApp(
  kind: TestDatabase,
  apiToken: string,
): Promise<{ fake: FakeSlack; t: RunningApp; s: ReturnType<typeof slackClient>; stop(): Promise<void> }> {
  const fake = await startFakeSlack({ token: SLACK_TEST_APP.botToken });
  try {
    const t = await startApp(kind, { API_TOKEN: apiToken, ...slackEnv(fake.url) });
    return {
      fake,
      t,
      s: slackClient({ base: t.url }),
      stop: async () => {
        await t.stop();
        await fake.close();
      },
    };
  } catch (err) {
    await fake.close();
    throw err;
  }
}

/** An input block of an opened modal, as views.open returned it. */
export interface ModalInputBlock {
  type: string;
  block_id?: string;
  element?: { type: string; action_id: string; options?: { value: string }[] };
}

export interface OpenedView {
  id: string;
  hash: string;
  callback_id: string;
  private_metadata: string;
  blocks: ModalInputBlock[];
}

/** Fills a modal's inputs the way Slack reports them in view.state.values (each element type its own shape). */
export function modalState(view: OpenedView, answers: Record<string, string | string[]>): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const b of view.blocks.filter((x) => x.type === 'input' && x.element && x.block_id)) {
    const el = b.element!;
    const a = answers[b.block_id!];
    const options = (list: string[]) => list.map((v) => ({ value: v, text: { type: 'plain_text', text: v } }));
    const many = a === undefined ? [] : Array.isArray(a) ? a : [a];
    const one = Array.isArray(a) ? a[0] : a;
    const state =
      el.type === 'multi_static_select' || el.type === 'checkboxes'
        ? { type: el.type, selected_options: options(many) }
        : el.type === 'static_select'
          ? { type: el.type, selected_option: one === undefined ? null : options([one])[0] }
          : el.type === 'datepicker'
            ? { type: el.type, selected_date: one ?? null }
            : { type: el.type, value: one ?? null };
    values[b.block_id!] = { [el.action_id]: state };
  }
  return values;
}

/** A view_submission of that modal by `userId`, form-encoded as Slack sends it. */
export function viewSubmission(view: OpenedView, answers: Record<string, string | string[]>, userId: string): string {
  const payload = {
    type: 'view_submission',
    team: { id: SLACK_TEST_APP.teamId, domain: 'closeloop' },
    user: { id: userId, username: userId.toLowerCase(), team_id: SLACK_TEST_APP.teamId },
    api_app_id: 'A0CLOSELOOP',
    trigger_id: `${Date.now()}.view.trigger`,
    view: { ...view, type: 'modal', state: { values: modalState(view, answers) } },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
