/**
 * One Aho-Corasick automaton over every phrase the extractor looks for (pain synonyms,
 * competitor aliases, action synonyms, cue words), compiled once. Phrases and notes are
 * normalised the same way; phrases that start or end with a Latin letter or digit only match at
 * Latin word boundaries (an optional plural "s" is allowed after a final letter).
 * @module
 */
import AhoCorasick from 'modern-ahocorasick';
import { isLatinWordChar, normalize } from './normalize.ts';

export interface Phrase<K extends string = string> {
  kind: K;
  key: string;
  /** Normalised phrase. */
  phrase: string;
}

export interface Hit<K extends string = string> extends Phrase<K> {
  start: number;
  end: number;
}

export interface Lexicon<K extends string = string> {
  /** Every hit in the normalised text, boundary-checked, sorted by start then longest first. */
  scan(norm: string): Hit<K>[];
}

/** Degree adverbs Chinese puts between a subject and its predicate (发货慢 → 发货太慢). */
const ZH_DEGREE = ['太', '很', '挺', '比较', '特别', '非常', '有点', '有些', '偏', '过于', '越来越', '也', '都', '还', '又', '实在', '相当', '超'];
/** One-character predicates of pain phrases (慢 长 难 …) that take a degree adverb. */
const ZH_PREDICATE = /^[\u4e00-\u9fff]{2,}[慢长难高贵多差低紧少大]$/;
/** Measure words Chinese puts inside a verb-object action (出方案 → 出个方案, 报价 → 报个价). */
const ZH_VERB = /^(?:出|发|做|报|签|催|约|见)(?=[\u4e00-\u9fff]{1,3}$)/;

/**
 * Spelling variants a phrase also matches under: degree adverbs before a one-character pain
 * predicate, and 个/份/一个/一份 inside a short verb-object action. `data.phrase` stays the
 * catalogue phrase.
 */
export function phraseVariants(phrase: string, kind: string): string[] {
  const out = [phrase];
  if (kind === 'pain' && ZH_PREDICATE.test(phrase)) {
    const head = phrase.slice(0, -1);
    const last = phrase.slice(-1);
    for (const d of ZH_DEGREE) out.push(head + d + last);
  }
  // English verb forms: "breaks down" also matches "break down", "keeps failing" "keep failing".
  const en = /^([a-z]+)s( .+)$/.exec(phrase);
  if (en && en[1]!.length > 2) out.push(en[1]! + en[2]!);
  if (kind === 'action' && ZH_VERB.test(phrase)) {
    for (const m of ['个', '份', '一个', '一份', '一下']) out.push(phrase[0] + m + phrase.slice(1));
  }
  return out;
}

/** Compiles phrases (any script, any case) into a lexicon; duplicates are kept once. */
export function compileLexicon<K extends string>(phrases: readonly Phrase<K>[]): Lexicon<K> {
  const seen = new Set<string>();
  const patterns: { pattern: string; data: Phrase<K> }[] = [];
  for (const p of phrases) {
    const phrase = normalize(p.phrase.trim()).replace(/\s+/g, ' ');
    if (!phrase) continue;
    for (const variant of phraseVariants(phrase, p.kind)) {
      const id = `${p.kind}\u0000${p.key}\u0000${variant}`;
      if (seen.has(id)) continue;
      seen.add(id);
      patterns.push({ pattern: variant, data: { kind: p.kind, key: p.key, phrase } });
    }
  }
  const matcher = new AhoCorasick<Phrase<K>>(patterns);
  return {
    scan(norm) {
      const hits: Hit<K>[] = [];
      for (const m of matcher.iterate(norm)) {
        const data = m.data!;
        let end = m.end;
        const first = data.phrase[0];
        const last = data.phrase[data.phrase.length - 1];
        if (isLatinWordChar(first) && isLatinWordChar(norm[m.start - 1])) continue;
        if (isLatinWordChar(last)) {
          if (/[a-z]/.test(last!) && norm[end] === 's' && !isLatinWordChar(norm[end + 1])) end++;
          else if (isLatinWordChar(norm[end])) continue;
        }
        hits.push({ ...data, start: m.start, end });
      }
      hits.sort((a, b) => a.start - b.start || b.end - a.end);
      return hits;
    },
  };
}

/** Hits of one kind with overlaps removed: the longest wins, then the earliest. */
export function longestNonOverlapping<H extends { start: number; end: number }>(hits: readonly H[]): H[] {
  const byLength = [...hits].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: H[] = [];
  for (const h of byLength) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  return kept.sort((a, b) => a.start - b.start);
}

/** Whether span [start, end) overlaps a longer hit in `others`. */
export function insideLonger(h: { start: number; end: number }, others: readonly { start: number; end: number }[]): boolean {
  return others.some((o) => o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start);
}
