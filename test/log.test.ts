/** Logs never carry tokens, secrets or phone numbers — by key anywhere, or inside free text. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrub } from '../src/log.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger({ destination, level: 'info' }), lines };
}

describe('log redaction', () => {
  it('redacts secret keys at any depth and phone numbers and tokens inside strings', () => {
    const { log, lines } = capture();
    log.info(
      {
        token: 'xoxb-111-222-secret',
        lead: { phone: '13812345678', notes: '王校长手机 138-1234-5678，座机请勿外传' },
        req: { headers: { authorization: 'Bearer local-demo-token' } },
        url: 'https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=TOPSECRET',
        config: { wecom: { secret: 'abc', encodingAESKey: 'k'.repeat(43) } },
      },
      'sending to +86 139 1234 5678 with xapp-1-ABC',
    );
    const out = lines.join('');
    for (const leak of ['xoxb-111', '13812345678', '138-1234-5678', 'local-demo-token', 'TOPSECRET', 'kkkkkkkk', 'xapp-1-ABC', '139 1234 5678']) {
      expect(out).not.toContain(leak);
    }
    const entry = JSON.parse(out) as Record<string, unknown>;
    expect(entry.lead).toMatchObject({ phone: '[redacted]', notes: expect.stringContaining('[phone]') });
    expect(entry.msg).toContain('[phone]');
  });

  it('keeps ordinary numbers: ids, amounts, timestamps', () => {
    expect(scrub('lead L-1001 budget 600000 at 1795717125300')).toBe('lead L-1001 budget 600000 at 1795717125300');
  });
});
