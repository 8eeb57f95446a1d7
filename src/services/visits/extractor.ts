/** The note extractor the services use: the one built at start (with accepted synonyms), else one compiled from the company file. */
import type { Company } from '../../config/company.ts';
import { compileExtractor } from '../../domain/visits/extract/index.ts';
import type { Extractor } from '../../domain/visits/extraction.ts';
import type { ServiceDeps } from '../deps.ts';

const compiled = new WeakMap<Company, Extractor>();

export function extractorOf(deps: Pick<ServiceDeps, 'company' | 'extractor'>): Extractor {
  if (deps.extractor) return deps.extractor;
  let e = compiled.get(deps.company);
  if (!e) {
    e = compileExtractor(deps.company.visits);
    compiled.set(deps.company, e);
  }
  return e;
}
