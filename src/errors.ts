/**
 * Coded errors. `BotError` carries a user-facing message for chat; `HttpError` a status for
 * HTTP. One handler per edge turns them into a chat reply or a 4xx and logs the rest.
 * @module
 */
export class BotError extends Error {
  constructor(
    readonly code: string,
    /** Shown to the person in chat, already localised. */
    readonly userMessage: string,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = 'BotError';
  }
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
