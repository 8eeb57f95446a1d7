/**
 * `closeloop route --compare new-company.yaml --days 30`: replays the stored leads of the last N
 * days through the current rules and the new file's rules, in memory, and prints what would
 * change — owners and routes, leads per person, cap hits, leads no route placed, tags.
 * @module
 */
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Company } from '../config/company.ts';
import type { Lead } from '../domain/leads/lead.ts';
import { DAY_MS } from '../domain/sla/zoned-time.ts';
import type { LeadRouting } from '../services/routing/compile.ts';
import { createRoutingSimulator, emptyRoutingState, type RoutingState } from '../services/routing/simulate.ts';
import { leadFromRow } from '../store/leads.ts';
import { timeOffOverlapping } from '../store/time-off.ts';
import { hasLeadTables, loadRules, openReadOnlyDb, table, type CliIo } from './route-dry-run.ts';

export const COMPARE_USAGE = 'usage: closeloop route --compare <new-company.yaml> [--days 30] [--company <current-company.yaml>]';
const SHOWN_CHANGES = 20;

/** One lead's replayed outcome under one rule set. */
interface Outcome {
  ownerId: string;
  routeId: string | null;
  /** How the owner was found when not by a route's rotation. */
  unplaced?: 'no_route' | 'fallback' | 'nobody';
  tags: string[];
  /** People skipped at the open-lead or daily cap while routing this lead. */
  capped: string[];
}

type Rules = { company: Company; routing: LeadRouting };

/** Exit code: 0 compared (or nothing to compare); 2 bad usage, an invalid company file or no database; 1 the database cannot be read. */
export async function runRouteCompare(args: string[], io: CliIo): Promise<number> {
  let opts: { next: string; current: string; days: number };
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { compare: { type: 'string' }, days: { type: 'string', default: '30' }, company: { type: 'string' } },
      allowPositionals: true,
    });
    if (!values.compare) throw new Error('give the new company file after --compare');
    if (positionals.length) throw new Error(`unexpected argument "${positionals[0]}"`);
    const days = Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > 3660) throw new Error(`--days takes a whole number of days from 1 to 3660, not "${values.days}"`);
    opts = { next: values.compare, current: values.company ?? io.env.COMPANY_CONFIG, days };
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${COMPARE_USAGE}`);
    return 2;
  }
  const current = loadRules(opts.current, io);
  const next = loadRules(opts.next, io);
  if (!current || !next) return 2;

  const now = io.now?.() ?? Date.now();
  const since = now - opts.days * DAY_MS;
  const db = await openReadOnlyDb(io.env.DATABASE_URL);
  let leads: Lead[];
  let timeOff: RoutingState['timeOff'];
  try {
    if (!db.kysely || !(await hasLeadTables(db.kysely))) {
      io.stderr(`${db.kysely ? `${db.label} has no lead tables` : `no database at ${db.label}`}: nothing to replay; set DATABASE_URL to the bot's database`);
      return 2;
    }
    leads = await storedLeads(db.kysely, since);
    const people = [...new Set([...current.company.people, ...next.company.people].map((p) => p.id))];
    timeOff = await timeOffOverlapping(db.kysely, people, current.routing.calendar.dateOf(since), current.routing.calendar.dateOf(now));
  } catch (e) {
    io.stderr(`cannot read the database ${db.label}: ${(e as Error).message}`);
    return 1;
  } finally {
    await db.close();
  }

  const day = (at: number) => current.routing.calendar.dateOf(at);
  io.stdout(`Replaying ${leads.length} lead${leads.length === 1 ? '' : 's'} stored ${day(since)} … ${day(now)} (last ${opts.days} days) from ${db.label}, read-only`);
  io.stdout(`  current: ${opts.current} (rules ${current.routing.rules.version})   new: ${opts.next} (rules ${next.routing.rules.version})`);
  io.stdout('  Both start from no open leads and a fresh rotation; a lead stops counting against its owner at its recorded first touch.');
  if (leads.length === 0) {
    io.stdout('No leads in that period: nothing to compare.');
    return 0;
  }
  const before = replay(current, leads, timeOff);
  const after = replay(next, leads, timeOff);
  const name = (id: string) => next.company.people.find((p) => p.id === id)?.name ?? current.company.people.find((p) => p.id === id)?.name ?? id;
  for (const line of report(leads, before, after, name, tagLabeler(current.company, next.company))) io.stdout(line);
  return 0;
}

async function storedLeads(db: Kysely<Database>, since: number): Promise<Lead[]> {
  const rows = await db.selectFrom('leads').selectAll().where('created_at', '>=', since).orderBy('created_at').orderBy('id').execute();
  return rows.map(leadFromRow);
}

/** Routes every lead in arrival order from a clean state; first touches free the owner's capacity. */
function replay({ company, routing }: Rules, leads: readonly Lead[], timeOff: RoutingState['timeOff']): Map<string, Outcome> {
  const sim = createRoutingSimulator(company, routing, emptyRoutingState(timeOff));
  const touches: { at: number; ownerId: string }[] = [];
  const out = new Map<string, Outcome>();
  for (const lead of leads) {
    while (touches[0] && touches[0].at <= lead.createdAt) sim.release(touches.shift()!.ownerId);
    const a = sim.assign(lead, { exclude: [], now: lead.createdAt, waitingSince: lead.createdAt });
    const d = a.explanation.decision;
    const unplaced = !d ? 'no_route' : d.kind === 'unassigned' ? 'nobody' : a.via === 'fallback' ? 'fallback' : undefined;
    const capped = (d?.candidates ?? []).filter((c) => c.reason === 'open_cap' || c.reason === 'daily_cap').map((c) => c.personId);
    out.set(lead.id, { ownerId: a.owner.id, routeId: a.routeId ?? d?.routeId ?? null, tags: a.evaluation.tags.map((t) => t.key), capped, ...(unplaced ? { unplaced } : {}) });
    if (lead.firstTouchAt !== null) {
      const at = lead.firstTouchAt;
      const i = touches.findIndex((t) => t.at > at);
      touches.splice(i < 0 ? touches.length : i, 0, { at, ownerId: a.owner.id });
    }
  }
  return out;
}

const UNPLACED: Record<NonNullable<Outcome['unplaced']>, string> = {
  no_route: 'no route matched → default owner',
  fallback: 'nobody on the route free → fallback owner',
  nobody: 'nobody could take it → default owner',
};

function report(
  leads: readonly Lead[],
  before: Map<string, Outcome>,
  after: Map<string, Outcome>,
  name: (id: string) => string,
  tagLabel: (key: string) => string,
): string[] {
  const pairs = leads.map((l) => ({ lead: l, a: before.get(l.id)!, b: after.get(l.id)! }));
  const lines: string[] = [''];
  const section = (title: string, rows: string[][], align: ('l' | 'r')[]) => {
    lines.push('', title, ...table(rows, align).map((l) => `  ${l}`));
  };

  const changed = pairs.filter(({ a, b }) => a.ownerId !== b.ownerId || a.routeId !== b.routeId);
  lines.push(changed.length ? `Owner or route changes: ${changed.length} of ${leads.length} leads` : `No lead changes owner or route (${leads.length} leads).`);
  const shown = changed.slice(0, SHOWN_CHANGES).map(({ lead, a, b }) => [
    lead.id,
    name(a.ownerId),
    '→',
    name(b.ownerId),
    a.routeId === b.routeId ? `(route ${a.routeId ?? 'none'})` : `(route ${a.routeId ?? 'none'} → ${b.routeId ?? 'none'})`,
  ]);
  lines.push(...table(shown).map((l) => `  ${l}`));
  if (changed.length > SHOWN_CHANGES) lines.push(`  … and ${changed.length - SHOWN_CHANGES} more`);

  const count = (pick: (o: Outcome) => string[]) => (side: Map<string, Outcome>) => {
    const n = new Map<string, number>();
    for (const o of side.values()) for (const k of pick(o)) n.set(k, (n.get(k) ?? 0) + 1);
    return n;
  };
  const delta = (x: number, y: number) => (y === x ? '0' : y > x ? `+${y - x}` : `−${x - y}`);
  const compared = (pick: (o: Outcome) => string[], label: (k: string) => string, changesOnly = false) => {
    const [x, y] = [count(pick)(before), count(pick)(after)];
    const keys = [...new Set([...x.keys(), ...y.keys()])].filter((k) => !changesOnly || x.get(k) !== y.get(k));
    return keys.map((k) => [label(k), String(x.get(k) ?? 0), String(y.get(k) ?? 0), delta(x.get(k) ?? 0, y.get(k) ?? 0)]);
  };

  const owners = compared((o) => [o.ownerId], name).sort((p, q) => Number(q[2]) - Number(p[2]));
  section('Leads per person', [['person', 'current', 'new', 'change'], ...owners], ['l', 'r', 'r', 'r']);

  const caps = compared((o) => o.capped, name);
  if (caps.length) section('Cap hits (leads for which the person was skipped at the open-lead or daily cap)', [['person', 'current', 'new', 'change'], ...caps], ['l', 'r', 'r', 'r']);
  else lines.push('', 'Cap hits: none under either rule set.');

  const unplaced = compared((o) => (o.unplaced ? [o.unplaced] : []), (k) => UNPLACED[k as keyof typeof UNPLACED]);
  if (unplaced.length) section('Leads with no owner from a route', [['', 'current', 'new', 'change'], ...unplaced], ['l', 'r', 'r', 'r']);
  else lines.push('', 'Leads with no owner from a route: none under either rule set.');

  const retagged = pairs.filter(({ a, b }) => [...a.tags].sort().join('\n') !== [...b.tags].sort().join('\n')).length;
  const tags = compared((o) => o.tags, tagLabel, true);
  if (retagged) section(`Tag changes: ${retagged} lead${retagged === 1 ? '' : 's'} tagged differently`, [['tag', 'current', 'new', 'change'], ...tags], ['l', 'r', 'r', 'r']);
  else lines.push('', 'Tag changes: none.');
  return lines;
}

/** A tag key → its label in the company language, from whichever file defines it. */
function tagLabeler(current: Company, next: Company): (key: string) => string {
  return (key) => {
    const tag = next.leads.tags.find((t) => t.key === key) ?? current.leads.tags.find((t) => t.key === key);
    if (!tag) return key;
    const label = next.language === 'zh-CN' ? tag.label.zh : tag.label.en;
    return label === key ? key : `${label} (${key})`;
  };
}
