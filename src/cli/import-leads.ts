/**
 * `closeloop import <leads.json|csv> [--mapping <file>] [--dry-run]`: stores a file of leads
 * through the same intake as the API — same checks (the lead contract and the company's custom
 * fields), tags, routing, cards and SLA clock — in transactions of 200. An old CRM's export is
 * read through a field mapping (lead-mapping.ts). Every lead is checked before anything is
 * written: one invalid lead stops the import unless `--skip-invalid`; `--dry-run` prints the
 * routing report and writes nothing. A lead whose externalId is already stored is left as it
 * is, so an interrupted import can simply be run again. Cards go to the outbox; the running bot
 * delivers them.
 * @module
 */
import { parseArgs } from 'node:util';
import { connect, type Db } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { CommandIo } from './command-io.ts';
import { buildChannels } from '../channels/build.ts';
import { createLogger } from '../log.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { intakeLeads, type IntakeResult } from '../services/lead-intake.ts';
import type { LeadInput } from '../domain/leads/lead-input.ts';
import { loadRulesAndLeads, printDryRun, table } from './route-dry-run.ts';

export type ImportIo = CommandIo;

export const IMPORT_USAGE =
  'usage: closeloop import <leads.json|leads.csv> [--mapping <mapping.yaml>] [--dry-run] [--company <company.yaml>] [--skip-invalid] [-v]';
const CHUNK = 200;

interface ImportOptions {
  file: string;
  mapping?: string;
  company: string;
  dryRun: boolean;
  skipInvalid: boolean;
  verbose: boolean;
}

function parseOptions(args: string[], io: ImportIo): ImportOptions | undefined {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        mapping: { type: 'string' },
        'dry-run': { type: 'boolean' },
        company: { type: 'string' },
        'skip-invalid': { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
      },
    });
    const [file, ...rest] = positionals;
    if (!file) throw new Error('give the file to import');
    if (rest.length) throw new Error(`unexpected argument "${rest[0]}"`);
    return {
      file,
      ...(values.mapping !== undefined ? { mapping: values.mapping } : {}),
      company: values.company ?? io.env.COMPANY_CONFIG,
      dryRun: values['dry-run'] ?? false,
      skipInvalid: values['skip-invalid'] ?? false,
      verbose: values.verbose ?? false,
    };
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${IMPORT_USAGE}`);
    return undefined;
  }
}

/** Exit code: 0 imported; 2 bad usage, company file, lead file or an invalid lead (nothing written); 1 the database failed. */
export async function runImportLeads(args: string[], io: ImportIo): Promise<number> {
  const opts = parseOptions(args, io);
  if (!opts) return 2;
  const input = loadRulesAndLeads(opts.company, opts.file, io, opts.mapping);
  if (!input) return 2;
  if (input.unmapped.length) io.stdout(`Not imported (no field in ${opts.mapping}): ${input.unmapped.join(', ')}`);
  if (opts.dryRun) return printDryRun(input, opts, io);
  const { company, routing, rows, checked } = input;
  const valid: { where: string; lead: LeadInput }[] = [];
  const invalid: string[] = [];
  for (const { row, check } of checked) {
    if (check.ok) valid.push({ where: row.where, lead: check.lead });
    else invalid.push(`${row.where}: ${check.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
  for (const line of invalid) io.stderr(line);
  if (invalid.length && !opts.skipInvalid) {
    const way = valid.length ? `Fix them, or pass --skip-invalid to import the other ${valid.length}.` : 'Fix them and run the import again.';
    io.stderr(`${invalid.length} of ${rows.length} lead${rows.length === 1 ? ' is' : 's are'} invalid; nothing was imported. ${way}`);
    return 2;
  }

  const db = connect(io.env.DATABASE_URL, {
    sqliteSynchronous: io.env.SQLITE_SYNCHRONOUS,
    sqliteCheckpoint: io.env.SQLITE_CHECKPOINT,
    onCheckpointError: (message) => io.stderr(`warning: SQLite background checkpoint: ${message}`),
  });
  try {
    await migrateToLatest(db);
    const deps = importDeps(db, io, company, routing);
    io.stdout(`Importing ${valid.length} lead${valid.length === 1 ? '' : 's'} from ${opts.file} for ${company.name} (rules ${routing.rules.version})`);
    const results: IntakeResult[] = [];
    for (let i = 0; i < valid.length; i += CHUNK) {
      const chunk = valid.slice(i, i + CHUNK);
      try {
        results.push(...(await intakeLeads(deps, chunk.map(({ lead }) => ({ input: lead, via: 'import' as const })))));
      } catch (e) {
        io.stderr(`stopped at ${chunk[0]!.where}: ${(e as Error).message}`);
        io.stderr(`${results.filter((r) => r.created).length} leads were imported before it; run the same command again to continue (leads with an externalId are not imported twice).`);
        return 1;
      }
      if (opts.verbose) {
        chunk.forEach(({ where }, k) => {
          const r = results[i + k]!;
          io.stdout(`  ${where}  ${r.lead.id}  ${r.created ? `→ ${r.owner.name} (${r.lead.routeId ?? 'default owner'})` : `already stored (externalId ${r.lead.externalId})`}`);
        });
      }
    }
    report(results, valid.length, invalid.length, io, company.people);
    return 0;
  } finally {
    await db.close();
  }
}

/** What intake needs, with the channels the bot would use (to address each card), never started. */
function importDeps(db: Db, io: ImportIo, company: ServiceDeps['company'], routing: ServiceDeps['routing']): ServiceDeps {
  const log = createLogger({ level: 'warn', pretty: false });
  const now = io.now ?? Date.now;
  const sink = { accept: async () => 'duplicate' as const };
  const newLead = async () => ({ status: 503, body: { error: 'not_serving' } });
  const channels = buildChannels({ env: io.env, company, db, sink, log, now, newLead });
  return { db, company, channels, log, routing, now, wakeOutbox: () => {}, wakeScheduler: () => {} };
}

function report(results: IntakeResult[], total: number, skipped: number, io: ImportIo, people: readonly { id: string; name: string }[]): void {
  const created = results.filter((r) => r.created);
  const existing = results.filter((r) => !r.created);
  io.stdout(`Imported ${created.length} new lead${created.length === 1 ? '' : 's'} of ${total}${existing.length ? `; ${existing.length} already stored (same externalId), left as they were` : ''}${skipped ? `; ${skipped} invalid skipped` : ''}.`);
  const perOwner = new Map<string, number>();
  for (const r of created) perOwner.set(r.owner.id, (perOwner.get(r.owner.id) ?? 0) + 1);
  if (perOwner.size) {
    const rows = people.filter((p) => perOwner.has(p.id)).map((p) => [p.name, String(perOwner.get(p.id))]);
    for (const line of table([['owner', 'new leads'], ...rows], ['l', 'r'])) io.stdout(`  ${line}`);
  }
  const noId = created.filter((r) => r.lead.externalId === undefined).length;
  if (noId) io.stdout(`Note: ${noId} lead${noId === 1 ? ' has' : 's have'} no externalId; importing the file again would create ${noId === 1 ? 'it' : 'them'} again.`);
  if (created.length) io.stdout('Each owner\'s lead card is queued with its SLA clock started; the running bot (npm start) delivers the cards.');
}
