/** POST /slack/events: our replay-window check, then Bolt's HTTPReceiver (signature, parsing, ack). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import type { HttpRoute } from '../../http/route.ts';
import type { Logger } from '../../log.ts';
import { isFreshSlackTimestamp } from './verify.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function reject(req: IncomingMessage, res: ServerResponse, status: number): void {
  // Drain the unread body so a keep-alive connection stays usable.
  req.resume();
  res.writeHead(status, { 'content-length': 0 });
  res.end();
}

export function slackEventsRoute(receiver: HTTPReceiver, opts: { now: () => number; log: Logger }): HttpRoute {
  return {
    method: 'POST',
    path: SLACK_EVENTS_PATH,
    handle(req, res) {
      const ts = header(req, 'x-slack-request-timestamp');
      // Bolt refuses only stale timestamps; a future one is refused here. Requests without the
      // header go on to Bolt, which lets through only the unsigned `ssl_check=1` probe.
      if (ts !== undefined && !isFreshSlackTimestamp(ts, opts.now())) {
        opts.log.warn({ timestamp: ts }, 'slack request outside the 5-minute window');
        reject(req, res, 401);
        return;
      }
      // Bolt parses form bodies only for this exact content type (a charset suffix gets a 400).
      const type = header(req, 'content-type');
      if (type?.toLowerCase().startsWith('application/x-www-form-urlencoded')) req.headers['content-type'] = 'application/x-www-form-urlencoded';
      receiver.requestListener(req, res);
    },
  };
}
