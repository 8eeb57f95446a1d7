import { describe, expect, it } from 'vitest';
import { runExtract } from '../../../../src/cli/extract.ts';
import { NOW } from './helpers.ts';

const COMPANY = new URL('../../../../examples/company.yaml', import.meta.url).pathname;

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runExtract(args, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), companyFile: COMPANY, now: () => NOW });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('closeloop extract', () => {
  it('prints the contract JSON', () => {
    const r = run(['王院长说CT机去年维修5次，每次停机2天']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.painPoints.map((p: { key: string }) => p.key)).toEqual(['equipment_failure_high']);
    expect(json.quantities.map((q: { value: number; unit: string }) => `${q.value} ${q.unit}`)).toEqual(['5 times', '2 day']);
    expect(json.nextAction).toBeNull();
    expect(r.out).toContain('\n  "painPoints"');
  });
  it('rejects an unknown stage or type with the valid keys, exit 2', () => {
    const s = run(['--stage', 'nope', 'x']);
    expect(s.code).toBe(2);
    expect(s.err).toContain('qualified');
    const t = run(['--type', 'nope', 'x']);
    expect(t.code).toBe(2);
    expect(t.err).toContain('hospital, school, distributor, store');
  });
  it('needs the note text', () => {
    expect(run([]).code).toBe(2);
  });
});
