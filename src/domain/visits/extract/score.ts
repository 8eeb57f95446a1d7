/**
 * Scores extractions against hand-labelled expectations: per field, micro-averaged precision,
 * recall and F1 over the items of every case (pain keys; competitor key+stance, and key alone; quantity
 * value+unit; next-action key; next-action due date; allowedInStage).
 * @module
 */
import type { Extraction } from '../extraction.ts';
import type { Stance } from '../catalogue-schema.ts';

export interface ExpectedExtraction {
  painPoints: string[];
  competitors: { key: string; stance: Stance }[];
  quantities: { value: number; unit: string }[];
  nextAction: { key: string; due?: string; allowedInStage?: boolean } | null;
}

export interface EvalCase {
  id: string;
  text: string;
  /** ISO instant the note was written (relative dates count from it). */
  now: string;
  timezone?: string;
  customerType?: string;
  stage?: string;
  expected: ExpectedExtraction;
}

export const FIELDS = ['painPoints', 'competitors', 'competitors.key', 'quantities', 'nextAction.key', 'nextAction.due', 'nextAction.allowedInStage'] as const;
export type Field = (typeof FIELDS)[number];

export interface FieldScore {
  field: Field;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface CaseMiss {
  id: string;
  field: Field;
  missing: string[];
  extra: string[];
}

function items(e: ExpectedExtraction | Extraction, field: Field): string[] {
  switch (field) {
    case 'painPoints':
      return painKeys(e);
    case 'competitors':
      return e.competitors.map((c) => `${c.key}:${c.stance}`);
    case 'competitors.key':
      return e.competitors.map((c) => c.key);
    case 'quantities':
      return e.quantities.map((q) => `${q.value} ${q.unit}`);
    case 'nextAction.key':
      return e.nextAction ? [e.nextAction.key] : [];
    case 'nextAction.due':
      return e.nextAction?.due ? [e.nextAction.due] : [];
    case 'nextAction.allowedInStage':
      return e.nextAction && e.nextAction.allowedInStage !== undefined ? [`${e.nextAction.key}:${e.nextAction.allowedInStage}`] : [];
  }
}

function painKeys(e: ExpectedExtraction | Extraction): string[] {
  return e.painPoints.map((p) => (typeof p === 'string' ? p : p.key));
}

/** Multiset difference counts. */
function compare(expected: string[], actual: string[]): { tp: number; missing: string[]; extra: string[] } {
  const left = [...actual];
  const missing: string[] = [];
  let tp = 0;
  for (const x of expected) {
    const i = left.indexOf(x);
    if (i >= 0) {
      tp++;
      left.splice(i, 1);
    } else missing.push(x);
  }
  return { tp, missing, extra: left };
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

/** Per-field scores and the misses of each case. `actual[i]` is the extraction of `cases[i]`. */
export function scoreExtractions(cases: readonly EvalCase[], actual: readonly Extraction[]): { fields: FieldScore[]; misses: CaseMiss[] } {
  const misses: CaseMiss[] = [];
  const fields = FIELDS.map((field) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    cases.forEach((c, i) => {
      const got = actual[i]!;
      let exp = field === 'painPoints' ? painKeys(c.expected) : items(c.expected, field);
      let act = field === 'painPoints' ? painKeys(got) : items(got, field);
      // allowedInStage is only scored where the case labels it.
      if (field === 'nextAction.allowedInStage' && c.expected.nextAction?.allowedInStage === undefined) {
        exp = [];
        act = [];
      }
      // A due date is scored only for the right action.
      if (field === 'nextAction.due' && got.nextAction?.key !== c.expected.nextAction?.key && !c.expected.nextAction?.due) act = [];
      const r = compare(exp, act);
      tp += r.tp;
      fp += r.extra.length;
      fn += r.missing.length;
      if (r.missing.length || r.extra.length) misses.push({ id: c.id, field, missing: r.missing, extra: r.extra });
    });
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { field, tp, fp, fn, precision, recall, f1 };
  });
  return { fields, misses };
}

/** The per-field table as aligned text. */
export function formatScores(fields: readonly FieldScore[]): string {
  const rows = fields.map((f) => `${f.field.padEnd(26)} ${String(f.tp).padStart(4)} ${String(f.fp).padStart(4)} ${String(f.fn).padStart(4)}  ${f.precision.toFixed(3)}  ${f.recall.toFixed(3)}  ${f.f1.toFixed(3)}`);
  return [`${'field'.padEnd(26)} ${'tp'.padStart(4)} ${'fp'.padStart(4)} ${'fn'.padStart(4)}  prec   recall f1`, ...rows].join('\n');
}
