import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { loadCompany } from '../../src/config/company.ts';
import { createLogger } from '../../src/log.ts';
import { intakeLead, intakeLeads, type IntakeResult } from '../../src/services/lead-intake.ts';
import type { ServiceDeps } from '../../src/services/deps.ts';
import { compileLeadRouting } from '../../src/services/routing/compile.ts';
import { createConsoleChannel } from '../../src/channels/console/index.ts';
import { readLeadFile } from '../../src/cli/lead-file.ts';
import { validateLead } from '../../src/domain/leads/validate-lead.ts';
import type { LeadInput } from '../../src/domain/leads/lead-input.ts';
import { freshDbs, testDatabases } from '../support/databases.ts';

const T0 = Date.parse('2026-03-10T10:00:00+08:00');
const company = loadCompany('examples/company.yaml');
const log = createLogger({ level: 'silent', pretty: false });

const examples: LeadInput[] = readLeadFile('examples/leads.json').map((r) => {
  const v = validateLead(company.leads.customFields, r.raw);
  if (!v.ok) throw new Error(`examples/leads.json ${r.where} is invalid`);
  return v.lead;
});
/** 40 leads over the demo routes: enough to fill the key-account caps and reach the fallback owner. */
const stream: LeadInput[] = Array.from({ length: 40 }, (_, i) => ({ ...examples[i % examples.length]!, externalId: `crm-${i}` }));

function depsFor(db: Db): ServiceDeps {
  const sink = { accept: async () => 'duplicate' as const };
  return {
    db,
    company,
    channels: [createConsoleChannel({ db: db.kysely, company, sink, log })],
    log,
    routing: compileLeadRouting(company),
    now: () => T0,
    wakeOutbox: () => {},
    wakeScheduler: () => {},
  };
}

async function snapshot(db: Db) {
  const k = db.kysely;
  const assignments = await k.selectFrom('lead_assignments').select(['lead_id', 'owner_id', 'via', 'explanation']).orderBy('lead_id').execute();
  const outbox = await k.selectFrom('outbox').select(['id', 'payload']).orderBy('id').execute();
  const timers = await k.selectFrom('timers').select(['id', 'due_at']).orderBy('id').execute();
  const rotation = await k.selectFrom('rotation_state').select(['route_id', 'state']).orderBy('route_id').execute();
  return {
    assignments: assignments.map((a) => ({ ...a, explanation: JSON.parse(a.explanation) as unknown })),
    outbox: outbox.map((o) => ({ id: o.id, payload: JSON.parse(o.payload) as unknown })),
    timers: timers.map((t) => ({ id: t.id, due: Number(t.due_at) })),
    rotation,
  };
}

const brief = (r: IntakeResult) => ({ id: r.lead.id, created: r.created, owner: r.owner.id, tags: r.lead.tags, route: r.lead.routeId, reason: r.reason });

describe.each(testDatabases)('group-committed lead intake on $name', (kind) => {
  const freshDb = freshDbs(kind);
  const fresh = async () => (await freshDb()).db;

  it('routes a burst of concurrent leads exactly as it would route them one by one (caps, rotation, cards, clocks)', async () => {
    const serialDb = await fresh();
    const serialDeps = depsFor(serialDb);
    const serial: IntakeResult[] = [];
    for (const lead of stream) serial.push(await intakeLead(serialDeps, lead));

    const burstDb = await fresh();
    const burst = await Promise.all(stream.map((lead) => intakeLead(burstDeps(burstDb), lead)));

    expect(burst.map(brief)).toEqual(serial.map(brief));
    const snap = await snapshot(burstDb);
    expect(snap).toEqual(await snapshot(serialDb));
    // The burst really did fill caps on the way, not just easy picks.
    const skipped = snap.assignments.flatMap((a) => (a.explanation as { decision: { candidates: { reason?: string }[] } | null }).decision?.candidates ?? []);
    expect(skipped.some((c) => c.reason === 'open_cap' || c.reason === 'daily_cap')).toBe(true);
    // One pending step per lead: its reminder (each step schedules the next as it fires).
    expect(snap.timers.map((t) => t.id.split(':').at(-1))).toEqual(stream.map(() => 'remind'));
  });

  it('creates a lead sent twice in one batch once; the second caller gets the stored lead', async () => {
    const db = await fresh();
    const deps = depsFor(db);
    const [a, b, c] = await intakeLeads(deps, [
      { input: stream[0]!, via: 'import' },
      { input: stream[0]!, via: 'import' },
      { input: stream[1]!, via: 'import' },
    ]);
    expect([a!.created, b!.created, c!.created]).toEqual([true, false, true]);
    expect(b!.lead.id).toBe(a!.lead.id);
    expect(c!.lead.id).toBe(`L-${Number(a!.lead.id.slice(2)) + 1}`);
    const cards = await db.kysely.selectFrom('outbox').select('id').where('id', 'like', `lead-assigned:${a!.lead.id}:%`).execute();
    expect(cards).toHaveLength(1);
    const again = await intakeLead(deps, stream[0]!);
    expect({ id: again.lead.id, created: again.created }).toEqual({ id: a!.lead.id, created: false });
    const audit = await db.kysely.selectFrom('audit_events').select('data').where('subject', '=', a!.lead.id).execute();
    expect(audit.map((e) => (JSON.parse(e.data) as { intake: string }).intake)).toEqual(['import']);
  });
});

const burstDepsByDb = new WeakMap<Db, ServiceDeps>();
/** One deps object per app, as the server has: concurrent intakes on it share a queue. */
function burstDeps(db: Db): ServiceDeps {
  let deps = burstDepsByDb.get(db);
  if (!deps) {
    deps = depsFor(db);
    burstDepsByDb.set(db, deps);
  }
  return deps;
}
