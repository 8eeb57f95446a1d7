/** The matcher's input and its recorded decision: who was considered, who was skipped and why. @module */

export const SKIP_REASONS = ['inactive', 'previous_owner', 'time_off', 'off_duty', 'missing_skill', 'open_cap', 'daily_cap'] as const;
/** Why a candidate could not take the lead, in the order the matcher checks. */
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Smooth weighted round-robin weights per route and person; plain JSON, persisted by the caller. */
export type RotationState = Record<string, Record<string, number>>;

export interface CandidatePerson {
  id: string;
  name: string;
  skills: readonly string[];
  active: boolean;
  capacity: { openLeads?: number; perDay?: number };
}

export interface CandidateState {
  person: CandidatePerson;
  openLeads: number;
  assignedToday: number;
  /**
   * Inside the person's working hours on a company workday, computed by the caller. Off-duty
   * people are skipped only while someone eligible is on duty.
   */
  onDuty: boolean;
  /** Personal time off. */
  timeOff: boolean;
}

export interface MatchRoute {
  id: string;
  label?: string;
  requiredSkills: readonly string[];
  preferredSkills: readonly string[];
  /** Person id → weight (> 0); people not listed weigh 1. */
  weights: Readonly<Record<string, number>>;
  /** The wait (`relaxPreferredAfter`) is over: preferred skills no longer narrow the choice. */
  relaxPreferred: boolean;
}

export interface MatchInput {
  lead: { id: string; tags: readonly string[] };
  route: MatchRoute;
  candidates: readonly CandidateState[];
  /** Previous owners: a reassigned lead never goes back to them. */
  exclude: readonly string[];
  rotation: RotationState;
  /** An active person; used, regardless of caps and hours, when no candidate is eligible. */
  fallbackOwnerId?: string;
}

export interface CandidateExplanation {
  personId: string;
  name: string;
  outcome: 'chosen' | 'eligible' | 'skipped';
  reason?: SkipReason;
  /** missing_skill → skill; open_cap → open/cap; daily_cap → today/cap. */
  detail?: { skill?: string; open?: number; today?: number; cap?: number };
  /** Preferred skills held (eligible and chosen only). */
  score?: number;
  /** Rotation weight (eligible and chosen only). */
  weight?: number;
}

/**
 * How preferred skills shaped the choice: `applied` (only the best-scoring tier rotated),
 * `relaxed_nobody_has` (no eligible person holds any, so all eligible rotated),
 * `relaxed_after_wait` (the route's wait is over, so all eligible rotated), `not_configured`.
 */
export type PreferredOutcome = 'not_configured' | 'applied' | 'relaxed_nobody_has' | 'relaxed_after_wait';

/** `no_candidates`: the route names nobody; otherwise nobody was eligible and the fallback was missing or unusable. */
export type UnassignedReason = 'no_candidates' | 'nobody_eligible' | 'fallback_previous_owner' | 'fallback_inactive';

export type MatchDecision =
  | {
      kind: 'assigned';
      via: 'route';
      routeId: string;
      ownerId: string;
      score: number;
      preferred: PreferredOutcome;
      /** Person ids of the equals the rotation chose among, in candidate order. */
      tier: string[];
      candidates: CandidateExplanation[];
      rotation: RotationState;
      /** Nobody who could take the lead was on duty, so working hours did not narrow the choice. */
      nobodyOnDuty?: true;
    }
  | { kind: 'assigned'; via: 'fallback'; routeId: string; ownerId: string; score: 0; candidates: CandidateExplanation[]; rotation: RotationState }
  | { kind: 'unassigned'; routeId: string; reason: UnassignedReason; candidates: CandidateExplanation[]; rotation: RotationState };

/** A condition of the matched route's rule with the lead's value: the rule engine's `Match` (src/domain/rules). */
export interface MatchedCondition {
  field: string;
  op: string;
  expected: unknown;
  actual: unknown;
  /** The condition held because it sat under a `not`. */
  negated?: boolean;
}
