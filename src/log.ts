/**
 * pino logger: JSON lines, pretty when stdout is a terminal. Tokens, secrets and phone
 * numbers are redacted — by key wherever they appear, and phone-like digits inside strings.
 * @module
 */
import pino, { type Logger } from 'pino';

export type { Logger };

const SECRET_KEYS = [
  'authorization',
  'token',
  'access_token',
  'accessToken',
  'secret',
  'corpsecret',
  'signingSecret',
  'botToken',
  'appToken',
  'encodingAESKey',
  'phone',
  'mobile',
  'password',
  'response_code',
  'responseCode',
];

const redactPaths = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

/** Mainland mobile numbers (1[3-9]x, 11 digits) and +CC international numbers. */
const PHONE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)|\+\d{1,3}[- ]?\d{3,4}[- ]?\d{3,4}[- ]?\d{3,4}/g;
/** Token-looking query parameters and Slack tokens in free text. */
const TOKENISH = /(access_token=|corpsecret=|xox[abp]-|xapp-)[^\s&"']+/g;

export function scrub(text: string): string {
  return text.replace(PHONE, '[phone]').replace(TOKENISH, '$1[redacted]');
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: scrub(value.message), stack: value.stack && scrub(value.stack) };
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out;
}

export interface LogOptions {
  level?: string;
  pretty?: boolean;
  destination?: pino.DestinationStream;
}

export function createLogger(options: LogOptions = {}): Logger {
  const pretty = options.pretty ?? (process.stdout.isTTY && !options.destination);
  const base: pino.LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: redactPaths, censor: '[redacted]' },
    formatters: { log: (obj) => scrubDeep(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>;
        return method.apply(this, scrubbed);
      },
    },
  };
  if (options.destination) return pino(base, options.destination);
  if (pretty) return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } } });
  return pino(base);
}
