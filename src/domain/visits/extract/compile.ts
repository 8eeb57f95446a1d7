/**
 * The offline note extractor: `compileExtractor(catalogue)` builds one lexicon over the
 * company's pain synonyms, competitor aliases, action synonyms and the cue words, once; each
 * `extract(note, opts)` then normalises the note, splits it into clauses and reads pains
 * (negation, attribution to competitors), competitors with stance (integration targets are not
 * competitors), quantities and the next action with its due date. Pure: `now` and the time zone
 * come in with the options.
 * @module
 */
import type { ActionDef, Stance, VisitsCatalogue } from '../catalogue-schema.ts';
import { allPains, painsOfType } from '../catalogue-schema.ts';
import type { ExtractedAction, ExtractedCompetitor, ExtractedPain, Extraction, ExtractOptions, Extractor, LexiconEntry } from '../extraction.ts';
import { clauseAt, splitClauses, type Clause } from './clauses.ts';
import { COMPARATIVE_PRICE, CUES, FAILURE_FREQUENCY, FAILURE_PAIN, PRICE_PAIN, SELLER_SIDE_PAINS, STANCE_RANK, type CueKey } from './cues.ts';
import { findDates, type DateHit } from './dates.ts';
import { compileLexicon, insideLonger, longestNonOverlapping, type Hit, type Phrase } from './lexicon.ts';
import { isNegated } from './negation.ts';
import { normalize } from './normalize.ts';
import { findQuantities } from './quantities.ts';

type Kind = 'pain' | 'competitor' | 'action' | 'cue';
type KindHit = Hit<Kind>;

const OURS = /我们|我方|咱们|我司|\b(?:we|us|our|ours)\b/;
/** A clause that names its own subject (us, the customer) does not continue the previous clause's. */
const OWN_SUBJECT = /我们|我方|咱们|我司|客户|院方|校方|医院|学校|老板|主任|院长|校长|店长|经销商|\b(?:we|us|our|they|the customer|the client)\b/;
const COMPARE_BEFORE = /(?:比|相比|比起|than|compared (?:to|with)|versus|vs\.?)\s*$/;
const INTEGRATION_WINDOW = 12;
/** Action phrases that read as an order when they open a clause (Send a proposal. 出方案。). */
const IMPERATIVE = /^(?:send|bring|sign|book|arrange|schedule|get|share|chase|follow|check|compare|review|meet|出|发|提交|做|安排|约|签|催|跟进|回访|预约|推动|带)/;
/** A clause about what could happen (万一设备停机) states no pain. */
const HYPOTHETICAL = /万一|如果|(?<![主还就只正不需重总])要是|假如|假设|一旦|\b(?:if|in case|should)\b/;
/** A next clause that waves the previous one off (…, but that's not an issue / 这倒不是问题). */
const DISMISS_PREVIOUS = /^(?:but |however |though )?(?:that|this|it)(?:'s| is| was)? (?:not|never|no longer)(?: really)? (?:an? |the )?(?:issue|problem|concern)|^(?:但是?|不过|可是)?(?:这|这个|那|这点|这方面)(?:倒|也|都|其实)*(?:不是问题|没关系|无所谓|问题不大|不要紧)/;
/** Between coordinated competitors (华为和锐捷都…, Siemens and United Imaging are…). */
const CONNECTORS = /^(?:\s|和|与|及|跟|、|以及|还有|或|或者|也|都|还|的|and|or|,|&)*$/;

export function compileExtractor(catalogue: VisitsCatalogue, extra: readonly LexiconEntry[] = []): Extractor {
  const phrases: Phrase<Kind>[] = [];
  for (const p of allPains(catalogue)) {
    for (const s of [...p.synonyms, p.label.zh, p.label.en]) phrases.push({ kind: 'pain', key: p.key, phrase: s });
  }
  for (const c of catalogue.competitors) for (const s of [c.name, ...c.aliases]) phrases.push({ kind: 'competitor', key: c.key, phrase: s });
  for (const a of catalogue.actions) for (const s of [...a.synonyms, a.label.zh, a.label.en]) phrases.push({ kind: 'action', key: a.key, phrase: s });
  for (const e of extra) phrases.push({ kind: e.kind, key: e.key, phrase: e.phrase });
  for (const [key, list] of Object.entries(CUES)) for (const s of list) phrases.push({ kind: 'cue', key, phrase: s });
  const lexicon = compileLexicon(phrases);

  // Which pain phrases each customer type may use (type-specific synonyms only for that type).
  const extraPain = extra.filter((e) => e.kind === 'pain');
  const typePhrases = new Map<string, Map<string, Set<string>>>();
  for (const t of catalogue.customerTypes) {
    const byKey = new Map<string, Set<string>>();
    for (const p of painsOfType(catalogue, t.key)) {
      const set = new Set([...p.synonyms, p.label.zh, p.label.en].map((s) => normalize(s.trim()).replace(/\s+/g, ' ')));
      for (const e of extraPain) if (e.key === p.key) set.add(normalize(e.phrase.trim()).replace(/\s+/g, ' '));
      byKey.set(p.key, set);
    }
    typePhrases.set(t.key, byKey);
  }
  const actions = new Map<string, ActionDef>(catalogue.actions.map((a) => [a.key, a]));

  return {
    extract(text: string, opts: ExtractOptions): Extraction {
      const norm = normalize(text);
      const clauses = splitClauses(norm);
      const hits = lexicon.scan(norm);
      const allowed = opts.customerType !== undefined ? typePhrases.get(opts.customerType) : undefined;
      const painHits = longestNonOverlapping(
        hits.filter((h) => h.kind === 'pain' && (!allowed || allowed.get(h.key)?.has(h.phrase))),
      );
      const competitorHits = longestNonOverlapping(hits.filter((h) => h.kind === 'competitor'));
      const cueHits = longestNonOverlapping(hits.filter((h) => h.kind === 'cue'));
      const actionHits = longestNonOverlapping(hits.filter((h) => h.kind === 'action'));
      const dates = findDates(norm, opts.now, opts.timezone);
      const quantities = findQuantities(norm, text, dates);
      const ctx: Ctx = { norm, text, clauses, cueHits, painHits, actionHits };

      const competitors = readCompetitors(ctx, competitorHits);
      const realCompetitorHits = competitors.hits;
      const painPoints = readPains(ctx, realCompetitorHits, allowed ? new Set(allowed.keys()) : undefined);
      const nextAction = readAction(ctx, realCompetitorHits, dates, actions, opts.stage);
      return { painPoints, competitors: competitors.list, quantities, nextAction };
    },
  };
}

interface Ctx {
  norm: string;
  text: string;
  clauses: Clause[];
  cueHits: KindHit[];
  painHits: KindHit[];
  actionHits: KindHit[];
}

const cuesIn = (ctx: Ctx, c: Clause, key: CueKey) => ctx.cueHits.filter((h) => h.key === key && h.start >= c.start && h.end <= c.end);

function readCompetitors(ctx: Ctx, competitorHits: KindHit[]): { list: ExtractedCompetitor[]; hits: KindHit[] } {
  const byKey = new Map<string, ExtractedCompetitor>();
  const kept: KindHit[] = [];
  for (const h of competitorHits) {
    const clause = clauseAt(ctx.clauses, h.start);
    const stanceCues = (['ruled_out', 'incumbent', 'evaluating'] as const).flatMap((k) =>
      cuesIn(ctx, clause, k).filter((c) => !isNegated(ctx.norm, clause, c.start, c.end, [...ctx.painHits, h], false) || k === 'ruled_out').map((c) => ({ ...c, stance: k })),
    );
    // An existing system to integrate with (对接金蝶K3, integrate with SAP) is not a competitor.
    const integration = cuesIn(ctx, clause, 'integration').some(
      (c) => (c.end <= h.start && h.start - c.end <= INTEGRATION_WINDOW) || (c.start >= h.end && c.start - h.end <= 4),
    );
    // 设备是西门子的 / 系统是卫宁的: equipment said to be the vendor's is the vendor's installed base.
    const owned = /是\s*$/.test(ctx.norm.slice(Math.max(clause.start, h.start - 2), h.start)) && /^\s*的/.test(ctx.norm.slice(h.end, clause.end));
    if (owned && !integration) stanceCues.push({ ...h, key: 'incumbent', stance: 'incumbent' });
    if (integration && stanceCues.filter((c) => c.stance !== 'evaluating').length === 0) continue;
    kept.push(h);
    let stance: Stance = 'mentioned';
    if (stanceCues.length) {
      // Competitors in the same clause each take the cue nearest to them.
      const others = ctxCompetitorsIn(competitorHits, clause).filter((o) => o.key !== h.key);
      const dist = (c: { start: number; end: number }) => (c.end <= h.start ? h.start - c.end : c.start - h.end);
      const between = (c: { start: number; end: number }) => {
        const [a, b] = c.end <= h.start ? [c.end, h.start] : [h.end, c.start];
        let gap = ctx.norm.slice(a, b);
        for (const o of others) if (o.start >= a && o.end <= b) gap = gap.slice(0, o.start - a) + ' '.repeat(o.end - o.start) + gap.slice(o.end - a);
        return gap;
      };
      // A cue belongs to the nearest competitor, or to a list of them joined by 和 / and.
      const usable = stanceCues.filter(
        (c) => others.every((o) => dist(c) <= (c.end <= o.start ? o.start - c.end : c.start - o.end)) || CONNECTORS.test(between(c).replace(/\s*(?:are|is|were|was|still|both|all|[两三四五六几]家|[两三四五六几]个|都|还|也|在)\s*/g, ' ')),
      );
      const pool = usable.length ? usable : others.length ? [] : stanceCues;
      pool.sort((a, b) => dist(a) - dist(b) || STANCE_RANK[b.stance] - STANCE_RANK[a.stance]);
      if (pool[0]) stance = pool[0].stance;
      // Ruling out ends an evaluation: 之前考虑过锐捷后来排除了 — in a clause about one competitor it wins.
      if (!others.length && pool.some((c) => c.stance === 'ruled_out' && c.start > h.start)) stance = 'ruled_out';
    }
    // …and so it does in the following subject-less clauses of the sentence (之前考虑过锐捷，后来排除了);
    // a clause with no cue of its own takes the first cue of those clauses (迈瑞在推，已经送了样品).
    if (stance !== 'ruled_out' && ctxCompetitorsIn(competitorHits, clause).every((o) => o.key === h.key)) {
      for (const next of continuation(ctx, clause, competitorHits)) {
        if (cuesIn(ctx, next, 'ruled_out').length) stance = 'ruled_out';
        else if (stance === 'mentioned') {
          const cue = (['incumbent', 'evaluating'] as const).find((k) => cuesIn(ctx, next, k).length);
          if (cue) stance = cue;
        }
      }
    }
    const prev = byKey.get(h.key);
    const evidence = ctx.text.slice(clause.start, clause.end);
    if (!prev) byKey.set(h.key, { key: h.key, stance, evidence });
    else if (STANCE_RANK[stance] > STANCE_RANK[prev.stance]) byKey.set(h.key, { key: h.key, stance, evidence });
  }
  return { list: [...byKey.values()], hits: kept };
}

const ctxCompetitorsIn = (hits: KindHit[], c: Clause) => hits.filter((h) => h.start >= c.start && h.end <= c.end);

/** The clauses after `clause` in its sentence that name no competitor and no subject of their own. */
function continuation(ctx: Ctx, clause: Clause, competitorHits: KindHit[]): Clause[] {
  const out: Clause[] = [];
  for (let i = ctx.clauses.indexOf(clause) + 1; i < ctx.clauses.length; i++) {
    const c = ctx.clauses[i]!;
    if (c.sentence !== clause.sentence || ctxCompetitorsIn(competitorHits, c).length) break;
    if (OWN_SUBJECT.test(ctx.norm.slice(c.start, c.end))) break;
    out.push(c);
  }
  return out;
}

/** Whether the phrase at `h` is said of a competitor: a competitor (or "their", 对方) before it in the clause, not compared with us. */
function aboutCompetitor(ctx: Ctx, h: { start: number; end: number }, competitorHits: KindHit[], clause: Clause): boolean {
  const before = ctx.norm.slice(clause.start, h.start);
  if (OURS.test(before)) return false;
  const named = competitorHits.some((c) => c.end <= h.start && c.start >= clause.start && !COMPARE_BEFORE.test(ctx.norm.slice(clause.start, c.start)));
  if (named) return true;
  // A subject-less clause continues the previous one's competitor (迈瑞报价很低，交期也只要两周).
  const prevIdx = ctx.clauses.indexOf(clause) - 1;
  for (let i = prevIdx; i >= 0; i--) {
    const p = ctx.clauses[i]!;
    if (p.sentence !== clause.sentence) break;
    if (!continuation(ctx, p, competitorHits).includes(clause)) break;
    if (ctxCompetitorsIn(competitorHits, p).length) return !OURS.test(ctx.norm.slice(p.start, p.end));
  }
  const mentionedEarlier = competitorHits.some((c) => c.start < clause.start);
  return mentionedEarlier && cuesIn(ctx, clause, 'pronoun').some((p) => p.end <= h.start);
}

function readPains(ctx: Ctx, competitorHits: KindHit[], allowedKeys: Set<string> | undefined): ExtractedPain[] {
  const out = new Map<string, ExtractedPain>();
  const quantitySpans = [...ctx.norm.matchAll(/[0-9零一二两俩三四五六七八九十百千万]+(?:\.\d+)?\s?(?:多|余)?\s?(?:个)?(?:次|回|遍|天|小时|周|个月|年|台|套|家|箱|%|成|times|days?|hours?|weeks?|months?)/g)];
  const candidates: { key: string; start: number; end: number }[] = [...ctx.painHits];
  if (!allowedKeys || allowedKeys.has(PRICE_PAIN)) {
    for (const m of ctx.norm.matchAll(COMPARATIVE_PRICE)) candidates.push({ key: PRICE_PAIN, start: m.index, end: m.index + m[0].length });
  }
  if (!allowedKeys || allowedKeys.has(FAILURE_PAIN)) {
    for (const m of ctx.norm.matchAll(FAILURE_FREQUENCY)) candidates.push({ key: FAILURE_PAIN, start: m.index, end: m.index + m[0].length });
  }
  candidates.sort((a, b) => a.start - b.start);
  for (const h of candidates) {
    if (out.has(h.key)) continue;
    const clause = clauseAt(ctx.clauses, h.start);
    if (isNegated(ctx.norm, clause, h.start, h.end, [...ctx.painHits, ...ctx.actionHits])) continue;
    if (HYPOTHETICAL.test(ctx.norm.slice(clause.start, h.start))) continue;
    const next = ctx.clauses[ctx.clauses.indexOf(clause) + 1];
    if (next && next.sentence === clause.sentence && DISMISS_PREVIOUS.test(ctx.norm.slice(next.start, next.end))) continue;
    if (SELLER_SIDE_PAINS.has(h.key) && aboutCompetitor(ctx, h, competitorHits, clause)) continue;
    // Evidence: the phrase, stretched over a count right after it (宕机五次, broke down five times).
    let end = h.end;
    const q = quantitySpans.find((m) => m.index >= h.end && m.index - h.end <= 2 && m.index + m[0].length <= clause.end);
    if (q) end = q.index + q[0].length;
    out.set(h.key, { key: h.key, evidence: ctx.text.slice(h.start, end) });
  }
  return [...out.values()];
}

function readAction(ctx: Ctx, competitorHits: KindHit[], dates: DateHit[], actions: Map<string, ActionDef>, stage: string | undefined): ExtractedAction | null {
  const blockers = [...ctx.painHits, ...ctx.cueHits.filter((c) => c.key !== 'future' && c.key !== 'past' && c.key !== 'ours')];
  const candidates: { hit: KindHit; clause: Clause; score: number; date?: DateHit }[] = [];
  for (const h of ctx.actionHits) {
    if (insideLonger(h, blockers)) continue;
    const clause = clauseAt(ctx.clauses, h.start);
    if (isNegated(ctx.norm, clause, h.start, h.end, [...ctx.painHits, ...competitorHits])) continue;
    if (aboutCompetitor(ctx, h, competitorHits, clause)) continue;
    const sentenceDates = dates.filter((d) => clauseAt(ctx.clauses, d.start).sentence === clause.sentence);
    const sameClause = sentenceDates.filter((d) => d.start >= clause.start && d.end <= clause.end);
    const dist = (d: DateHit) => Math.abs((d.start + d.end) / 2 - (h.start + h.end) / 2);
    const date = [...(sameClause.length ? sameClause : sentenceDates)].sort((a, b) => dist(a) - dist(b))[0];
    // An imperative at the clause start (Send a quote, 出方案) is a to-do.
    const imperative = h.start - clause.start <= 1 && IMPERATIVE.test(h.phrase);
    const sentenceStart = ctx.clauses.find((c) => c.sentence === clause.sentence)?.start ?? clause.start;
    const future = cuesIn(ctx, clause, 'future').length > 0 || imperative || ctx.cueHits.some((c) => c.key === 'future' && c.start >= sentenceStart && c.end <= h.start);
    const past = cuesIn(ctx, clause, 'past').length > 0 && !future && !date;
    if (past) continue;
    // Score: a due date in the clause beats one in the sentence beats a future cue beats nothing.
    const score = sameClause.length ? 3 : date ? 2 : future ? 1 : 0;
    if (score === 0) continue; // a mention without a date or a future cue is not a to-do
    candidates.push({ hit: h, clause, score, date });
  }
  if (!candidates.length) return null;
  // The highest score; among dated ones the earliest due; otherwise the last.
  const best = candidates.reduce((a, b) => {
    if (b.score !== a.score) return b.score > a.score ? b : a;
    if (a.date && b.date && a.date.date !== b.date.date) return b.date.date < a.date.date ? b : a;
    return b;
  });
  const def = actions.get(best.hit.key)!;
  return {
    key: def.key,
    ...(best.date ? { due: best.date.date } : {}),
    allowedInStage: stage === undefined ? true : def.stages.includes(stage),
    evidence: ctx.text.slice(best.hit.start, best.hit.end),
  };
}
