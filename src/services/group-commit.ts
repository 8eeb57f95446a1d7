/**
 * Group commit: work submitted while a batch is being written waits and goes into the next
 * batch, so a burst costs one transaction per batch instead of one per request, and a lone
 * request still starts at once (deferred only to the end of the current I/O turn).
 * @module
 */

export interface GroupCommitOptions<T, R> {
  /** Writes a batch; returns one result per item, in order. */
  run(items: T[]): Promise<R[]>;
  maxBatch: number;
  /**
   * When a batch of several fails, run each item alone so one bad item does not fail the
   * others (each caller then gets its own result or error). Otherwise all are rejected.
   */
  retryAlone?: boolean;
}

interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(err: unknown): void;
}

export function createGroupCommit<T, R>(opts: GroupCommitOptions<T, R>): (item: T) => Promise<R> {
  let queue: Waiting<T, R>[] = [];
  let scheduled = false;

  async function runAlone(w: Waiting<T, R>): Promise<void> {
    try {
      const [result] = await opts.run([w.item]);
      w.resolve(result as R);
    } catch (err) {
      w.reject(err);
    }
  }

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, opts.maxBatch);
      queue = queue.slice(batch.length);
      try {
        const results = await opts.run(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(results[i] as R));
      } catch (err) {
        if (opts.retryAlone && batch.length > 1) {
          for (const w of batch) await runAlone(w);
        } else {
          for (const w of batch) w.reject(err);
        }
      }
    }
    scheduled = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // Deferred to the check phase, so requests parsed in the same I/O turn share a commit.
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => void flush());
      }
    });
}
