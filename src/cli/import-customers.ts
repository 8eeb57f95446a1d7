/**
 * `closeloop import-customers <customers.csv|xlsx> --mapping <file> [--dry-run] [--company file] [-v]`:
 * the old CRM's customers (name, contacts, last contact, owner, industry, region, declared
 * fields) onto closeloop's, deduplicated by normalised name against the file itself and the
 * stored customers. Prints what is created, merged, unchanged and skipped, with unknown owners
 * listed; `--dry-run` writes nothing. Running the same import again changes nothing.
 * @module
 */
import { parseArgs } from 'node:util';
import { connect } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { loadCompany, personById, CompanyConfigError, type Company } from '../config/company.ts';
import type { CommandIo } from './command-io.ts';
import { applyCustomerImport, planCustomerImport, type ImportPlan } from '../services/customers/import-customers.ts';
import { applyCustomerMapping, loadCustomerMapping } from './customer-mapping.ts';
import { LeadFileError } from './lead-file.ts';
import { readTableFile } from './table-file.ts';

export type ImportCustomersIo = CommandIo;

export const IMPORT_CUSTOMERS_USAGE = 'usage: closeloop import-customers <customers.csv|customers.xlsx> --mapping <mapping.yaml> [--dry-run] [--company <company.yaml>] [-v]';

/** Exit code: 0 done (also when rows were skipped: they are listed); 2 bad usage, file, mapping or company file; 1 the database failed. */
export async function runImportCustomers(args: string[], io: ImportCustomersIo): Promise<number> {
  let opts: { file: string; mapping: string; company: string; dryRun: boolean; verbose: boolean };
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { mapping: { type: 'string' }, 'dry-run': { type: 'boolean' }, company: { type: 'string' }, verbose: { type: 'boolean', short: 'v' } } });
    const [file, ...rest] = positionals;
    if (!file) throw new Error('give the customer file to import');
    if (rest.length) throw new Error(`unexpected argument "${rest[0]}"`);
    if (!values.mapping) throw new Error('give the field mapping: --mapping <mapping.yaml>');
    opts = { file, mapping: values.mapping, company: values.company ?? io.env.COMPANY_CONFIG, dryRun: values['dry-run'] ?? false, verbose: values.verbose ?? false };
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${IMPORT_CUSTOMERS_USAGE}`);
    return 2;
  }
  let company: Company;
  let rows: { where: string; fields: ReturnType<typeof applyCustomerMapping> }[];
  let owners: Record<string, string>;
  try {
    company = loadCompany(opts.company);
    const mapping = loadCustomerMapping(opts.mapping);
    const missing = Object.entries(mapping.columns).map(([, col]) => col);
    const table = await readTableFile(opts.file);
    const header = new Set(table.flatMap((r) => Object.keys(r.record)));
    const absent = missing.filter((c) => table.length > 0 && !header.has(c));
    if (absent.length) throw new LeadFileError(`${opts.file}: no column ${absent.map((c) => `"${c}"`).join(', ')} (named in ${opts.mapping})`);
    const unmapped = [...header].filter((h) => !missing.includes(h));
    if (unmapped.length) io.stdout(`Not imported (no field in ${opts.mapping}): ${unmapped.join(', ')}`);
    rows = table.map((r) => ({ where: r.where, fields: applyCustomerMapping(r.record, mapping) }));
    owners = mapping.owners;
  } catch (e) {
    if (e instanceof CompanyConfigError || e instanceof LeadFileError) {
      io.stderr(e.message);
      return 2;
    }
    throw e;
  }
  const db = connect(io.env.DATABASE_URL, { sqliteSynchronous: io.env.SQLITE_SYNCHRONOUS });
  try {
    await migrateToLatest(db);
    const plan = await planCustomerImport(db.kysely, company, rows, owners);
    print(plan, company, io, opts);
    if (opts.dryRun) {
      io.stdout('Dry run: nothing was written.');
      return 0;
    }
    const created = await applyCustomerImport(db.kysely, plan, 'import', (io.now ?? Date.now)());
    io.stdout(`Imported: ${created.length} created, ${plan.merge.length} merged, ${plan.unchanged.length} unchanged, ${plan.skipped.length} skipped.`);
    return 0;
  } catch (e) {
    io.stderr(`the import failed: ${(e as Error).message}; nothing was written`);
    return 1;
  } finally {
    await db.close();
  }
}

function print(plan: ImportPlan, company: Company, io: ImportCustomersIo, opts: { dryRun: boolean; verbose: boolean; file: string }): void {
  const name = (id: string) => personById(company, id)?.name ?? id;
  const verb = opts.dryRun ? 'would be' : 'will be';
  io.stdout(`${opts.file}: ${plan.create.length} ${verb} created, ${plan.merge.length} merged into existing customers, ${plan.unchanged.length} unchanged, ${plan.skipped.length} skipped`);
  for (const c of plan.create) io.stdout(`  create  ${c.name} → ${name(c.ownerId)} (${c.customerType}${c.contacts.length ? `, ${c.contacts.map((x) => x.name).join('/')}` : ''})  [${c.where.join(', ')}]`);
  for (const m of plan.merge) io.stdout(`  merge   ${m.incoming.name} into ${m.existing.id} ${m.existing.name}: ${Object.keys(m.patch).join(', ')}${m.notes.length ? `; ${m.notes.join('; ')}` : ''}  [${m.incoming.where.join(', ')}]`);
  if (opts.verbose) for (const u of plan.unchanged) io.stdout(`  same    ${u.incoming.name} = ${u.existing.id}  [${u.incoming.where.join(', ')}]`);
  for (const s of plan.skipped) io.stdout(`  skip    ${s.where}: ${s.reason}`);
  if (plan.unknownOwners.size) {
    io.stdout('Unknown owners (map them under owners: in the mapping file, e.g. 老张: zhang-wei):');
    for (const [owner, where] of plan.unknownOwners) io.stdout(`  ${owner}: ${where.length} row${where.length === 1 ? '' : 's'} (${where.slice(0, 5).join(', ')}${where.length > 5 ? ', …' : ''})`);
  }
}
