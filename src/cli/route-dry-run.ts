/**
 * `closeloop route --dry-run <leads.json|csv>`: routes a file of leads as intake would and prints
 * tags, score, route, owner and why — in memory, never writing. Also the helpers both route
 * commands share: the io seam, the read-only database and CJK-aware column alignment.
 * @module
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { dialectOf, sqlitePath } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { CompanyConfigError, loadCompany, type Company, type Locale } from '../config/company.ts';
import type { Evaluation } from '../domain/rules/tag-rules.ts';
import { compileLeadRouting, type LeadRouting } from '../services/routing/compile.ts';
import { explanationLines, reasonLine, type Assignment } from '../services/routing/assign.ts';
import { createRoutingSimulator, emptyRoutingState, loadRoutingState } from '../services/routing/simulate.ts';
import { LeadFileError, readLeadFile, type LeadFileRow } from './lead-file.ts';
import { validateLead } from '../domain/leads/validate-lead.ts';
import { applyLeadMapping, loadLeadMapping, unmappedColumns } from './lead-mapping.ts';

/** Where a CLI command writes (one line per call) and the settings main.ts parsed from the environment. */
export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  env: { DATABASE_URL: string; COMPANY_CONFIG: string };
  now?: () => number;
}

export const DRY_RUN_USAGE = 'usage: closeloop route --dry-run <leads.json|leads.csv> [--company <company.yaml>] [-v]';

/** Exit code: 0 every lead routed; 2 bad usage, company file, lead file or any invalid lead; 1 the database cannot be read. */
export async function runRouteDryRun(args: string[], io: CliIo): Promise<number> {
  let opts: { file: string; company: string; verbose: boolean };
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { 'dry-run': { type: 'string' }, company: { type: 'string' }, verbose: { type: 'boolean', short: 'v' } },
    });
    const file = values['dry-run'];
    if (!file) throw new Error('give the leads file after --dry-run');
    if (positionals.length) throw new Error(`unexpected argument "${positionals[0]}"`);
    opts = { file, company: values.company ?? io.env.COMPANY_CONFIG, verbose: values.verbose ?? false };
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${DRY_RUN_USAGE}`);
    return 2;
  }
  const input = loadRulesAndLeads(opts.company, opts.file, io);
  if (!input) return 2;
  return printDryRun(input, opts, io);
}

export type RulesAndLeads = NonNullable<ReturnType<typeof loadRulesAndLeads>>;

/**
 * The dry-run report: each lead's tags, score, route, owner and why, routed in memory from the
 * database's current workload (read-only), then a per-owner summary. Returns the exit code.
 */
export async function printDryRun(input: RulesAndLeads, opts: { file: string; verbose: boolean }, io: CliIo): Promise<number> {
  const { company, routing, rows, checked } = input;
  const externalIds = checked.flatMap(({ check }) => (check.ok && check.lead.externalId ? [check.lead.externalId] : []));

  const now = io.now?.() ?? Date.now();
  const db = await openReadOnlyDb(io.env.DATABASE_URL);
  let state = emptyRoutingState();
  let stored = new Map<string, string>();
  let source = `${db.kysely ? `${db.label} has no lead tables` : `no database at ${db.label}`}; everyone starts at 0 open leads`;
  try {
    if (db.kysely && (await hasLeadTables(db.kysely))) {
      state = await loadRoutingState(db.kysely, company, routing, now);
      stored = await storedExternalIds(db.kysely, externalIds);
      source = `open leads, today's assignments, rotation and time off from ${db.label} (read-only)`;
    }
  } catch (e) {
    io.stderr(`cannot read the database ${db.label}: ${(e as Error).message}`);
    return 1;
  } finally {
    await db.close();
  }
  io.stdout(`Dry run of ${rows.length} lead${rows.length === 1 ? '' : 's'} from ${opts.file} for ${company.name} (rules ${routing.rules.version}); nothing is written`);
  io.stdout(`Workload: ${source}`);
  const openBefore = new Map(state.open);
  const sim = createRoutingSimulator(company, routing, state);
  const locale = company.language;

  const got = new Map<string, number>();
  const routes = new Map<string, number>();
  const inFile = new Map<string, string>();
  let invalid = 0;
  for (const { row, check } of checked) {
    io.stdout('');
    if (!check.ok) {
      invalid++;
      io.stdout(`${row.where}  ${leadTitle(row.raw)}  ✗ invalid, not routed`);
      for (const i of check.issues) io.stdout(`    ${i.path}: ${i.message}`);
      continue;
    }
    // Intake answers a known externalId with the stored lead and routes nothing.
    const ext = check.lead.externalId;
    const same = ext === undefined ? undefined : (stored.get(ext) ?? inFile.get(ext));
    if (ext !== undefined && same !== undefined) {
      io.stdout(`${row.where}  ${leadTitle(check.lead)}  = ${stored.has(ext) ? `already stored as ${same}` : `same lead as ${same}`} (externalId ${ext}); intake would not route it again`);
      continue;
    }
    if (ext !== undefined) inFile.set(ext, row.where);
    const a = sim.assign({ ...check.lead, id: row.where }, { exclude: [], now, waitingSince: now });
    got.set(a.owner.id, (got.get(a.owner.id) ?? 0) + 1);
    routes.set(a.routeId ?? '(default owner)', (routes.get(a.routeId ?? '(default owner)') ?? 0) + 1);
    io.stdout(`${row.where}  ${leadTitle(check.lead)}`);
    const fields: [string, string][] = [
      ['tags', tagLabels(a.evaluation, locale) || '—'],
      ['score', String(a.evaluation.score)],
      ['route', routeText(a, routing)],
      ['owner', `${a.owner.name} (${a.owner.id})`],
      ['why', reasonLine(a.explanation, a.owner, locale)],
    ];
    for (const line of table(fields)) io.stdout(`    ${line}`);
    if (opts.verbose) for (const line of explanationLines(a.explanation, a.owner.name, locale)) io.stdout(`      ${line}`);
  }

  io.stdout('');
  const summary = company.people
    .filter((p) => got.has(p.id))
    .map((p) => [p.name, String(got.get(p.id)), `${openBefore.get(p.id) ?? 0} → ${sim.state.open.get(p.id) ?? 0}`, `${p.capacity.openLeads ?? '—'} / ${p.capacity.perDay ?? '—'}`]);
  if (summary.length) {
    for (const line of table([['owner', 'leads', 'open before → after', 'cap open / day'], ...summary], ['l', 'r', 'r', 'r'])) io.stdout(line);
    io.stdout(`routes: ${[...routes].map(([r, n]) => `${r} ${n}`).join(' · ')}`);
  } else io.stdout('No lead was routed.');
  if (invalid) io.stdout(`${invalid} invalid lead${invalid === 1 ? '' : 's'} not routed (fix the fields above)`);
  return invalid ? 2 : 0;
}

/** externalId → stored lead id, for the given externalIds. */
async function storedExternalIds(db: Kysely<Database>, externalIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < externalIds.length; i += 500) {
    const rows = await db.selectFrom('leads').select(['id', 'external_id']).where('external_id', 'in', externalIds.slice(i, i + 500)).execute();
    for (const r of rows) if (r.external_id !== null) out.set(r.external_id, r.id);
  }
  return out;
}

/**
 * The company file with its compiled rules, and the lead file — through the field mapping, when
 * one is given — with each lead checked as the API checks it; undefined after printing what is
 * wrong with any of the files. `unmapped`: the file's columns the mapping leaves out.
 */
export function loadRulesAndLeads(companyFile: string, leadFile: string, io: Pick<CliIo, 'stderr'>, mappingFile?: string) {
  const loaded = loadRules(companyFile, io);
  if (!loaded) return undefined;
  let rows: LeadFileRow[];
  let unmapped: string[] = [];
  try {
    rows = readLeadFile(leadFile);
    if (mappingFile !== undefined) {
      const mapping = loadLeadMapping(mappingFile);
      const records = rows.map((r) => (r.raw && typeof r.raw === 'object' ? (r.raw as Record<string, unknown>) : {}));
      unmapped = unmappedColumns(records, mapping);
      rows = rows.map((r, i) => ({ ...r, raw: applyLeadMapping(records[i]!, mapping) }));
    }
  } catch (e) {
    if (!(e instanceof LeadFileError)) throw e;
    io.stderr(e.message);
    return undefined;
  }
  const checked = rows.map((row) => ({ row, check: row.issues.length ? { ok: false as const, issues: row.issues } : validateLead(loaded.company.leads.customFields, row.raw) }));
  return { ...loaded, rows, checked, unmapped };
}

/** The company file and its compiled rules, or undefined after printing the file's problems. */
export function loadRules(file: string, io: Pick<CliIo, 'stderr'>): { company: Company; routing: LeadRouting } | undefined {
  try {
    const company = loadCompany(file);
    return { company, routing: compileLeadRouting(company) };
  } catch (e) {
    if (!(e instanceof CompanyConfigError)) throw e;
    io.stderr(e.message);
    return undefined;
  }
}

function leadTitle(lead: unknown): string {
  const l = (lead && typeof lead === 'object' ? lead : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const who = [text(l.contactName), text(l.contactTitle)].filter(Boolean).join(', ');
  return [text(l.company) ?? '(no company)', who].filter(Boolean).join(' — ');
}

export function tagLabels(e: Evaluation, locale: Locale): string {
  return e.tags.map((t) => (locale === 'zh-CN' ? t.label.zh : t.label.en)).join(', ');
}

/** "教育大单 → 技术方案组 (education-technical)", and what happened when nobody on it could take the lead. */
export function routeText(a: Assignment, routing: LeadRouting): string {
  const route = routing.routes.find((r) => r.route.id === (a.routeId ?? a.explanation.decision?.routeId))?.route;
  if (!route) return 'no route matched → default owner';
  const name = route.label ? `${route.label} (${route.id})` : route.id;
  if (a.explanation.decision?.kind === 'unassigned') return `${name}: nobody could take it → default owner`;
  return a.via === 'fallback' ? `${name}: nobody free → fallback owner` : name;
}

export interface ReadOnlyDb {
  /** Undefined when there is no database to read (a missing SQLite file, `:memory:`). */
  kysely?: Kysely<Database>;
  /** The path or the URL without its password, for messages. */
  label: string;
  close(): Promise<void>;
}

/**
 * Opens DATABASE_URL for reading only, never creating it: a missing SQLite file stays missing
 * (`connect` would create it and switch it to WAL); PostgreSQL sessions are read-only.
 */
export async function openReadOnlyDb(url: string): Promise<ReadOnlyDb> {
  if (dialectOf(url) === 'postgres') {
    const u = new URL(url);
    u.searchParams.set('options', `${u.searchParams.get('options') ?? ''} -c default_transaction_read_only=on`.trim());
    const pool = new pg.Pool({ connectionString: u.toString(), max: 2 });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    if (u.password) u.password = '***';
    u.search = '';
    return { kysely, label: u.toString(), close: () => kysely.destroy() };
  }
  const path = sqlitePath(url);
  if (path === ':memory:' || !existsSync(path)) return { label: path, close: async () => {} };
  const sqlite = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { kysely, label: path, close: () => kysely.destroy() };
}

/** False for an empty or never-migrated database; other failures (cannot connect) are thrown. */
export async function hasLeadTables(db: Kysely<Database>): Promise<boolean> {
  try {
    await db.selectFrom('leads').select('id').limit(1).execute();
    await db.selectFrom('lead_assignments').select('id').limit(1).execute();
    return true;
  } catch (e) {
    if (/no such table|does not exist/.test((e as Error).message)) return false;
    throw e;
  }
}

/** Terminal columns of a string: CJK and full-width characters take two, combining marks none. */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c >= 0x300 && c <= 0x36f) || c === 0x200b || (c >= 0xfe00 && c <= 0xfe0f)) continue;
    width += isWide(c) ? 2 : 1;
  }
  return width;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0x303e) ||
    (c >= 0x3041 && c <= 0x33ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xa000 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1f64f) ||
    (c >= 0x1f900 && c <= 0x1f9ff) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}

export function pad(s: string, width: number, align: 'l' | 'r' = 'l'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'l' ? s + fill : fill + s;
}

/** Rows as aligned columns two spaces apart (`align` per column, default left); no trailing spaces. */
export function table(rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return rows.map((row) => row.map((cell, i) => pad(cell, widths[i] ?? 0, align[i] ?? 'l')).join('  ').trimEnd());
}
