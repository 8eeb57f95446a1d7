/** WeCom media/get through the API client: the file itself, or WeCom's errcode JSON, against the fake WeCom API. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTokenSource } from '../../../src/channels/wecom/access-token.ts';
import { createWecomApi, fetchAccessToken, MEDIA_MAX_BYTES, WecomApiError } from '../../../src/channels/wecom/api-client.ts';
import { start as startFakeWecom, type FakeWecom } from '../../fakes/wecom-server.ts';

const CORP = 'ww-media-test';
const SECRET = 'media-secret';
/** An AMR file starts with "#!AMR\n"; the rest is frames. */
const AMR = Buffer.concat([Buffer.from('#!AMR\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256))]);

/** A per-process token cache, enough to see a refresh after 42001. */
function tokensFrom(apiBase: string): AccessTokenSource & { fetched: number } {
  let token: string | undefined;
  const source = {
    fetched: 0,
    async get() {
      if (!token) {
        token = (await fetchAccessToken(apiBase, CORP, SECRET)).value;
        source.fetched++;
      }
      return token;
    },
    async invalidate(t: string) {
      if (token === t) token = undefined;
    },
  };
  return source;
}

describe('wecom media/get', () => {
  let fake: FakeWecom;
  beforeAll(async () => {
    fake = await startFakeWecom({ corpId: CORP, secret: SECRET, agentId: 1 });
    fake.addMedia('voice-1', AMR);
  });
  afterAll(() => fake.close());

  it('downloads the audio bytes with their Content-Type, with the access token in the query', async () => {
    const api = createWecomApi({ apiBase: fake.url, tokens: tokensFrom(fake.url) });
    const media = await api.getMedia('voice-1');
    expect(media.contentType).toBe('audio/amr');
    expect(media.data.equals(AMR)).toBe(true);
    const call = fake.received.filter((r) => r.path === '/cgi-bin/media/get').at(-1);
    expect(call).toMatchObject({ method: 'GET', query: { media_id: 'voice-1', access_token: expect.stringMatching(/^tok-/) } });
  });

  it('turns the errcode JSON for an unknown or expired media id (40007) into a permanent WecomApiError', async () => {
    const api = createWecomApi({ apiBase: fake.url, tokens: tokensFrom(fake.url) });
    const err = await api.getMedia('gone').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomApiError);
    expect(err).toMatchObject({ errcode: 40007, retryable: false, message: expect.stringMatching(/media\/get: 40007 invalid media_id/) });
  });

  it('refreshes an expired token once and retries', async () => {
    const tokens = tokensFrom(fake.url);
    const api = createWecomApi({ apiBase: fake.url, tokens });
    await api.getMedia('voice-1');
    fake.expireToken();
    expect((await api.getMedia('voice-1')).data.equals(AMR)).toBe(true);
    expect(tokens.fetched).toBe(2);
  });

  describe('against a misbehaving server', () => {
    let server: Server;
    let base: string;
    const answers: { status: number; type: string; body: Buffer | string }[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        const a = answers.shift() ?? { status: 200, type: 'application/json', body: '{"errcode":0,"access_token":"t","expires_in":7200}' };
        res.writeHead(a.status, { 'content-type': a.type });
        res.end(a.body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const api = () => createWecomApi({ apiBase: base, tokens: { get: async () => 'tok', invalidate: async () => {} } });

    it('reads an errcode JSON labelled text/plain as the error it is; a 5xx is retryable; an oversized file is refused', async () => {
      answers.push({ status: 200, type: 'text/plain', body: '{"errcode":45009,"errmsg":"api freq out of limit"}' });
      expect(await api().getMedia('m').catch((e: unknown) => e)).toMatchObject({ errcode: 45009, retryable: true });
      answers.push({ status: 502, type: 'text/html', body: 'bad gateway' });
      expect(await api().getMedia('m').catch((e: unknown) => e)).toMatchObject({ retryable: true, message: expect.stringContaining('HTTP 502') });
      answers.push({ status: 200, type: 'application/json', body: 'not json' });
      expect(await api().getMedia('m').catch((e: unknown) => e)).toMatchObject({ retryable: true, message: expect.stringContaining('not WeCom JSON') });
      answers.push({ status: 200, type: 'audio/amr', body: Buffer.alloc(MEDIA_MAX_BYTES + 1) });
      expect(await api().getMedia('m').catch((e: unknown) => e)).toMatchObject({ retryable: false, message: expect.stringContaining('limit') });
    });
  });
});
