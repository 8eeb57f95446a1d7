/**
 * The environment, parsed once with zod at start. Nothing else reads `process.env`.
 * A bad value names the variable and what is expected.
 * @module
 */
import { z } from 'zod';
import { DEFAULT_SQLITE_CHECKPOINT, DEFAULT_SQLITE_SYNCHRONOUS } from '../../db/connect.ts';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envSchema = z
  .object({
    PORT: z.coerce.number({ message: 'expected a port number, e.g. 3000' }).int().min(0).max(65535, 'expected a port number 0-65535').default(3000),
    HOST: optionalString,
    DATABASE_URL: z
      .string()
      .default('file:./data/closeloop.db')
      .refine((v) => /^(file:|postgres(ql)?:\/\/|:memory:)/.test(v), {
        message: 'expected file:<path>, :memory: or postgres://user@host:port/db',
      }),
    SQLITE_SYNCHRONOUS: z.enum(['OFF', 'NORMAL', 'FULL', 'EXTRA']).default(DEFAULT_SQLITE_SYNCHRONOUS),
    SQLITE_CHECKPOINT: z.enum(['background', 'inline']).default(DEFAULT_SQLITE_CHECKPOINT),
    COMPANY_CONFIG: z.string().default('examples/company.yaml'),
    PUBLIC_BASE_URL: optionalString.pipe(z.url({ message: 'expected an absolute URL like https://bot.example.com' }).optional()),
    API_TOKEN: optionalString.pipe(z.string().min(16, 'use at least 16 characters').optional()),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_BOT_TOKEN: optionalString.pipe(z.string().startsWith('xoxb-', 'a bot token starts with xoxb-').optional()),
    SLACK_APP_TOKEN: optionalString.pipe(z.string().startsWith('xapp-', 'an app-level token starts with xapp-').optional()),
    SLACK_API_URL: optionalString.pipe(z.url().optional()),
    WECOM_CORP_ID: optionalString,
    WECOM_AGENT_ID: optionalString.pipe(z.string().regex(/^\d+$/, 'expected the numeric AgentId').transform(Number).optional()),
    WECOM_SECRET: optionalString,
    WECOM_TOKEN: optionalString,
    WECOM_ENCODING_AES_KEY: optionalString.pipe(
      z.string().length(43, 'EncodingAESKey is exactly 43 characters').optional(),
    ),
    WECOM_API_BASE: z.url().default('https://qyapi.weixin.qq.com'),
    TRANSCRIBER_URL: optionalString.pipe(z.url({ message: 'expected an absolute URL like https://asr.example.com/transcribe' }).optional()),
    TRANSCRIBER_TOKEN: optionalString,
    CONSOLE_ENABLED: bool,
    CONSOLE_TOKEN: optionalString,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    // HTTP mode needs the signing secret; Socket Mode (SLACK_APP_TOKEN) has no signatures.
    const slackAny = env.SLACK_SIGNING_SECRET || env.SLACK_BOT_TOKEN || env.SLACK_APP_TOKEN;
    if (slackAny && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'Slack needs SLACK_BOT_TOKEN (xoxb-…)' });
    }
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'Slack needs SLACK_SIGNING_SECRET for POST /slack/events, or SLACK_APP_TOKEN for Socket Mode',
      });
    }
    const wecomKeys = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const;
    const set = wecomKeys.filter((k) => env[k] !== undefined);
    if (set.length > 0 && set.length < wecomKeys.length) {
      for (const k of wecomKeys.filter((k) => env[k] === undefined)) {
        ctx.addIssue({ code: 'custom', path: [k], message: `WeCom needs ${wecomKeys.join(', ')} (missing this one)` });
      }
    }
    if (env.TRANSCRIBER_URL && (env.TRANSCRIBER_TOKEN ?? '').length < 16) {
      ctx.addIssue({
        code: 'custom',
        path: ['TRANSCRIBER_TOKEN'],
        message: 'with TRANSCRIBER_URL set, TRANSCRIBER_TOKEN (the bearer token, 16+ characters) is required',
      });
    }
    if (env.CONSOLE_ENABLED && (env.SLACK_BOT_TOKEN || env.WECOM_CORP_ID) && !env.CONSOLE_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_TOKEN'],
        message: 'the console beside a real platform must be protected: set CONSOLE_TOKEN (16+ characters)',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses an environment object; throws EnvError listing each bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`),
  );
}
