/**
 * The console page: one HTML file, one vanilla JS module and one stylesheet under `page/`,
 * read once at start (no build step) and served with a strict Content-Security-Policy.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';

export interface Asset {
  body: Buffer;
  type: string;
}

export interface ConsoleAssets {
  page: Asset;
  /** By file name, as requested under `/console/assets/`. */
  files: ReadonlyMap<string, Asset>;
}

const PAGE_DIR = new URL('./page/', import.meta.url);

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

function load(name: string): Asset {
  const ext = name.slice(name.lastIndexOf('.') + 1);
  return { body: readFileSync(new URL(name, PAGE_DIR)), type: TYPES[ext] ?? 'application/octet-stream' };
}

export function loadConsoleAssets(): ConsoleAssets {
  return {
    page: load('index.html'),
    // Every .js module and .css file beside index.html; the page imports its modules relatively.
    files: new Map(
      readdirSync(PAGE_DIR)
        .filter((n) => /^[a-z0-9-]+\.(js|css)$/.test(n))
        .map((n) => [n, load(n)]),
    ),
  };
}

/**
 * Only our own script and style run, nothing can frame the page, and the referrer never
 * carries `?token=` to the links a card opens.
 */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

export function sendAsset(res: ServerResponse, asset: Asset, extra: Record<string, string> = {}): void {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': asset.type,
    'content-length': asset.body.length,
    // Files are read once per start; no-cache keeps an edited page from sticking after restart.
    'cache-control': 'no-cache',
    ...extra,
  });
  res.end(asset.body);
}
