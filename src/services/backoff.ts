/** Retry delays for the outbox relay and the scheduler: exponential with jitter, pure. */

const BASE_MS = 1_000;
const FACTOR = 2;
const CAP_MS = 10 * 60_000;

/**
 * Delay before retry number `attempt` (1 = first retry): base·factor^(attempt-1), capped, with
 * "equal jitter" (half fixed, half random) so a burst of failures does not retry in lockstep
 * yet never retries sooner than half the nominal delay. `random` is in [0, 1).
 * @example retryDelayMs(3, () => 0.5) // 3000 (nominal 4 s, jittered into [2 s, 4 s))
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const nominal = Math.min(CAP_MS, BASE_MS * FACTOR ** Math.max(0, attempt - 1));
  return Math.round(nominal / 2 + random() * (nominal / 2));
}

/** When to retry: the jittered backoff, but never before the platform's Retry-After. */
export function nextAttemptAt(now: number, attempt: number, retryAfterMs?: number): number {
  return now + Math.max(retryDelayMs(attempt), retryAfterMs ?? 0);
}
