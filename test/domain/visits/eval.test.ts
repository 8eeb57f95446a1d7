/**
 * The extractor's evaluation: eval.json (the notes the rules were written against) and
 * holdout.json (written after the rules were frozen, in another style). Prints the per-field
 * precision / recall / F1 table and each miss, and fails below the floors measured when the
 * rules were frozen.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCompany } from '../../../src/config/company.ts';
import { compileExtractor } from '../../../src/domain/visits/extract/compile.ts';
import { formatScores, scoreExtractions, type EvalCase, type Field } from '../../../src/domain/visits/extract/score.ts';

const company = loadCompany(new URL('../../../examples/company.yaml', import.meta.url).pathname);
const extractor = compileExtractor(company.visits);
const load = (name: string) => JSON.parse(readFileSync(new URL(`./eval/${name}`, import.meta.url), 'utf8')) as EvalCase[];

function run(cases: EvalCase[]) {
  const actual = cases.map((c) =>
    extractor.extract(c.text, {
      now: Date.parse(c.now),
      timezone: c.timezone ?? company.timezone,
      ...(c.stage ? { stage: c.stage } : {}),
      ...(c.customerType ? { customerType: c.customerType } : {}),
    }),
  );
  return scoreExtractions(cases, actual);
}

type Floors = Partial<Record<Field, { precision: number; recall: number }>>;

function check(name: string, cases: EvalCase[], floors: Floors, minCases: number) {
  it(`${name}: ${cases.length} notes score above the floors`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(minCases);
    const { fields, misses } = run(cases);
    console.log(`\n${name} (${cases.length} notes)\n${formatScores(fields)}`);
    for (const m of misses) console.log(`  ${m.id} ${m.field}: missing [${m.missing.join(', ')}] extra [${m.extra.join(', ')}]`);
    for (const f of fields) {
      const floor = floors[f.field];
      if (!floor) continue;
      expect(f.precision, `${name} ${f.field} precision`).toBeGreaterThanOrEqual(floor.precision);
      expect(f.recall, `${name} ${f.field} recall`).toBeGreaterThanOrEqual(floor.recall);
    }
  });
}

const all = (precision: number, recall: number): Floors =>
  Object.fromEntries(['painPoints', 'competitors', 'quantities', 'nextAction.key', 'nextAction.due'].map((f) => [f, { precision, recall }]));

/**
 * Floors, set from what was measured (rounded down, with some room: a set of ~22 notes moves
 * by ~0.05 per miss). eval.json is what the rules were written against. The rules were then
 * frozen and holdout.json written; its misses led to general fixes, so it was frozen again and
 * holdout-2.json written, and so on: holdout, -2 and -3 now guard against regressions, and
 * holdout-4.json, written after the last freeze and never tuned to, is the honest figure.
 */
const FLOORS: Record<string, Floors> = {
  eval: { ...all(0.9, 0.85), 'nextAction.allowedInStage': { precision: 0.9, recall: 0.85 } },
  holdout: { ...all(0.9, 0.8), painPoints: { precision: 0.85, recall: 0.55 } },
  'holdout-2': { ...all(0.9, 0.85), painPoints: { precision: 0.9, recall: 0.65 }, competitors: { precision: 0.65, recall: 0.65 } },
  'holdout-3': { ...all(0.9, 0.9), painPoints: { precision: 0.9, recall: 0.7 }, competitors: { precision: 0.75, recall: 0.75 } },
  'holdout-4': {
    painPoints: { precision: 0.8, recall: 0.55 },
    competitors: { precision: 0.45, recall: 0.45 },
    'competitors.key': { precision: 0.9, recall: 0.9 },
    quantities: { precision: 0.8, recall: 0.75 },
    'nextAction.key': { precision: 0.9, recall: 0.55 },
    'nextAction.due': { precision: 0.9, recall: 0.55 },
  },
};

describe('note extraction evaluation', () => {
  check('eval', load('eval.json'), FLOORS.eval!, 60);
  for (const name of ['holdout', 'holdout-2', 'holdout-3', 'holdout-4']) check(name, load(`${name}.json`), FLOORS[name]!, 20);
});
