import { describe, expect, it } from 'vitest';
import type { MatchInput, RotationState } from '../../../src/domain/routing/decision.ts';
import { chooseOwner } from '../../../src/domain/routing/matcher.ts';
import { pickSmoothWeighted } from '../../../src/domain/routing/rotation.ts';
import { candidate, input, route, techSales } from './fixtures.ts';

const weights = { 'wang-qiang': 1, 'zhang-wei': 2, 'li-na': 3, 'chen-jie': 4 };
const weighted = input({ route: route({ weights }) });

/** Routes `n` leads; `tweak(i)` may change the candidates of lead i. */
function run(base: MatchInput, n: number, rotation: RotationState = {}, tweak?: (i: number) => Partial<MatchInput>) {
  const sequence: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = chooseOwner({ ...base, ...tweak?.(i), rotation });
    if (d.kind !== 'assigned') throw new Error('unassigned');
    sequence.push(d.ownerId);
    rotation = d.rotation;
  }
  return { sequence, rotation };
}

function shares(sequence: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of sequence) counts[id] = (counts[id] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).map(([id, n]) => [id, (100 * n) / sequence.length]));
}

/** A small seeded generator (mulberry32), so the churn below is the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fair weighted rotation', () => {
  it('over 10,000 leads each rep’s share is within 2 points of its weight (1,2,3,4 → 10/20/30/40%)', () => {
    const got = shares(run(weighted, 10_000).sequence);
    for (const [id, w] of Object.entries(weights)) expect(Math.abs((got[id] ?? 0) - w * 10)).toBeLessThanOrEqual(2);
  });

  it('stays within 2 points while reps drift in and out of working hours', () => {
    const rnd = random(42);
    const churn = () => ({ candidates: techSales.map((id) => candidate(id, { onDuty: rnd() >= 0.1 })) });
    const { sequence } = run({ ...weighted, fallbackOwnerId: 'lin-xue' }, 10_000, {}, churn);
    const got = shares(sequence.filter((id) => id !== 'lin-xue'));
    for (const [id, w] of Object.entries(weights)) expect(Math.abs((got[id] ?? 0) - w * 10)).toBeLessThanOrEqual(2);
  });

  it('equal weights take strict turns', () => {
    expect(run(input(), 8).sequence).toEqual([...techSales].sort().concat([...techSales].sort()));
  });

  it('interleaves rather than bursts (nginx’s example: 5,1,1 → a a b a c a a)', () => {
    let state: Record<string, number> = {};
    const picks: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = pickSmoothWeighted(state, [{ id: 'c', weight: 1 }, { id: 'a', weight: 5 }, { id: 'b', weight: 1 }]);
      picks.push(r.chosenId);
      state = r.next;
    }
    expect(picks.join(' ')).toBe('a a b a c a a');
    expect(state).toEqual({ a: 0, b: 0, c: 0 });
  });

  it('survives a restart: the state round-tripped through JSON mid-way continues the same sequence', () => {
    const straight = run(weighted, 10_000).sequence;
    const first = run(weighted, 4_321);
    const restored = JSON.parse(JSON.stringify(first.rotation)) as RotationState;
    const second = run(weighted, 10_000 - 4_321, restored);
    expect([...first.sequence, ...second.sequence]).toEqual(straight);
  });

  it('keeps one state per route, and ignores a corrupt entry', () => {
    const a = chooseOwner({ ...weighted, rotation: { other: { 'zhang-wei': 7 }, edu: { 'li-na': Number.NaN } } });
    expect(a.rotation.other).toEqual({ 'zhang-wei': 7 });
    expect(a).toMatchObject({ ownerId: 'chen-jie', rotation: { edu: { 'chen-jie': -6, 'li-na': 3 } } });
  });

  it('needs at least one peer', () => {
    expect(() => pickSmoothWeighted({}, [])).toThrow(/at least one peer/);
  });
});
