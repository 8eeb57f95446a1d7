/**
 * Voice messages on WeCom, end to end over real HTTP: an encrypted voice callback → the audio
 * fetched from the fake WeCom API's media/get → a local speech-to-text server → dispatched as the
 * typed command (here `help`); without a transcriber, the 转文字 hint; failures answered, processed once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCompany } from '../../src/config/company.ts';
import { eventually, settled, startApp, type RunningApp } from '../support/app-harness.ts';
import { testDatabases } from '../support/databases.ts';
import { start as startFakeWecom, type FakeWecom } from '../fakes/wecom-server.ts';
import { WECOM_TEST_APP, wecomClient, wecomEnv } from '../support/wecom-client.ts';

const { corpId, agentId, secret } = WECOM_TEST_APP;
const members = loadCompany('examples/company.yaml').people.flatMap((p) => (p.wecomUserId ? [p.wecomUserId] : []));
const TRANSCRIBER_TOKEN = 'voice-flow-transcriber-token-42';
/** A voice message's audio as WeCom stores it: AMR-NB, "#!AMR\n" then frames. */
const amr = (seed: number) => Buffer.concat([Buffer.from('#!AMR\n'), Buffer.from(Array.from({ length: 1600 }, (_, i) => (i * seed + 7) % 256))]);

type Body = Record<string, unknown>;

interface FakeTranscriber {
  url: string;
  calls: { authorization?: string; contentType?: string; language?: string; body: Buffer }[];
  /** Transcripts by the audio's first frame byte; a number answers that HTTP status instead. */
  answers: Map<string, string | number>;
  close(): Promise<void>;
}

/** A tiny speech-to-text service: checks the bearer token and answers `{ text }` for audio it knows. */
async function startTranscriber(): Promise<FakeTranscriber> {
  const calls: FakeTranscriber['calls'] = [];
  const answers = new Map<string, string | number>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    calls.push({ authorization: req.headers.authorization, contentType: req.headers['content-type'], language: req.headers['content-language'], body });
    if (req.headers.authorization !== `Bearer ${TRANSCRIBER_TOKEN}`) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return void res.end('{"error":"unauthorized"}');
    }
    const answer = answers.get(body.toString('base64'));
    if (typeof answer !== 'string') {
      res.writeHead(typeof answer === 'number' ? answer : 422, { 'content-type': 'application/json' });
      return void res.end('{"error":"cannot transcribe"}');
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ text: answer }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/transcribe`,
    calls,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(testDatabases)('wecom voice messages on $name', (kind) => {
  let fake: FakeWecom;
  let w: ReturnType<typeof wecomClient>;
  const textsTo = (user: string) =>
    fake.sent().filter((b) => b.touser === user && b.msgtype === 'text').map((b) => String((b.text as Body).content));

  beforeAll(async () => {
    fake = await startFakeWecom({ corpId, secret, agentId, users: members });
  });
  afterAll(async () => {
    await fake?.close();
  });

  describe('without a transcriber', () => {
    let t: RunningApp;
    beforeAll(async () => {
      t = await startApp(kind, wecomEnv(fake.url));
      w = wecomClient({ base: t.url });
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('answers in the person’s language how to use 转文字, fetches nothing, and processes a retry once', async () => {
      fake.addMedia('media-zh', amr(3));
      const before = fake.mediaDownloads;
      const cb = w.voice('ZhangWei', 'media-zh');
      expect(await w.post(cb)).toEqual({ status: 200, text: '' });
      const hint = await eventually(() => textsTo('ZhangWei').find((x) => x.includes('转文字')));
      expect(hint).toBe('暂未配置语音转写。请长按语音消息选择「转文字」，再把文字发给我（例如：拜访 客户名：……）。');
      expect(await w.post(cb)).toEqual({ status: 200, text: '' }); // WeCom's retry
      await settled(t.app);
      expect(textsTo('ZhangWei').filter((x) => x.includes('转文字'))).toHaveLength(1);
      expect(fake.mediaDownloads).toBe(before);

      expect(await w.post(w.voice('ChenJie', 'media-zh'))).toMatchObject({ status: 200 });
      const en = await eventually(() => textsTo('ChenJie').find((x) => x.includes('Convert to Text')));
      expect(en).toMatch(/^Voice transcription is not set up\. Long-press the voice message/);
    });

    it('uses a Recognition text, should WeCom send one, as the typed command', async () => {
      expect(await w.post(w.voice('LiNa', 'media-zh', { recognition: '帮助。' }))).toMatchObject({ status: 200 });
      const help = await eventually(() => textsTo('LiNa').find((x) => x.startsWith('你好 李娜')));
      expect(help).toMatch(/help/);
    });
  });

  describe('with an HTTP transcriber', () => {
    let t: RunningApp;
    let stt: FakeTranscriber;
    beforeAll(async () => {
      stt = await startTranscriber();
      t = await startApp(kind, { ...wecomEnv(fake.url), TRANSCRIBER_URL: stt.url, TRANSCRIBER_TOKEN });
      w = wecomClient({ base: t.url });
    });
    afterAll(async () => {
      await t?.stop();
      await stt?.close();
    });
    beforeEach(() => {
      stt.calls.length = 0;
    });

    it('fetches the audio, sends its exact bytes with the bearer token, and dispatches the transcript as typed', async () => {
      const audio = amr(5);
      fake.addMedia('media-help', audio);
      stt.answers.set(audio.toString('base64'), '帮助。');
      const cb = w.voice('ZhangWei', 'media-help');
      expect(await w.post(cb)).toEqual({ status: 200, text: '' });
      const help = await eventually(() => textsTo('ZhangWei').find((x) => x.startsWith('你好 张伟')));
      expect(help).toMatch(/help/);
      expect(help).toMatch(/lead/);
      expect(stt.calls).toHaveLength(1);
      expect(stt.calls[0]).toMatchObject({ authorization: `Bearer ${TRANSCRIBER_TOKEN}`, contentType: 'audio/amr', language: 'zh' });
      expect(stt.calls[0]!.body.equals(audio)).toBe(true);
      const get = fake.received.filter((r) => r.path === '/cgi-bin/media/get').at(-1);
      expect(get).toMatchObject({ method: 'GET', query: { media_id: 'media-help', access_token: expect.any(String) } });

      // WeCom retries the same callback: one inbox row, no second transcription or reply.
      expect(await w.post(cb)).toEqual({ status: 200, text: '' });
      await settled(t.app);
      expect(stt.calls).toHaveLength(1);
      expect(textsTo('ZhangWei').filter((x) => x.startsWith('你好 张伟'))).toHaveLength(1);
    });

    it('an English speaker’s audio goes with Content-Language en', async () => {
      const audio = amr(11);
      fake.addMedia('media-en', audio);
      stt.answers.set(audio.toString('base64'), 'Help.');
      expect(await w.post(w.voice('ChenJie', 'media-en'))).toMatchObject({ status: 200 });
      await eventually(() => textsTo('ChenJie').find((x) => x.startsWith('Hi 陈杰')));
      expect(stt.calls.map((c) => c.language)).toEqual(['en']);
    });

    it('a transcription failure or an expired media id is answered clearly, recorded as failed, and not retried', async () => {
      const audio = amr(13);
      fake.addMedia('media-500', audio);
      stt.answers.set(audio.toString('base64'), 500);
      const cb = w.voice('LiNa', 'media-500');
      expect(await w.post(cb)).toMatchObject({ status: 200 });
      const sorry = await eventually(() => textsTo('LiNa').find((x) => x.includes('无法转写')));
      expect(sorry).toMatch(/^这条语音暂时无法转写，内容没有被处理。/);
      await settled(t.app);
      const rows = await t.app.db.kysely.selectFrom('inbox').select(['status', 'error']).where('user_id', '=', 'LiNa').where('kind', '=', 'command').execute();
      expect(rows).toEqual([{ status: 'failed', error: expect.stringMatching(/^voice: transcriber 127\.0\.0\.1:\d+: HTTP 500/) }]);
      expect(await w.post(cb)).toMatchObject({ status: 200 });
      await settled(t.app);
      expect(stt.calls).toHaveLength(1);
      expect(textsTo('LiNa').filter((x) => x.includes('无法转写'))).toHaveLength(1);

      // MediaId lives 3 days: WeCom answers 40007 for one it no longer has.
      expect(await w.post(w.voice('WangQiang', 'media-unknown'))).toMatchObject({ status: 200 });
      await eventually(() => textsTo('WangQiang').find((x) => x.includes('无法转写')));
      expect(stt.calls).toHaveLength(1);
    });

    it('a voice message from someone not in the company file gets the usual answer; the audio is not fetched', async () => {
      const downloads = fake.mediaDownloads;
      fake.addMedia('media-stranger', amr(17));
      expect(await w.post(w.voice('Stranger', 'media-stranger'))).toMatchObject({ status: 200 });
      await settled(t.app);
      expect(fake.mediaDownloads).toBe(downloads);
      expect(stt.calls).toHaveLength(0);
    });
  });
});
