/**
 * The speech-to-text port: voice messages become the text a person would have typed. One
 * implementation speaks HTTP (http-transcriber.ts); tests and other engines plug in here.
 * @module
 */

/** The language a person speaks, as the company file says (zh-CN → zh). */
export type TranscriberLocale = 'zh' | 'en';

export interface Transcriber {
  /**
   * The words in `audio`, e.g. `拜访 客户：华东精密…`. `format` is the platform's audio format
   * (`amr` for WeCom voice). Throws TranscriptionError when the engine cannot be reached or answers badly.
   */
  transcribe(audio: Buffer, format: string, locale: TranscriberLocale): Promise<string>;
}

export type TranscriptionErrorCode = 'unreachable' | 'timeout' | 'http_status' | 'bad_response';

/** A transcription that did not happen; the message says why, without the token. */
export class TranscriptionError extends Error {
  constructor(
    readonly code: TranscriptionErrorCode,
    message: string,
    /** The engine's HTTP status, for `http_status`. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TranscriptionError';
  }
}
