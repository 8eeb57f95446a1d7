/**
 * The optional console token (CONSOLE_TOKEN, for a console beside a real platform): accepted
 * from `?token=`, the `x-console-token` header or the cookie the page URL sets.
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'closeloop_console';
export const TOKEN_HEADER = 'x-console-token';

/** Constant-time comparison; hashing first makes the lengths equal, so length leaks nothing. */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** Every place the page may carry the token, in order of preference. */
export function presentedTokens(req: IncomingMessage, url: URL): string[] {
  const out: string[] = [];
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string') out.push(header);
  const query = url.searchParams.get('token');
  if (query !== null) out.push(query);
  const cookie = readCookie(req.headers.cookie, TOKEN_COOKIE);
  if (cookie !== undefined) out.push(cookie);
  return out;
}

export function authorised(expected: string | undefined, req: IncomingMessage, url: URL): boolean {
  if (expected === undefined) return true;
  // Check every candidate (no early exit) so timing does not reveal which one matched.
  return presentedTokens(req, url).reduce((ok, t) => tokenMatches(expected, t) || ok, false);
}

/** Path-scoped, HttpOnly and SameSite=Strict: other sites cannot ride on it. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/console; HttpOnly; SameSite=Strict`;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0 || part.slice(0, i).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}
