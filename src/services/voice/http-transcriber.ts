/**
 * A Transcriber over HTTP: POSTs the raw audio to TRANSCRIBER_URL and reads `{ "text": "…" }`.
 * Any speech-to-text service fits behind a small adapter that speaks this:
 *
 *   POST $TRANSCRIBER_URL
 *   Authorization: Bearer $TRANSCRIBER_TOKEN
 *   Content-Type: audio/amr
 *   Content-Language: zh            (or en: the person's language)
 *   <the audio bytes>
 *   → 200 {"text": "拜访 客户：华东精密 …"}
 * @module
 */
import { TranscriptionError, type Transcriber } from './transcriber.ts';

export const TRANSCRIBE_TIMEOUT_MS = 15_000;
/** The part of an error body worth quoting in a log line. */
const ERROR_BODY_CHARS = 200;

export interface HttpTranscriberOptions {
  url: string;
  token?: string;
  /** Tests shorten it. */
  timeoutMs?: number;
}

/** `audio/amr` for WeCom's amr; other formats by the same rule (`mp3` → `audio/mp3`). */
export function audioContentType(format: string): string {
  const f = format.trim().toLowerCase();
  return /^[a-z0-9.+-]{1,20}$/.test(f) ? `audio/${f}` : 'application/octet-stream';
}

export function createHttpTranscriber(o: HttpTranscriberOptions): Transcriber {
  const timeoutMs = o.timeoutMs ?? TRANSCRIBE_TIMEOUT_MS;
  return {
    async transcribe(audio, format, locale) {
      const url = new URL(o.url);
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': audioContentType(format),
            'content-language': locale,
            accept: 'application/json',
            ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          },
          body: new Uint8Array(audio),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const e = err as Error;
        // The message names the host only: the URL may carry a key in its query.
        if (e.name === 'TimeoutError') throw new TranscriptionError('timeout', `transcriber ${url.host}: no answer within ${timeoutMs / 1000} s`);
        throw new TranscriptionError('unreachable', `transcriber ${url.host}: ${e.message}${causeOf(e)}`);
      }
      let raw: string;
      try {
        raw = await response.text();
      } catch (err) {
        const e = err as Error;
        if (e.name === 'TimeoutError') throw new TranscriptionError('timeout', `transcriber ${url.host}: no answer within ${timeoutMs / 1000} s`);
        throw new TranscriptionError('unreachable', `transcriber ${url.host}: ${e.message}`);
      }
      if (!response.ok) {
        const body = raw.replace(/\s+/g, ' ').trim().slice(0, ERROR_BODY_CHARS);
        throw new TranscriptionError('http_status', `transcriber ${url.host}: HTTP ${response.status}${body ? `: ${body}` : ''}`, response.status);
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new TranscriptionError('bad_response', `transcriber ${url.host}: answer is not JSON (expected {"text": "…"})`);
      }
      const text = (json as { text?: unknown } | null)?.text;
      if (typeof text !== 'string') throw new TranscriptionError('bad_response', `transcriber ${url.host}: answer has no "text" string (expected {"text": "…"})`);
      return text;
    },
  };
}

/** fetch() wraps the real reason (ECONNREFUSED, ENOTFOUND) in `cause`. */
function causeOf(err: Error): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const why = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return why ? ` (${why})` : '';
}
