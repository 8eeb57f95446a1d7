/**
 * One node:http server for every route: channel callbacks, the lead API, health, metrics and
 * the console. Errors become JSON 4xx/5xx; nothing else here knows about features.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { Logger } from '../log.ts';
import { HttpError } from '../errors.ts';
import type { HttpRoute } from './route.ts';
import { sendJson } from './body.ts';

export function matchRoute(routes: readonly HttpRoute[], method: string, path: string): HttpRoute | undefined {
  return routes.find(
    (r) =>
      (r.method === 'ANY' || r.method === method) &&
      (r.prefix ? path === r.path || path.startsWith(`${r.path}/`) : path === r.path),
  );
}

export function createHttpServer(routes: readonly HttpRoute[], log: Logger): Server {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = matchRoute(routes, req.method ?? 'GET', url.pathname);
    if (!route) {
      const pathKnown = routes.some((r) => (r.prefix ? url.pathname.startsWith(r.path) : r.path === url.pathname));
      sendJson(res, pathKnown ? 405 : 404, { error: pathKnown ? 'method_not_allowed' : 'not_found' });
      return;
    }
    Promise.resolve()
      .then(() => route.handle(req, res, url))
      .catch((err: unknown) => {
        if (res.headersSent) {
          log.error({ err, path: url.pathname }, 'handler failed after responding');
          res.end();
          return;
        }
        if (err instanceof HttpError) {
          if (err.status >= 500) log.error({ err, path: url.pathname }, 'request failed');
          sendJson(res, err.status, { error: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) });
          return;
        }
        log.error({ err, path: url.pathname }, 'request failed');
        sendJson(res, 500, { error: 'internal', message: 'internal error' });
      });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
