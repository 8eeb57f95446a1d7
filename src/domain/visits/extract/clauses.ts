/**
 * Clause splitting: negation, stance cues and attribution are scoped to one clause. Boundaries
 * are Chinese and Latin punctuation (not the enumeration comma 、, which joins a list) (a "." or "," only when it is not inside a number), line
 * breaks, and contrastive connectives (但是 不过 可是 然而 / but however although though).
 * @module
 */

export interface Clause {
  start: number;
  end: number;
  /** Index of the sentence (split on 。！？!? . ; newlines) the clause belongs to. */
  sentence: number;
}

const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '\n', '；', ';']);
const CLAUSE_END = new Set(['，', '：', ':', '（', '）', '(', ')', '“', '”', '"', '|', '｜', '—', '–', '【', '】']);
/** A "." after these ends no sentence (Dr. Wang, Mr. Liu, e.g.). */
const ABBREVIATION = /(?:^|[^a-z])(?:dr|mr|mrs|ms|prof|st|no|vs|etc|e\.g|i\.e|approx|dept|inc|co|ltd)$/;
const ZH_CONNECTIVES = ['但是', '不过', '可是', '然而', '只是'];
const EN_CONNECTIVES = /^(?:but|however|although|though|whereas|yet)\b/;

/** Clauses of a normalised note, in order, without empty ones. */
export function splitClauses(norm: string): Clause[] {
  const clauses: Clause[] = [];
  let start = 0;
  let sentence = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(norm[s]!)) s++;
    while (e > s && /\s/.test(norm[e - 1]!)) e--;
    if (e > s) clauses.push({ start: s, end: e, sentence });
  };
  for (let i = 0; i < norm.length; i++) {
    const ch = norm[i]!;
    const prev = norm[i - 1];
    const next = norm[i + 1];
    const inNumber = /[0-9]/.test(prev ?? '') && /[0-9]/.test(next ?? '');
    const abbreviation = ch === '.' && ABBREVIATION.test(norm.slice(Math.max(0, i - 5), i));
    if (SENTENCE_END.has(ch) || (ch === '.' && !inNumber && !abbreviation && (next === undefined || /\s/.test(next)))) {
      push(i);
      start = i + 1;
      sentence++;
      continue;
    }
    if (CLAUSE_END.has(ch) || (ch === ',' && !inNumber)) {
      push(i);
      start = i + 1;
      continue;
    }
    // A connective opens a new clause (it stays at the clause's start).
    if (i > start && ZH_CONNECTIVES.some((w) => norm.startsWith(w, i)) && norm[i - 1] !== '只' && norm[i - 1] !== '不') {
      push(i);
      start = i;
      continue;
    }
    if (i > start && /\s/.test(prev ?? '') && EN_CONNECTIVES.test(norm.slice(i, i + 9))) {
      push(i);
      start = i;
    }
  }
  push(norm.length);
  return clauses;
}

/** The clause holding offset `at` (the last clause when past the end). */
export function clauseAt(clauses: readonly Clause[], at: number): Clause {
  for (const c of clauses) if (at < c.end) return c;
  return clauses[clauses.length - 1] ?? { start: 0, end: 0, sentence: 0 };
}
