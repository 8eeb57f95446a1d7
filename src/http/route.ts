/** A plain node:http route; channels and the API contribute these to one server. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HttpRoute {
  method: 'GET' | 'POST' | 'ANY';
  /** Exact path, or a prefix when `prefix` is set (e.g. `/console`). */
  path: string;
  prefix?: boolean;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void;
}
