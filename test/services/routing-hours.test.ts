// Personal working hours (a shift) in the company file steer routing; the company's hours apply to everyone else.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseCompany, CompanyConfigError } from '../../src/config/company.ts';
import { compileLeadRouting } from '../../src/services/routing/compile.ts';
import { createRoutingSimulator, emptyRoutingState } from '../../src/services/routing/simulate.ts';

/** The demo company with 李娜 on an evening shift, 18:00–02:00. */
function companyWith(hours: unknown) {
  const doc = parseDocument(readFileSync('examples/company.yaml', 'utf8'));
  const people = doc.get('people') as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
  const liNa = people.items.find((p) => p.get('id') === 'li-na')!;
  liNa.set('workingHours', doc.createNode(hours));
  return parseCompany(doc.toString(), 'examples/company.yaml (shift copy)');
}

const edu = { company: '某中学', contactName: '王校长', contactTitle: '校长', industry: 'education', budget: 600000, websiteDwellSeconds: 0, decisionChainSize: 1, interactionCount: 0, custom: {} };
const at = (s: string) => Date.parse(`${s}+08:00`);

describe('personal working hours', () => {
  const company = companyWith({ start: '18:00', end: '02:00' });
  const routing = compileLeadRouting(company);

  it('are on duty in their own shift (overnight included) on company workdays only', () => {
    expect(routing.onDuty('li-na', at('2026-03-10T20:00:00'))).toBe(true);
    expect(routing.onDuty('li-na', at('2026-03-11T01:30:00'))).toBe(true); // Tuesday's shift, after midnight
    expect(routing.onDuty('li-na', at('2026-03-10T10:00:00'))).toBe(false);
    expect(routing.onDuty('li-na', at('2026-10-01T20:00:00'))).toBe(false); // National Day
    expect(routing.onDuty('zhang-wei', at('2026-03-10T10:00:00'))).toBe(true); // the company's 09:00–18:00
    expect(routing.onDuty('zhang-wei', at('2026-03-10T20:00:00'))).toBe(false);
  });

  it('send an evening lead to the rep on shift and keep daytime leads from them', () => {
    const route = (when: string) => {
      const sim = createRoutingSimulator(company, routing, emptyRoutingState());
      return Array.from({ length: 6 }, (_, i) => sim.assign({ ...edu, id: `#${i}` }, { exclude: [], now: at(when), waitingSince: at(when) }));
    };
    const evening = route('2026-03-10T20:00:00');
    expect(new Set(evening.map((a) => a.owner.id))).toEqual(new Set(['li-na']));
    expect(evening[0]!.explanation.decision?.candidates.find((c) => c.personId === 'zhang-wei')).toMatchObject({ reason: 'off_duty' });
    const day = route('2026-03-10T10:00:00');
    expect(day.map((a) => a.owner.id)).not.toContain('li-na');
    // At 03:00 nobody is on duty: everyone is a candidate again, and the explanation says why.
    const night = route('2026-03-11T03:00:00');
    expect(new Set(night.map((a) => a.owner.id)).size).toBeGreaterThan(1);
    expect(night[0]!.explanation.decision).toMatchObject({ nobodyOnDuty: true });
  });

  it('are checked like the company hours', () => {
    expect(() => companyWith({ start: '9:00', end: '18:00' })).toThrow(CompanyConfigError);
    try {
      companyWith({ start: '09:00', end: '09:00' });
      expect.unreachable();
    } catch (e) {
      expect((e as CompanyConfigError).message).toMatch(/people\.\d+\.workingHours \(line \d+\): start and end are the same time/);
    }
  });
});
