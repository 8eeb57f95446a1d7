/**
 * A self-scheduling poll loop shared by the outbox relay and the scheduler: runs a step, runs
 * again at once when the step says there is more, else sleeps until the step's next due time
 * (never longer than `pollMs`, never shorter than 10 ms, so a blocked row cannot spin).
 * @module
 */
import type { Logger } from '../log.ts';

/** `more`: work is waiting now; otherwise ms until the next known due item (null: unknown). */
export type PumpStep = { more: true } | { more: false; dueInMs: number | null };

export interface PumpOptions {
  name: string;
  log: Logger;
  pollMs: number;
  step(): Promise<PumpStep>;
}

export interface Pump {
  start(): void;
  /** Run soon; if a step is running, run again right after it. */
  wake(): void;
  /** No further steps; resolves when the running one finished. */
  stop(): Promise<void>;
}

const MIN_DELAY_MS = 10;

/** Pure: how long to sleep after a step. */
export function pumpDelay(step: PumpStep, pollMs: number, minDelayMs: number): number {
  if (step.more) return 0;
  if (step.dueInMs === null) return pollMs;
  return Math.min(pollMs, Math.max(minDelayMs, step.dueInMs));
}

export function createPump(opts: PumpOptions): Pump {
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let again = false;

  function schedule(delayMs: number): void {
    clearTimeout(timer);
    if (running) timer = setTimeout(run, delayMs);
  }

  function run(): void {
    if (!running) return;
    if (current) {
      again = true;
      return;
    }
    current = (async () => {
      let delay = opts.pollMs;
      try {
        delay = pumpDelay(await opts.step(), opts.pollMs, MIN_DELAY_MS);
      } catch (err) {
        opts.log.error({ err }, `${opts.name}: poll failed`);
      }
      current = undefined;
      if (again) {
        again = false;
        delay = 0;
      }
      schedule(delay);
    })();
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    wake() {
      if (!running) return;
      if (current) again = true;
      else schedule(0);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
    },
  };
}
