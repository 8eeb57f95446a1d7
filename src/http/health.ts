/** `GET /healthz` (database reachable, channels listed) and `GET /metrics` (Prometheus text). */
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { sendJson, sendText } from './body.ts';
import type { HttpRoute } from './route.ts';

export function healthRoute(db: Db, channels: () => string[]): HttpRoute {
  return {
    method: 'GET',
    path: '/healthz',
    async handle(_req, res) {
      try {
        await sql`select 1`.execute(db.kysely);
        sendJson(res, 200, { status: 'ok', database: db.dialect, channels: channels() });
      } catch (err) {
        sendJson(res, 503, { status: 'unavailable', database: db.dialect, error: (err as Error).message });
      }
    },
  };
}

export function metricsRoute(render: () => Promise<{ contentType: string; text: string }>): HttpRoute {
  return {
    method: 'GET',
    path: '/metrics',
    async handle(_req, res) {
      const { contentType, text } = await render();
      sendText(res, 200, text, contentType);
    },
  };
}
