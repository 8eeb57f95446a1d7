/** Picks a lead's owner among a route's candidates: hard filters, preferred-skill tiers, weighted rotation. @module */
import type { CandidateExplanation, CandidateState, MatchDecision, MatchInput, PreferredOutcome, SkipReason } from './decision.ts';
import { pickSmoothWeighted } from './rotation.ts';

type Skip = Pick<CandidateExplanation, 'reason' | 'detail'> & { reason: SkipReason };

/** The first rule a candidate breaks, in the order of SKIP_REASONS, or undefined when eligible. */
function skipOf(c: CandidateState, excluded: ReadonlySet<string>, requiredSkills: readonly string[], anyoneOnDuty: boolean): Skip | undefined {
  const { person } = c;
  if (!person.active) return { reason: 'inactive' };
  if (excluded.has(person.id)) return { reason: 'previous_owner' };
  if (c.timeOff) return { reason: 'time_off' };
  if (!c.onDuty && anyoneOnDuty) return { reason: 'off_duty' };
  const missing = requiredSkills.find((s) => !person.skills.includes(s));
  if (missing !== undefined) return { reason: 'missing_skill', detail: { skill: missing } };
  const { openLeads: openCap, perDay } = person.capacity;
  if (openCap !== undefined && c.openLeads >= openCap) return { reason: 'open_cap', detail: { open: c.openLeads, cap: openCap } };
  if (perDay !== undefined && c.assignedToday >= perDay) return { reason: 'daily_cap', detail: { today: c.assignedToday, cap: perDay } };
  return undefined;
}

/**
 * Chooses the owner of one lead and explains the choice. Pure: the same input gives the same
 * decision, and the input (rotation included) is never mutated; persist `decision.rotation`.
 *
 * Skipped: deactivated, previous owners, time off, off duty, missing a required skill, at the
 * open-lead or per-day cap. Off duty only counts while someone who could take the lead is on
 * duty: a lead that arrives when nobody is (at night, on a holiday) goes to whoever is next, and
 * the decision says so (`nobodyOnDuty`). Among the rest the highest preferred-skill score wins (unless the
 * route's wait is over or nobody holds any), and smooth weighted round-robin breaks the tie.
 * With nobody eligible the lead goes to `fallbackOwnerId`, else stays unassigned.
 *
 * @example
 * const d = chooseOwner({ lead, route, candidates, exclude: [], rotation: stored });
 * if (d.kind === 'assigned') save(d.ownerId, d.rotation);
 */
export function chooseOwner(input: MatchInput): MatchDecision {
  const { route, rotation } = input;
  const excluded = new Set(input.exclude);
  const preferred = new Set(route.preferredSkills);
  // A person listed twice (in two of the caller's sources) is considered once.
  const unique = input.candidates.filter((c, i, all) => all.findIndex((o) => o.person.id === c.person.id) === i);

  const anyoneOnDuty = unique.some((c) => c.onDuty && skipOf(c, excluded, route.requiredSkills, true) === undefined);
  // No `{ ...x, more }` here: on Node 20's V8 a spread followed by more properties costs about
  // a microsecond per object, and this runs for every candidate of every lead.
  const candidates = unique.map((c): CandidateExplanation => {
    const skip = skipOf(c, excluded, route.requiredSkills, anyoneOnDuty);
    if (skip) return { personId: c.person.id, name: c.person.name, outcome: 'skipped', ...skip };
    const score = c.person.skills.filter((s) => preferred.has(s)).length;
    return { personId: c.person.id, name: c.person.name, outcome: 'eligible', score, weight: route.weights[c.person.id] ?? 1 };
  });
  const eligible = candidates.filter((c) => c.outcome === 'eligible');

  if (eligible.length === 0) {
    const base = { routeId: route.id, candidates, rotation };
    const fallback = input.fallbackOwnerId;
    if (fallback === undefined) return { kind: 'unassigned', reason: unique.length ? 'nobody_eligible' : 'no_candidates', ...base };
    if (excluded.has(fallback)) return { kind: 'unassigned', reason: 'fallback_previous_owner', ...base };
    if (unique.some((c) => c.person.id === fallback && !c.person.active)) return { kind: 'unassigned', reason: 'fallback_inactive', ...base };
    return { kind: 'assigned', via: 'fallback', ownerId: fallback, score: 0, ...base };
  }

  const top = Math.max(...eligible.map((c) => c.score ?? 0));
  const outcome: PreferredOutcome =
    preferred.size === 0 ? 'not_configured' : route.relaxPreferred ? 'relaxed_after_wait' : top === 0 ? 'relaxed_nobody_has' : 'applied';
  const tier = outcome === 'applied' ? eligible.filter((c) => c.score === top) : eligible;

  const picked = pickSmoothWeighted(rotation[route.id] ?? {}, tier.map((c) => ({ id: c.personId, weight: c.weight ?? 1 })));
  const chosen = candidates.map((c): CandidateExplanation => (c.personId === picked.chosenId ? Object.assign({}, c, { outcome: 'chosen' as const }) : c));
  return {
    kind: 'assigned',
    via: 'route',
    routeId: route.id,
    ownerId: picked.chosenId,
    score: eligible.find((c) => c.personId === picked.chosenId)?.score ?? 0,
    preferred: outcome,
    tier: tier.map((c) => c.personId),
    candidates: chosen,
    rotation: Object.assign({}, rotation, { [route.id]: picked.next }),
    ...(anyoneOnDuty || !unique.some((c) => !c.onDuty) ? {} : { nobodyOnDuty: true as const }),
  };
}
