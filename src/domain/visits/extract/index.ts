/** The offline note extractor (see compile.ts) and its evaluation scorer. @module */
export { compileExtractor } from './compile.ts';
export { scoreExtractions, type FieldScore, type EvalCase } from './score.ts';
