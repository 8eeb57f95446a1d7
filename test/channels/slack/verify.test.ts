import { describe, expect, it } from 'vitest';
import { isValidSlackRequest } from '@slack/bolt';
import { isFreshSlackTimestamp, slackSignature, verifySlackSignature } from '../../../src/channels/slack/index.ts';
import { signSlackRequest } from '../../fakes/slack-server.ts';

// The official vector (slack.md §1; python-slack-sdk test_signature_verifier.py).
const secret = '8f742231b10e8888abcd99yyyzzz85a5';
const timestamp = 1531420618;
const body =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const expected = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('Slack request signing — official vector', () => {
  it('our helper, the fake and Bolt all agree with Slack', () => {
    expect(slackSignature(secret, timestamp, body)).toBe(expected);
    expect(signSlackRequest(secret, body, timestamp)['x-slack-signature']).toBe(expected);
    expect(
      isValidSlackRequest({
        signingSecret: secret,
        body,
        headers: { 'x-slack-signature': expected, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: timestamp * 1000,
      }),
    ).toBe(true);
  });

  it('verifySlackSignature accepts the vector at its own time and rejects tampering', () => {
    const base = { secret, body, timestamp: String(timestamp), signature: expected, nowMs: timestamp * 1000 };
    expect(verifySlackSignature(base)).toBe(true);
    expect(verifySlackSignature({ ...base, body: body.replace('text=', 'text=x') })).toBe(false);
    expect(verifySlackSignature({ ...base, secret: `${secret}x` })).toBe(false);
    expect(verifySlackSignature({ ...base, signature: expected.replace('v0=a', 'v0=b') })).toBe(false);
    expect(verifySlackSignature({ ...base, signature: undefined })).toBe(false);
    expect(verifySlackSignature({ ...base, signature: 'v1=abc' })).toBe(false);
  });

  it('the replay window is ±300 s: past and future', () => {
    const now = timestamp * 1000;
    expect(isFreshSlackTimestamp(String(timestamp - 300), now)).toBe(true);
    expect(isFreshSlackTimestamp(String(timestamp + 300), now)).toBe(true);
    expect(isFreshSlackTimestamp(String(timestamp - 301), now)).toBe(false);
    expect(isFreshSlackTimestamp(String(timestamp + 301), now)).toBe(false);
    expect(isFreshSlackTimestamp(undefined, now)).toBe(false);
    expect(isFreshSlackTimestamp('1531420618.5', now)).toBe(false);
    expect(isFreshSlackTimestamp('abc', now)).toBe(false);
    // Bolt alone lets the future one through — which is why we check first.
    const future = timestamp + 301;
    const sig = slackSignature(secret, future, body);
    expect(isValidSlackRequest({ signingSecret: secret, body, headers: { 'x-slack-signature': sig, 'x-slack-request-timestamp': future }, nowMilliseconds: now })).toBe(true);
    expect(verifySlackSignature({ secret, body, timestamp: String(future), signature: sig, nowMs: now })).toBe(false);
  });
});
