/** The company file's visits catalogue and pipeline: the demo covers the defaults; broken references are named by YAML path. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompanyConfigError, loadCompany, parseCompany } from '../../src/config/company.ts';
import { DEFAULT_PAIN_KEYS, painsOfType } from '../../src/domain/visits/catalogue-schema.ts';

const minimal = `
name: Demo
timezone: Asia/Shanghai
people:
  - { id: rep, name: 小张, roles: [rep] }
leads: { defaultOwner: rep }
`;
const visits = (actionStages: string, typePains: string) => `${minimal}
visits:
  painPoints:
    - { key: price_too_high, label: { zh: 价格太高, en: Price too high }, synonyms: [太贵] }
  customerTypes:
    - { key: school, label: { zh: 学校, en: School }, painPoints: ${typePains} }
  actions:
    - { key: demo, label: { zh: 演示, en: Demo }, stages: ${actionStages} }
`;

function problems(text: string): string[] {
  try {
    parseCompany(text, 'company.yaml');
  } catch (e) {
    if (e instanceof CompanyConfigError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

describe('visits catalogue in the company file', () => {
  it('the demo declares a hospital, a school, a distributor and a store that together use all twelve default pains', () => {
    const c = loadCompany('examples/company.yaml');
    expect(c.visits.customerTypes.map((t) => t.key)).toEqual(expect.arrayContaining(['hospital', 'school', 'distributor', 'store']));
    const used = new Set(c.visits.customerTypes.flatMap((t) => painsOfType(c.visits, t.key).map((p) => p.key)));
    expect([...DEFAULT_PAIN_KEYS].filter((k) => !used.has(k))).toEqual([]);
    const hospital = painsOfType(c.visits, 'hospital').map((p) => p.label.zh);
    expect(hospital).toEqual(expect.arrayContaining(['医保支付限制', '科室预算紧张', '现有设备故障率高', '操作人员培训不足']));
    for (const p of c.visits.painPoints) {
      expect(p.synonyms.filter((s) => /[\u4e00-\u9fff]/.test(s)).length, p.key).toBeGreaterThanOrEqual(3);
      expect(p.synonyms.filter((s) => /^[\x20-\x7e]+$/.test(s)).length, p.key).toBeGreaterThanOrEqual(2);
    }
    expect(c.pipeline.stages.map((s) => s.key)).toEqual(['qualified', 'solution_comparison', 'negotiation', 'contract_signed', 'uat_done', 'accepted_awaiting_payment', 'invoiced', 'paid']);
  });

  it('rejects an action naming a stage that does not exist, with the YAML path', () => {
    expect(problems(visits('[qualified, tasting]', '[price_too_high]'))).toContain('visits.actions.0.stages.1: unknown stage "tasting"; use one of qualified, solution_comparison, negotiation, contract_signed, uat_done, accepted_awaiting_payment, invoiced, paid');
  });

  it('rejects a customer type without pains, or with an undeclared one', () => {
    expect(problems(visits('[qualified]', '[]'))).toContain('visits.customerTypes.0.painPoints: give the customer type at least one pain point');
    expect(problems(visits('[qualified]', '[price_too_high, budget_tight]'))).toContain('visits.customerTypes.0.painPoints.1: unknown pain point "budget_tight"; declare it under visits.painPoints');
  });

  it('check-config reports the same problem and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'closeloop-check-'));
    const file = join(dir, 'company.yaml');
    writeFileSync(file, visits('[tasting]', '[price_too_high]'));
    let out = '';
    let status = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'check-config', file], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      const err = e as { status: number; stderr: string };
      status = err.status;
      out = err.stderr;
    }
    expect(status).toBe(2);
    expect(out).toContain('visits.actions.0.stages.0');
  });
});
