import { describe, expect, it } from 'vitest';
import { parseEnv, EnvError } from '../../src/config/env.ts';

function problems(env: Record<string, string>): string[] {
  try {
    parseEnv(env);
  } catch (e) {
    if (e instanceof EnvError) return e.problems;
    throw e;
  }
  return [];
}

describe('environment', () => {
  it('defaults to local SQLite and the demo company', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe('file:./data/closeloop.db');
    expect(env.COMPANY_CONFIG).toBe('examples/company.yaml');
    expect(env.PORT).toBe(3000);
    expect(env.WECOM_API_BASE).toBe('https://qyapi.weixin.qq.com');
  });

  it('names each bad variable and what is expected', () => {
    const p = problems({ PORT: 'abc', DATABASE_URL: 'mysql://x', WECOM_ENCODING_AES_KEY: 'short', SLACK_BOT_TOKEN: 'nope' });
    expect(p.find((x) => x.startsWith('PORT:'))).toBeTruthy();
    expect(p.find((x) => x.startsWith('DATABASE_URL:'))).toMatch(/postgres:\/\//);
    expect(p.find((x) => x.startsWith('WECOM_ENCODING_AES_KEY:'))).toMatch(/43/);
    expect(p.find((x) => x.startsWith('SLACK_BOT_TOKEN:'))).toMatch(/xoxb-/);
  });

  it('requires the whole WeCom set once any WeCom variable is given', () => {
    const p = problems({ WECOM_CORP_ID: 'ww123' });
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^WECOM_SECRET:/),
        expect.stringMatching(/^WECOM_TOKEN:/),
        expect.stringMatching(/^WECOM_AGENT_ID:/),
        expect.stringMatching(/^WECOM_ENCODING_AES_KEY:/),
      ]),
    );
  });

  it('requires a console token when the console runs beside a platform', () => {
    const p = problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', CONSOLE_ENABLED: 'true' });
    expect(p).toEqual([expect.stringMatching(/^CONSOLE_TOKEN:/)]);
  });

  it('Slack over HTTP needs the signing secret; Socket Mode needs the app token instead', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET: .*SLACK_APP_TOKEN/)]);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual([]);
    expect(problems({ SLACK_SIGNING_SECRET: 's' })).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN:/)]);
  });

  it('voice transcription is optional; with TRANSCRIBER_URL the bearer token must be 16+ characters', () => {
    expect(parseEnv({}).TRANSCRIBER_URL).toBeUndefined();
    expect(problems({ TRANSCRIBER_URL: 'not a url' })).toEqual(expect.arrayContaining([expect.stringMatching(/^TRANSCRIBER_URL: expected an absolute URL/)]));
    expect(problems({ TRANSCRIBER_URL: 'https://asr.example.com/t' })).toEqual([expect.stringMatching(/^TRANSCRIBER_TOKEN: .*16/)]);
    expect(problems({ TRANSCRIBER_URL: 'https://asr.example.com/t', TRANSCRIBER_TOKEN: 'short' })).toEqual([expect.stringMatching(/^TRANSCRIBER_TOKEN:/)]);
    const env = parseEnv({ TRANSCRIBER_URL: 'https://asr.example.com/t', TRANSCRIBER_TOKEN: 'a-long-enough-token-123' });
    expect(env).toMatchObject({ TRANSCRIBER_URL: 'https://asr.example.com/t', TRANSCRIBER_TOKEN: 'a-long-enough-token-123' });
    expect(problems({ TRANSCRIBER_URL: '', TRANSCRIBER_TOKEN: '' })).toEqual([]);
  });

  it('treats empty values (as in .env.example) as unset', () => {
    const env = parseEnv({ SLACK_SIGNING_SECRET: '', SLACK_BOT_TOKEN: '', WECOM_CORP_ID: '', CONSOLE_ENABLED: 'false' });
    expect(env.SLACK_BOT_TOKEN).toBeUndefined();
    expect(env.WECOM_CORP_ID).toBeUndefined();
    expect(env.CONSOLE_ENABLED).toBe(false);
  });
});
