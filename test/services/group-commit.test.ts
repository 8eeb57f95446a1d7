import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../src/services/group-commit.ts';

function recorder(opts: { retryAlone?: boolean; maxBatch?: number; failOn?: string } = {}) {
  const runs: string[][] = [];
  const submit = createGroupCommit<string, string>({
    maxBatch: opts.maxBatch ?? 100,
    ...(opts.retryAlone ? { retryAlone: true } : {}),
    async run(items) {
      runs.push([...items]);
      await new Promise((r) => setTimeout(r, 5));
      if (opts.failOn && items.includes(opts.failOn)) throw new Error(`bad item ${opts.failOn}`);
      return items.map((x) => x.toUpperCase());
    },
  });
  return { runs, submit };
}

describe('group commit', () => {
  it('writes what arrives in one turn as one batch, and each caller gets its own result', async () => {
    const { runs, submit } = recorder();
    expect(await Promise.all(['a', 'b', 'c'].map(submit))).toEqual(['A', 'B', 'C']);
    expect(runs).toEqual([['a', 'b', 'c']]);
  });

  it('queues what arrives while a batch is being written for the next batch', async () => {
    const { runs, submit } = recorder();
    const first = submit('a');
    await new Promise((r) => setTimeout(r, 1));
    const later = [submit('b'), submit('c')];
    expect(await Promise.all([first, ...later])).toEqual(['A', 'B', 'C']);
    expect(runs).toEqual([['a'], ['b', 'c']]);
  });

  it('never puts more than maxBatch items in one batch', async () => {
    const { runs, submit } = recorder({ maxBatch: 2 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map(submit));
    expect(runs).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('with retryAlone, a bad item fails alone and the others still succeed', async () => {
    const { runs, submit } = recorder({ retryAlone: true, failOn: 'b' });
    const results = await Promise.allSettled(['a', 'b', 'c'].map(submit));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['A', 'bad item b', 'C']);
    expect(runs).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['c']]);
  });

  it('without retryAlone, a failed batch fails every caller in it', async () => {
    const { runs, submit } = recorder({ failOn: 'b' });
    const results = await Promise.allSettled(['a', 'b', 'c'].map(submit));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(runs).toEqual([['a', 'b', 'c']]);
    expect(await submit('d')).toBe('D');
  });
});
