/**
 * The `closeloop` CLI: env → config → createApp. Commands: serve (default), migrate,
 * check-config [file], route (dry run, compare), import, import-customers, lexicon review, extract. Exit codes: 0 ok, 1 runtime failure, 2 bad configuration or usage.
 * @module
 */
import { existsSync } from 'node:fs';
import { parseEnv, EnvError, type Env } from './config/env.ts';
import { loadCompany, CompanyConfigError } from './config/company.ts';
import { connect } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createApp, LOCAL_DEMO_API_TOKEN } from './app.ts';
import { createLogger } from './log.ts';
import { isLocalMode } from './channels/build.ts';
import { runRouteDryRun } from './cli/route-dry-run.ts';
import { runRouteCompare } from './cli/route-compare.ts';
import { runImportLeads } from './cli/import-leads.ts';
import { runExtract } from './cli/extract.ts';
import { runImportCustomers } from './cli/import-customers.ts';
import { runLexiconReview } from './cli/lexicon-review.ts';
import { companyWarnings } from './config/company-warnings.ts';

const USAGE = `usage: closeloop <command>
  serve                 run the bot (default; npm start)
  migrate               apply database migrations and exit
  check-config [file]   validate a company file (default: $COMPANY_CONFIG or examples/company.yaml)
  route --dry-run <leads.json|csv> [--company file] [-v]
                        route a file of leads and print tags, score, route, owner and why; writes nothing
  route --compare <new-company.yaml> [--days 30] [--company file]
                        replay the last N days' stored leads under the new rules; writes nothing
  import <leads.json|csv> [--mapping file] [--dry-run] [--company file] [--skip-invalid] [-v]
                        store, route and announce a file of leads as the API would;
                        --mapping reads an old CRM's export (its columns and values)
  import-customers <customers.csv|xlsx> --mapping file [--dry-run] [--company file] [-v]
                        bring the old CRM's customers in (dedupe by name, owner mapping);
                        --dry-run prints what would be created, merged and skipped
  lexicon review [accept|reject <id>…]
                        synonyms reps' corrections suggest; accepted ones join the note extractor
  extract [--company file] [--stage key] [--type customer-type] <text>
                        read a visit note offline: pains, competitors with stance, quantities, next action (JSON)
  help                  this text`;

async function main(argv: string[]): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const [command = 'serve', ...args] = argv;
  switch (command) {
    case 'serve':
      return serve(readEnv());
    case 'migrate': {
      const env = readEnv();
      const db = connect(env.DATABASE_URL, { sqliteSynchronous: env.SQLITE_SYNCHRONOUS });
      const result = await migrateToLatest(db);
      await db.close();
      const applied = result.results?.map((r) => r.migrationName) ?? [];
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      return 0;
    }
    case 'check-config': {
      const file = args[0] ?? process.env.COMPANY_CONFIG ?? 'examples/company.yaml';
      const company = loadCompany(file);
      const teams = company.teams.length;
      console.log(`${file}: ok — ${company.name}, ${company.people.length} people, ${teams} teams, timezone ${company.timezone}`);
      console.log(`  leads: ${company.leads.tags.length} tag rules, ${company.leads.routes.length} routes, SLA accept ${company.leads.sla.acceptWithin} / first touch ${company.leads.sla.firstTouchWithin}`);
      for (const warning of companyWarnings(company, Date.now())) console.log(`  warning: ${warning}`);
      return 0;
    }
    case 'route': {
      const io = { stdout: (line: string) => console.log(line), stderr: (line: string) => console.error(line), env: readEnv() };
      return args.some((a) => a === '--compare' || a.startsWith('--compare=')) ? runRouteCompare(args, io) : runRouteDryRun(args, io);
    }
    case 'import':
      return runImportLeads(args, { stdout: (line) => console.log(line), stderr: (line) => console.error(line), env: readEnv() });
    case 'import-customers':
      return runImportCustomers(args, { stdout: (line) => console.log(line), stderr: (line) => console.error(line), env: readEnv() });
    case 'lexicon':
      return runLexiconReview(args, { stdout: (line) => console.log(line), stderr: (line) => console.error(line), env: readEnv() });
    case 'extract':
      return runExtract(args, { stdout: (line) => console.log(line), stderr: (line) => console.error(line) });
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

function readEnv(): Env {
  return parseEnv(process.env);
}

async function serve(env: Env): Promise<number> {
  const log = createLogger({ level: env.LOG_LEVEL });
  const company = loadCompany(env.COMPANY_CONFIG);
  for (const warning of companyWarnings(company, Date.now())) log.warn(warning);
  const app = await createApp({ env, company, log });
  const { url } = await app.listen();
  const names = app.channels.map((c) => c.name).join(', ');
  log.info({ url, channels: names, database: app.db.dialect }, `closeloop is running for ${company.name}`);
  if (isLocalMode(env)) {
    console.log(`\n  Console:  ${url}/console\n  Post a lead:\n    curl -s -X POST ${url}/api/leads -H 'Authorization: Bearer ${app.apiToken}' -H 'Content-Type: application/json' \\\n      -d '{"company":"上海某中学","contactName":"王校长","contactTitle":"校长","industry":"education","budget":600000,"websiteDwellSeconds":420,"decisionChainSize":3,"interactionCount":2,"source":"官网"}'\n`);
    if (app.apiToken === LOCAL_DEMO_API_TOKEN) log.warn('API_TOKEN is not set: the local demo token is in force (local mode only, bound to 127.0.0.1)');
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining outbox and closing the database');
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  return new Promise<number>(() => {});
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0 || process.argv[2] !== undefined && process.argv[2] !== 'serve') process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof EnvError || err instanceof CompanyConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
