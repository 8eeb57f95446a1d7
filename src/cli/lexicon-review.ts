/**
 * `closeloop lexicon review [accept|reject <id>…] [--company file]`: the phrases reps'
 * corrections suggested as synonyms. Listing shows each with how often it was suggested;
 * accepting makes the running bot's note extractor use it from its next start (and prints the
 * YAML to put into the company file); rejecting drops it. Nothing is ever applied silently.
 * @module
 */
import { parseArgs } from 'node:util';
import { connect } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { loadCompany, personById, CompanyConfigError, type Company } from '../config/company.ts';
import type { CommandIo } from './command-io.ts';
import { decideSuggestion, suggestionsWithStatus, type LexiconSuggestion } from '../store/visits/lexicon-suggestions.ts';
import { actionLabel, painLabel } from '../services/visits/labels.ts';

export type LexiconIo = CommandIo;

export const LEXICON_USAGE = 'usage: closeloop lexicon review [accept <id>… | reject <id>…] [--company <company.yaml>]';

/** An id as listed (its last 8 characters: UUIDv7s made in one millisecond share their start) or in full. */
const SHORT = 8;

export async function runLexiconReview(args: string[], io: LexiconIo): Promise<number> {
  let positionals: string[];
  let companyFile: string;
  try {
    const parsed = parseArgs({ args, allowPositionals: true, options: { company: { type: 'string' } } });
    positionals = parsed.positionals;
    companyFile = parsed.values.company ?? io.env.COMPANY_CONFIG;
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${LEXICON_USAGE}`);
    return 2;
  }
  const [sub, verb, ...ids] = positionals;
  if (sub !== 'review' || (verb !== undefined && verb !== 'accept' && verb !== 'reject') || (verb && ids.length === 0)) {
    io.stderr(LEXICON_USAGE);
    return 2;
  }
  let company: Company;
  try {
    company = loadCompany(companyFile);
  } catch (e) {
    if (e instanceof CompanyConfigError) {
      io.stderr(e.message);
      return 2;
    }
    throw e;
  }
  const db = connect(io.env.DATABASE_URL, { sqliteSynchronous: io.env.SQLITE_SYNCHRONOUS });
  try {
    await migrateToLatest(db);
    const pending = await suggestionsWithStatus(db.kysely, 'pending');
    if (!verb) {
      if (pending.length === 0) {
        io.stdout('No synonym suggestions are waiting.');
        return 0;
      }
      io.stdout(`${pending.length} suggestion${pending.length === 1 ? '' : 's'} waiting (accept with: closeloop lexicon review accept <id>):`);
      for (const s of pending) io.stdout(`  ${s.id.slice(-SHORT)}  ${s.kind} ${s.key} (${label(company, s)}) ← "${s.phrase}"  ×${s.times}, first by ${personById(company, s.suggestedBy)?.name ?? s.suggestedBy}`);
      return 0;
    }
    let failed = 0;
    const now = (io.now ?? Date.now)();
    for (const id of ids) {
      const matches = pending.filter((s) => s.id === id || (id.length >= SHORT && s.id.endsWith(id)));
      if (matches.length !== 1) {
        io.stderr(`${id}: ${matches.length ? 'matches several suggestions; give more of the id' : 'no waiting suggestion has this id'}`);
        failed++;
        continue;
      }
      const s = matches[0]!;
      await decideSuggestion(db.kysely, s.id, verb === 'accept' ? 'accepted' : 'rejected', 'admin', now);
      io.stdout(`${verb === 'accept' ? 'accepted' : 'rejected'}: ${s.kind} ${s.key} ← "${s.phrase}"`);
      if (verb === 'accept') io.stdout(`  the bot uses it from its next start; to keep it in the company file, add "${s.phrase}" to ${yamlPath(company, s)}`);
    }
    return failed ? 2 : 0;
  } finally {
    await db.close();
  }
}

function label(company: Company, s: LexiconSuggestion): string {
  return s.kind === 'pain' ? painLabel(company, s.key, company.language) : s.kind === 'action' ? actionLabel(company, s.key, company.language) : s.key;
}

function yamlPath(company: Company, s: LexiconSuggestion): string {
  const list = s.kind === 'pain' ? company.visits.painPoints : s.kind === 'action' ? company.visits.actions : company.visits.competitors;
  const i = list.findIndex((x) => x.key === s.key);
  const where = s.kind === 'pain' ? 'painPoints' : s.kind === 'action' ? 'actions' : 'competitors';
  return `visits.${where}[${i}].${s.kind === 'competitor' ? 'aliases' : 'synonyms'}`;
}
