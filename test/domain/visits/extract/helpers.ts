/** Shared fixtures: the demo company's extractor and a fixed `now` (Wed 2026-03-11 10:00 Asia/Shanghai). */
import { loadCompany } from '../../../../src/config/company.ts';
import { compileExtractor } from '../../../../src/domain/visits/extract/compile.ts';
import type { ExtractOptions } from '../../../../src/domain/visits/extraction.ts';

export const company = loadCompany(new URL('../../../../examples/company.yaml', import.meta.url).pathname);
export const extractor = compileExtractor(company.visits);
export const NOW = Date.parse('2026-03-11T02:00:00Z');
export const opts = (more: Partial<ExtractOptions> = {}): ExtractOptions => ({ now: NOW, timezone: 'Asia/Shanghai', ...more });
export const extract = (text: string, more: Partial<ExtractOptions> = {}) => extractor.extract(text, opts(more));
export const painKeys = (text: string, more: Partial<ExtractOptions> = {}) => extract(text, more).painPoints.map((p) => p.key);
