/**
 * Note-extraction benchmark: the offline extractor over the evaluation notes
 * (test/domain/visits/eval/eval.json) ×100, warm (one pass first), on the demo company's
 * catalogue. `extract_p99_ms`: the 99th-percentile time of one note; `extract_notes_per_s`:
 * throughput over the whole run. Target: p99 ≤ 20 ms. Run alone: `npx tsx bench/extract.ts`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCompany } from '../src/config/company.ts';
import { compileExtractor } from '../src/domain/visits/extract/compile.ts';
import type { EvalCase } from '../src/domain/visits/extract/score.ts';

const ROUNDS = 100;

export async function benchExtract(): Promise<Record<string, number>> {
  const company = loadCompany(fileURLToPath(new URL('../examples/company.yaml', import.meta.url)));
  const cases = JSON.parse(readFileSync(new URL('../test/domain/visits/eval/eval.json', import.meta.url), 'utf8')) as EvalCase[];
  const extractor = compileExtractor(company.visits);
  const inputs = cases.map((c) => ({
    text: c.text,
    opts: { now: Date.parse(c.now), timezone: company.timezone, ...(c.stage ? { stage: c.stage } : {}), ...(c.customerType ? { customerType: c.customerType } : {}) },
  }));
  for (const i of inputs) extractor.extract(i.text, i.opts); // warm: dictionaries and JIT
  const times: number[] = [];
  const started = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    for (const i of inputs) {
      const t0 = performance.now();
      extractor.extract(i.text, i.opts);
      times.push(performance.now() - t0);
    }
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  const p99 = times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]!;
  return {
    extract_p99_ms: Number(p99.toFixed(3)),
    extract_notes_per_s: Math.round((times.length / total) * 1000),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, value] of Object.entries(await benchExtract())) console.log(`${name}: ${value}`);
}
