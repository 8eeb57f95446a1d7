import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { loadCompany, type Company } from '../../src/config/company.ts';
import { createLogger } from '../../src/log.ts';
import { intakeLead } from '../../src/services/lead-intake.ts';
import type { ServiceDeps } from '../../src/services/deps.ts';
import { compileLeadRouting } from '../../src/services/routing/compile.ts';
import { createRoutingSimulator, emptyRoutingState, loadRoutingState } from '../../src/services/routing/simulate.ts';
import { addTimeOff } from '../../src/store/time-off.ts';
import { readLeadFile } from '../../src/cli/lead-file.ts';
import { validateLead } from '../../src/domain/leads/validate-lead.ts';
import type { LeadInput } from '../../src/domain/leads/lead-input.ts';
import { openTestDb, testDatabases } from '../support/databases.ts';

const T0 = Date.parse('2026-03-10T10:00:00+08:00');
const company = loadCompany('examples/company.yaml');
const routing = compileLeadRouting(company);

const examples: LeadInput[] = readLeadFile('examples/leads.json').map((r) => {
  const v = validateLead(company.leads.customFields, r.raw);
  if (!v.ok) throw new Error(`examples/leads.json ${r.where} is invalid`);
  return v.lead;
});
const again = (leads: LeadInput[]) => leads.map(({ externalId: _, ...l }) => l);
const times = (n: number, leads: LeadInput[]) => Array.from({ length: n }, () => again(leads)).flat();
/** Key accounts (12 open leads between them, 刘洋 on leave) get 24 leads: caps, spill-over and fallback. */
const stream: LeadInput[] = [...examples, ...times(3, examples.slice(0, 3)), ...times(5, examples.slice(3, 7))];

function depsFor(db: Db, c: Company, now: () => number): ServiceDeps {
  return { db, company: c, channels: [], log: createLogger({ level: 'silent', pretty: false }), routing: compileLeadRouting(c), now, wakeOutbox: () => {}, wakeScheduler: () => {} };
}

describe('the routing simulator', () => {
  it('is what assignOwner would do for an empty database, and writes its choices only into its own state', () => {
    const sim = createRoutingSimulator(company, routing, emptyRoutingState());
    const owners = examples.map((l, i) => sim.assign({ ...l, id: `#${i + 1}` }, { exclude: [], now: T0, waitingSince: T0 }).owner.id);
    expect(owners.slice(0, 3)).toEqual(['zhang-wei', 'wang-qiang', 'zhang-wei']);
    expect(sim.state.open.get('zhang-wei')).toBe(2);
    expect(sim.state.assigned.get('zhang-wei')?.get('2026-03-10')).toBe(2);
    sim.release('zhang-wei');
    expect(sim.state.open.get('zhang-wei')).toBe(1);
  });

  it('skips people on time off on that day only', () => {
    const sim = createRoutingSimulator(company, routing, emptyRoutingState([{ personId: 'zhang-wei', firstDay: '2026-03-10', lastDay: '2026-03-10' }]));
    const edu = examples[0]!;
    const today = sim.assign({ ...edu, id: 'a' }, { exclude: [], now: T0, waitingSince: T0 });
    expect(today.owner.id).toBe('wang-qiang');
    expect(today.explanation.decision?.candidates.find((c) => c.personId === 'zhang-wei')?.reason).toBe('time_off');
    const tomorrow = T0 + 86_400_000;
    expect(sim.assign({ ...edu, id: 'b' }, { exclude: [], now: tomorrow, waitingSince: tomorrow }).owner.id).toBe('zhang-wei');
  });
});

describe.each(testDatabases)('the routing simulator against intake on $name', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('makes the same decision, explanation included, as intake for every lead of a stream that fills caps', async () => {
    const t = await openTestDb(kind);
    cleanups.push(t.cleanup);
    await addTimeOff(t.db.kysely, { personId: 'liu-yang', firstDay: '2026-03-10', lastDay: '2026-03-12' }, T0);
    let now = T0;
    const deps = depsFor(t.db, company, () => now);
    const sim = createRoutingSimulator(company, routing, await loadRoutingState(t.db.kysely, company, routing, T0));

    const vias = new Set<string>();
    for (const [i, lead] of stream.entries()) {
      now = T0 + i * 60_000;
      const predicted = sim.assign({ ...lead, id: `L-${1001 + i}` }, { exclude: [], now, waitingSince: now });
      const actual = await intakeLead(deps, lead);
      const stored = await t.db.kysely.selectFrom('lead_assignments').select(['explanation', 'via']).where('lead_id', '=', actual.lead.id).executeTakeFirstOrThrow();
      expect({ owner: predicted.owner.id, route: predicted.routeId, tags: predicted.evaluation.tags.map((x) => x.key) }).toEqual({
        owner: actual.owner.id,
        route: actual.lead.routeId,
        tags: actual.lead.tags,
      });
      expect(JSON.parse(JSON.stringify(predicted.explanation))).toEqual(JSON.parse(stored.explanation));
      vias.add(predicted.via);
    }
    // The stream really did reach caps and the fallback owner, not just easy picks.
    expect(vias).toEqual(new Set(['route', 'fallback']));
  });
});
