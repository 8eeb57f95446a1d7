/**
 * `closeloop extract [--company file] [--stage key] [--type customer-type] <text>`: runs the
 * offline note extractor over one note and prints the design.md §3 JSON (pains, competitors
 * with stance, quantities, next action). Exit codes: 0 ok, 2 bad usage or company file.
 * @module
 */
import { parseArgs } from 'node:util';
import { CompanyConfigError, loadCompany } from '../config/company.ts';
import { compileExtractor } from '../domain/visits/extract/compile.ts';

export const EXTRACT_USAGE = 'usage: closeloop extract [--company file] [--stage key] [--type customer-type] <text>';

export interface ExtractIo {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Default company file (main.ts passes $COMPANY_CONFIG). */
  companyFile?: string;
  now?: () => number;
}

export function runExtract(argv: string[], out: ExtractIo): number {
  let values: { company?: string; stage?: string; type?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { company: { type: 'string' }, stage: { type: 'string' }, type: { type: 'string' } },
    }));
  } catch (e) {
    out.stderr(`${(e as Error).message}\n${EXTRACT_USAGE}`);
    return 2;
  }
  const text = positionals.join(' ').trim();
  if (!text) {
    out.stderr(`give the note text to extract from\n${EXTRACT_USAGE}`);
    return 2;
  }
  const file = values.company ?? out.companyFile ?? process.env.COMPANY_CONFIG ?? 'examples/company.yaml';
  let company;
  try {
    company = loadCompany(file);
  } catch (e) {
    if (e instanceof CompanyConfigError) {
      out.stderr(e.message);
      return 2;
    }
    throw e;
  }
  const stages = company.pipeline.stages.map((s) => s.key);
  if (values.stage !== undefined && !stages.includes(values.stage)) {
    out.stderr(`unknown stage "${values.stage}"; use one of: ${stages.join(', ')}`);
    return 2;
  }
  const types = company.visits.customerTypes.map((t) => t.key);
  if (values.type !== undefined && !types.includes(values.type)) {
    out.stderr(`unknown customer type "${values.type}"; use one of: ${types.join(', ')}`);
    return 2;
  }
  const extractor = compileExtractor(company.visits);
  const result = extractor.extract(text, {
    now: out.now?.() ?? Date.now(),
    timezone: company.timezone,
    ...(values.stage !== undefined ? { stage: values.stage } : {}),
    ...(values.type !== undefined ? { customerType: values.type } : {}),
  });
  out.stdout(JSON.stringify(result, null, 2));
  return 0;
}
