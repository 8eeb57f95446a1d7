/**
 * Background checkpoints for a SQLite file in WAL mode. By default SQLite copies the
 * write-ahead log back into the database inside whichever commit pushes the log past 1,000
 * pages, and fsyncs both files there: that commit (and the event loop with it) stalls for
 * 10–35 ms, and under a steady write load these copies took about 40 % of the main thread's
 * write time. Here a worker thread with its own connection does the copying, so commits only
 * append to the log. If the worker fails, the main connection goes back to SQLite's own
 * automatic checkpoints, so the log never grows without bound.
 * @module
 */
import { Worker } from 'node:worker_threads';

export interface CheckpointerOptions {
  /** How often the worker checkpoints (default 200 ms: each copy ends in two fsyncs, which hold up the app's own writes; an idle check costs microseconds). */
  intervalMs?: number;
  /**
   * Log size in pages (4 KiB each) above which the worker restarts the log (default 10,000 ≈
   * 40 MB, Litestream's ceiling too). A restart briefly holds off the app's writer while it
   * copies the last frames and syncs, so it should be rare; PASSIVE runs every interval.
   */
  restartPages?: number;
  /** A checkpoint failed (the worker tries again), or the worker stopped and the main connection went back to inline checkpoints. */
  onError?: (message: string) => void;
}

export interface Checkpointer {
  /** Stops the worker and waits for it to close its connection. */
  stop(): Promise<void>;
}

/** SQLite's own default, restored when the worker stops or fails. */
export const INLINE_AUTOCHECKPOINT_PAGES = 1000;

/**
 * Starts checkpointing `path` in a worker thread and turns off automatic checkpoints on the
 * caller's connection (through `setAutocheckpoint`). The worker does not keep the process alive.
 */
export function startCheckpointer(path: string, setAutocheckpoint: (pages: number) => void, opts: CheckpointerOptions = {}): Checkpointer {
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
    workerData: { path, intervalMs: opts.intervalMs ?? 200, restartPages: opts.restartPages ?? 10_000 },
  });
  worker.unref();
  setAutocheckpoint(0);
  let stopping = false;
  let failed = false;
  const inline = () => {
    try {
      setAutocheckpoint(INLINE_AUTOCHECKPOINT_PAGES);
    } catch {
      // The main connection is already closed: nothing left to checkpoint for.
    }
  };
  // A crash reports 'error' and then 'exit': say it once.
  const fail = (message: string) => {
    if (stopping || failed) return;
    failed = true;
    inline();
    opts.onError?.(message);
  };
  worker.on('message', (m: { error?: string }) => {
    if (m.error && !stopping) opts.onError?.(`checkpoint failed: ${m.error}`);
  });
  worker.on('error', (err) => fail(err.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exited.then(() => fail('the checkpoint worker exited'));
  return {
    async stop() {
      if (stopping) return exited;
      stopping = true;
      inline();
      // Referenced again, so a process that only waits for this does not end before the worker has.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
