/** Turns a routing decision into the lead card's one-line reason and the "为什么是我? / Why me?" lines. @module */
import type { Locale } from '../../config/company.ts';
import { t } from '../../i18n.ts';
import type { CandidateExplanation, MatchDecision, MatchedCondition, SkipReason } from './decision.ts';
import { formatCondition } from './explain-format.ts';
import { preferredText, skipText, TEXT, unassignedText } from './explain-texts.ts';

/** Skips worth a line on the card: someone who could otherwise have had the lead. */
const NOTEWORTHY = new Set<SkipReason>(['open_cap', 'daily_cap', 'time_off', 'off_duty', 'previous_owner']);
const CARD_SKIPS = 2;

type Skipped = CandidateExplanation & { reason: SkipReason };
const skippedOf = (d: MatchDecision): Skipped[] =>
  d.candidates.filter((c): c is Skipped => c.outcome === 'skipped' && c.reason !== undefined);

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The lead card's reason, addressed to the new owner.
 * @example
 * oneLineReason(decision, [{ field: 'budget', op: 'gte', expected: 500000, actual: 600000 },
 *   { field: 'industry', op: 'eq', expected: 'education', actual: 'education' }], 'zh-CN', ['技术方案'], ['技术方案'])
 * // '预算 ≥ 50万 · 教育 · 你有『技术方案』技能; 李娜已满 8/8'
 */
export function oneLineReason(
  decision: MatchDecision,
  matched: readonly MatchedCondition[],
  locale: Locale,
  ownerSkills: readonly string[],
  preferredSkills: readonly string[],
): string {
  const head: string[] = [];
  if (decision.kind === 'unassigned') head.push(t(locale, TEXT.unassigned));
  else if (decision.via === 'fallback') head.push(t(locale, TEXT.fallback));
  else {
    head.push(...matched.map((c) => formatCondition(c, locale)));
    const held = preferredSkills.filter((s) => ownerSkills.includes(s));
    if (held.length > 0) head.push(t(locale, TEXT.haveSkills, held));
    if (head.length === 0) head.push(t(locale, TEXT.rotation));
  }
  const skipped = skippedOf(decision).filter((c) => NOTEWORTHY.has(c.reason));
  const tail = skipped.slice(0, CARD_SKIPS).map((c) => skipText(c, c.reason, locale));
  if (skipped.length > CARD_SKIPS) tail.push(t(locale, TEXT.moreSkipped, skipped.length - CARD_SKIPS));
  const line = head.join(' · ') + (tail.length ? `; ${tail.join(locale === 'zh-CN' ? '、' : ', ')}` : '');
  return locale === 'en' ? capitalize(line) : line;
}

export interface ExplainContext {
  /** Shown instead of the route id when the company file gives one. */
  routeLabel?: string;
  matched: readonly MatchedCondition[];
  /** The route's tag keys the lead has. */
  matchedTags?: readonly string[];
  preferredSkills: readonly string[];
  /** The owner's name when they are not among the candidates (a fallback owner). */
  ownerName?: string;
}

/**
 * Every line behind "为什么是我? / Why me?": the route and the values that matched, how preferred
 * skills were used, each candidate (chosen, eligible, or skipped and why) and the rotation.
 */
export function fullExplanation(decision: MatchDecision, ctx: ExplainContext, locale: Locale): string[] {
  const conditions = ctx.matched.map((c) => formatCondition(c, locale, true));
  if (ctx.matchedTags?.length) conditions.push(t(locale, TEXT.tags, [...ctx.matchedTags]));
  const lines = [t(locale, TEXT.route, ctx.routeLabel ?? decision.routeId, conditions.join(' · '))];

  if (decision.kind === 'assigned' && decision.via === 'route') {
    const note = preferredText(decision.preferred, ctx.preferredSkills, decision.score, locale);
    if (note) lines.push(note);
    if (decision.nobodyOnDuty) lines.push(t(locale, TEXT.nobodyOnDuty));
  }

  const scored = decision.kind === 'assigned' && decision.via === 'route' && decision.preferred !== 'not_configured';
  if (decision.candidates.length === 0) lines.push(t(locale, TEXT.noCandidates));
  for (const c of decision.candidates) {
    if (c.outcome === 'skipped') lines.push(`✗ ${c.reason ? skipText(c, c.reason, locale, true) : c.name}`);
    else lines.push(t(locale, TEXT.eligible, c.name, c.outcome === 'chosen', t(locale, TEXT.scoreWeight, scored ? c.score : undefined, c.weight ?? 1)));
  }

  lines.push(outcomeLine(decision, ctx, locale));
  return lines;
}

function outcomeLine(decision: MatchDecision, ctx: ExplainContext, locale: Locale): string {
  if (decision.kind === 'unassigned') return unassignedText(decision.reason, locale);
  const byId = new Map(decision.candidates.map((c) => [c.personId, c]));
  const ownerName = byId.get(decision.ownerId)?.name ?? ctx.ownerName ?? decision.ownerId;
  if (decision.via === 'fallback') return t(locale, TEXT.fallbackOwner, ownerName);
  if (decision.tier.length <= 1) return t(locale, TEXT.onlyOne, ownerName);
  const tier = decision.tier.map((id) => byId.get(id));
  const showWeights = new Set(tier.map((c) => c?.weight ?? 1)).size > 1;
  const who = tier.map((c) => `${c?.name ?? '?'}${showWeights ? ` ×${c?.weight ?? 1}` : ''}`);
  return t(locale, TEXT.rotated, tier.length, who, ownerName);
}
