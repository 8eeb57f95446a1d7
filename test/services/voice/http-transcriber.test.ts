/** The HTTP transcriber against a tiny local speech-to-text server: what it sends, and each way it can fail. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { audioContentType, createHttpTranscriber, TRANSCRIBE_TIMEOUT_MS } from '../../../src/services/voice/http-transcriber.ts';
import { TranscriptionError } from '../../../src/services/voice/transcriber.ts';

const TOKEN = 'transcriber-test-token-0123456789';
const AUDIO = Buffer.concat([Buffer.from('#!AMR\n'), Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255])]);

interface Seen {
  headers: IncomingMessage['headers'];
  body: Buffer;
  url: string;
}

describe('http transcriber', () => {
  let server: Server;
  let url: string;
  let seen: Seen[];
  let answer: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      seen.push({ headers: req.headers, body, url: req.url ?? '' });
      answer(req, res, body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/transcribe`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    seen = [];
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ text: '拜访 客户：华东精密' }));
    };
  });

  const transcriber = (timeoutMs?: number) => createHttpTranscriber({ url, token: TOKEN, timeoutMs });
  const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

  it('POSTs the audio bytes as audio/amr with the bearer token and the language, and returns the text', async () => {
    expect(await transcriber().transcribe(AUDIO, 'amr', 'zh')).toBe('拜访 客户：华东精密');
    expect(seen).toHaveLength(1);
    const [req] = seen;
    expect(req!.url).toBe('/v1/transcribe');
    expect(req!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'content-type': 'audio/amr', 'content-language': 'zh' });
    expect(req!.body.equals(AUDIO)).toBe(true);
    expect(audioContentType('AMR')).toBe('audio/amr');
    expect(audioContentType('../x y')).toBe('application/octet-stream');
  });

  it('a non-200 answer is an http_status error with the status and the start of the body, never the token', async () => {
    answer = (_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":"bad token"}');
    };
    const err = await failure(transcriber().transcribe(AUDIO, 'amr', 'en'));
    expect(err).toBeInstanceOf(TranscriptionError);
    expect(err).toMatchObject({ code: 'http_status', status: 401 });
    expect((err as Error).message).toMatch(/^transcriber 127\.0\.0\.1:\d+: HTTP 401: \{"error":"bad token"\}$/);
    expect((err as Error).message).not.toContain(TOKEN);
  });

  it('an answer that is not JSON, or has no text string, is a bad_response error', async () => {
    for (const body of ['<html>oops</html>', '{"transcript":"hi"}', 'null', '{"text":42}']) {
      answer = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      };
      const err = await failure(transcriber().transcribe(AUDIO, 'amr', 'zh'));
      expect(err, body).toMatchObject({ name: 'TranscriptionError', code: 'bad_response', message: expect.stringContaining('{"text": "…"}') });
    }
  });

  it('no answer within the timeout is a timeout error', async () => {
    answer = () => {}; // never answers
    const started = Date.now();
    const err = await failure(transcriber(150).transcribe(AUDIO, 'amr', 'zh'));
    expect(err).toMatchObject({ code: 'timeout', message: expect.stringMatching(/no answer within 0\.15 s/) });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('defaults to a 15 s timeout and names an unreachable host', async () => {
    expect(TRANSCRIBE_TIMEOUT_MS).toBe(15_000);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failure(createHttpTranscriber({ url: `http://127.0.0.1:${port}/t`, token: TOKEN }).transcribe(AUDIO, 'amr', 'zh'));
    expect(err).toMatchObject({ code: 'unreachable', message: expect.stringContaining(`127.0.0.1:${port}`) });
  });
});
