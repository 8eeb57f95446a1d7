import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { orderedId } from '../../src/store/ordered-id.ts';

describe('orderedId', () => {
  it('is a valid UUIDv7 carrying the given millisecond', () => {
    const at = Date.UTC(2026, 10, 26, 12, 0, 0);
    const id = orderedId(at);
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts in creation order within one millisecond and across many, with no repeats', () => {
    const at = Date.UTC(2026, 10, 26, 13, 0, 0);
    // 2,000 ids cross the 256-id refills of the random pool several times.
    const ids = [...Array.from({ length: 1000 }, () => orderedId(at)), ...Array.from({ length: 1000 }, (_, i) => orderedId(at + 1 + Math.floor(i / 10)))];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('never goes backwards when the clock does', () => {
    const at = Date.UTC(2026, 10, 26, 14, 0, 0);
    const first = orderedId(at);
    const second = orderedId(at - 5_000);
    expect(second > first).toBe(true);
  });
});
