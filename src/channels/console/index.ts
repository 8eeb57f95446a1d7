/**
 * The local web console as a real channel: the relay delivers cards into `console_feed`, the
 * page at `/console` shows each person's feed and posts clicks and commands to the inbox.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Company, Person } from '../../config/company.ts';
import { sendJson, sendText } from '../../http/body.ts';
import type { HttpRoute } from '../../http/route.ts';
import type { Logger } from '../../log.ts';
import { DeliveryError, type ChannelAdapter, type InboundSink, type OutboundItem } from '../channel.ts';
import { actionHandler, activePerson, commandHandler, feedHandler, leadsHandler, peopleHandler, type ConsoleApiDeps } from './api.ts';
import { loadConsoleAssets, sendAsset } from './assets.ts';
import { authorised, tokenCookie, tokenMatches } from './auth.ts';
import { insertFeedRow, updateFeedCard } from './feed-store.ts';

export { renderConsoleMessage, type ConsoleView } from '../../../cards/render/console.ts';
export { TOKEN_HEADER } from './auth.ts';

export interface ConsoleChannelOptions {
  db: Kysely<Database>;
  company: Company;
  sink: InboundSink;
  log: Logger;
  /** When set (console beside a real platform), every console route requires it. */
  token?: string;
  now?: () => number;
  /** The lead intake behind `POST /api/leads`, so the page's New-lead form needs no API token. */
  newLead?: (input: unknown) => Promise<{ status: number; body: unknown }>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

/**
 * @example
 * const consoleChannel = createConsoleChannel({ db, company, sink, log });
 * createHttpServer([...consoleChannel.routes(), ...apiRoutes], log).listen(3000);
 */
export function createConsoleChannel(opts: ConsoleChannelOptions): ChannelAdapter & { name: 'console' } {
  const now = opts.now ?? Date.now;
  const log = opts.log.child({ channel: 'console' });
  const deps: ConsoleApiDeps = { db: opts.db, company: opts.company, sink: opts.sink, log, now };
  if (opts.newLead) deps.newLead = opts.newLead;
  const assets = loadConsoleAssets();

  const guard =
    (handle: Handler, page = false): Handler =>
    (req, res, url) => {
      if (authorised(opts.token, req, url)) return handle(req, res, url);
      if (page) return sendText(res, 401, 'closeloop console: open this page as /console?token=<CONSOLE_TOKEN>\n');
      return sendJson(res, 401, { error: 'unauthorized', message: 'console token required (x-console-token header)' });
    };

  const page: Handler = (_req, res, url) => {
    const token = url.searchParams.get('token');
    // The cookie lets the page's own script and stylesheet load; the JS sends the header too.
    sendAsset(res, assets.page, opts.token && token && tokenMatches(opts.token, token) ? { 'set-cookie': tokenCookie(token) } : {});
  };

  const asset: Handler = (_req, res, url) => {
    const file = assets.files.get(url.pathname.slice('/console/assets/'.length));
    if (!file) return sendJson(res, 404, { error: 'not_found' });
    sendAsset(res, file);
  };

  const routes: HttpRoute[] = [
    { method: 'GET', path: '/console', handle: guard(page, true) },
    { method: 'GET', path: '/console/', handle: guard(page, true) },
    { method: 'GET', path: '/console/assets', prefix: true, handle: guard(asset) },
    { method: 'GET', path: '/console/api/people', handle: guard(peopleHandler(deps)) },
    { method: 'GET', path: '/console/api/feed', handle: guard(feedHandler(deps)) },
    { method: 'POST', path: '/console/api/action', handle: guard(actionHandler(deps)) },
    { method: 'POST', path: '/console/api/command', handle: guard(commandHandler(deps)) },
    { method: 'POST', path: '/console/api/leads', handle: guard(leadsHandler(deps)) },
  ];

  return {
    name: 'console',
    recipientOf: (person: Person) => (person.active ? person.id : undefined),
    async deliver(item: OutboundItem) {
      if (!activePerson(opts.company, item.personId)) {
        throw new DeliveryError(`no active person "${item.personId}" for the console`, false);
      }
      const at = now();
      if (item.op === 'update' && item.cardKey !== null) {
        const ids = await updateFeedCard(opts.db, item.personId, item.cardKey, item.message, at);
        if (ids[0] !== undefined) return { ref: { feedId: ids[0] } };
      }
      // A send, or an update of a card this person never got here (e.g. it was only on WeCom).
      await insertFeedRow(opts.db, { id: item.id, personId: item.personId, cardKey: item.cardKey, message: item.message, now: at });
      return { ref: { feedId: item.id } };
    },
    routes: () => routes,
  };
}
