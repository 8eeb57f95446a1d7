/**
 * Lead metrics, pure: the 72-hour first-touch rate, median time to accept and to first touch,
 * and who breached or lost leads, computed from lead owner histories and a `now`.
 *
 * Definitions (the README quotes this block):
 * - **Window.** A report covers the leads *first assigned* in [now − days, now] (default 30
 *   days). Every figure below is about those leads, whenever its event happened.
 * - **72-hour first-touch rate.** Among the window's leads whose 72 hours have fully elapsed
 *   (first_assigned_at + 72 h ≤ now), the share whose first touch (first_touch_at) came within
 *   72 wall-clock hours of the FIRST assignment. The clock starts at the first assignment and is
 *   not reset when the lead changes hands: a declined, transferred or reclaimed lead counts
 *   against the team that first got it, not against the new rep. Leads younger than 72 h are
 *   *pending*: reported separately, in neither numerator nor denominator.
 * - **72-hour breach.** An elapsed lead without a first touch within its 72 hours. It counts
 *   against the team of the first assignment (lead_assignments seq 1), and against every rep
 *   who held the lead during those 72 hours (each held it without touching it; a rep who only
 *   got it after the 72 hours is not blamed).
 * - **Median time to accept.** From the start of the accepting owner's assignment to
 *   accepted_at, in wall-clock minutes, over the window's leads accepted by their current owner
 *   (a first touch also accepts; a reassignment clears an earlier acceptance).
 * - **Median time to first touch.** first_assigned_at → first_touch_at in wall-clock minutes,
 *   over the window's touched leads.
 * - **SLA level-1 breach.** An urgent reminder actually sent: an `sla.remind` timer the
 *   scheduler completed (status `done`, `fired_at` set). Accept, touch and reassignment cancel
 *   the timer, even in flight, so a cancelled one never fired. It counts against the owner and
 *   team of the assignment it was set for.
 * - **Reclaims / declines.** Assignments that ended `reclaimed` / `declined` (SLA level 2 and
 *   不是我的), against that assignment's owner and team.
 * - **Team view.** For one team: rate, pending and medians over the leads first assigned to
 *   that team; reminders, reclaims, declines and rep figures from assignments held for it.
 * @module
 */
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../sla/zoned-time.ts';

export const FIRST_TOUCH_LIMIT_MS = 72 * HOUR_MS;
export const DEFAULT_METRICS_DAYS = 30;

/** One owner of a lead (a lead_assignments row). */
export interface AssignmentSpan {
  seq: number;
  ownerId: string;
  teamId: string | null;
  assignedAt: number;
  endedAt: number | null;
  endReason: 'declined' | 'transferred' | 'reclaimed' | null;
}

/** An `sla.remind` timer of one assignment (`seq`). */
export interface ReminderTimer {
  seq: number;
  status: 'pending' | 'claimed' | 'done' | 'cancelled';
  firedAt: number | null;
}

export interface LeadHistory {
  id: string;
  firstAssignedAt: number;
  acceptedAt: number | null;
  firstTouchAt: number | null;
  assignments: readonly AssignmentSpan[];
  reminders: readonly ReminderTimer[];
}

export interface MetricsScope {
  now: number;
  /** Start of the window (by first assignment), inclusive. */
  from: number;
  /** One team's view; undefined for the whole company. */
  team?: string;
  /** Team of an assignment recorded without one (fallback owner, transfer to a teamless person). */
  fallbackTeam?: (ownerId: string) => string | null | undefined;
}

export interface GroupMetrics {
  leads: number;
  /** Leads whose 72 hours have elapsed: touched + breached. */
  eligible: number;
  touched: number;
  breached: number;
  pending: number;
  /** touched / eligible; null when nothing has elapsed yet. */
  rate: number | null;
  medianAcceptMinutes: number | null;
  medianFirstTouchMinutes: number | null;
  reminders: number;
  reclaims: number;
  declines: number;
}

export interface TeamMetrics extends GroupMetrics {
  teamId: string | null;
}

export interface RepMetrics {
  personId: string;
  /** Assignments held. */
  held: number;
  breaches72h: number;
  reminders: number;
  reclaims: number;
  declines: number;
}

export interface LeadMetrics {
  from: number;
  now: number;
  team: string | undefined;
  summary: GroupMetrics;
  /** Worst first. */
  teams: TeamMetrics[];
  /** Worst first; every rep who held a lead in scope. */
  reps: RepMetrics[];
}

/** The window of the last `days` days up to `now`. */
export function metricsWindow(now: number, days: number = DEFAULT_METRICS_DAYS): { from: number; now: number } {
  return { from: now - days * DAY_MS, now };
}

export type FirstTouchOutcome = 'touched' | 'breached' | 'pending';

export function firstTouchOutcome(lead: Pick<LeadHistory, 'firstAssignedAt' | 'firstTouchAt'>, now: number): FirstTouchOutcome {
  const deadline = lead.firstAssignedAt + FIRST_TOUCH_LIMIT_MS;
  if (deadline > now) return 'pending';
  return lead.firstTouchAt !== null && lead.firstTouchAt <= deadline ? 'touched' : 'breached';
}

/**
 * Whether a reminder was sent: completed by the scheduler. The guards reject rows that
 * contradict cancel-on-stop (unknown assignment, or it ended or the lead was touched before
 * the timer completed), since the handler would have found the step moot.
 */
export function reminderFired(lead: Pick<LeadHistory, 'assignments' | 'firstTouchAt'>, r: ReminderTimer): boolean {
  if (r.status !== 'done' || r.firedAt === null) return false;
  const a = lead.assignments.find((x) => x.seq === r.seq);
  if (!a) return false;
  return (a.endedAt === null || a.endedAt >= r.firedAt) && (lead.firstTouchAt === null || lead.firstTouchAt >= r.firedAt);
}

/** Middle value (mean of the two middles for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Minutes from the accepting owner's assignment to acceptance, if the current owner accepted. */
function acceptMinutes(lead: LeadHistory, sorted: readonly AssignmentSpan[]): number | null {
  if (lead.acceptedAt === null) return null;
  const accepted = lead.acceptedAt;
  const start = sorted.filter((a) => a.assignedAt <= accepted).at(-1)?.assignedAt ?? lead.firstAssignedAt;
  return (accepted - start) / MINUTE_MS;
}

interface Acc {
  leads: number;
  touched: number;
  breached: number;
  pending: number;
  accept: number[];
  touch: number[];
  reminders: number;
  reclaims: number;
  declines: number;
}

const newAcc = (): Acc => ({ leads: 0, touched: 0, breached: 0, pending: 0, accept: [], touch: [], reminders: 0, reclaims: 0, declines: 0 });

function finish(a: Acc): GroupMetrics {
  const eligible = a.touched + a.breached;
  return {
    leads: a.leads,
    eligible,
    touched: a.touched,
    breached: a.breached,
    pending: a.pending,
    rate: eligible ? a.touched / eligible : null,
    medianAcceptMinutes: median(a.accept),
    medianFirstTouchMinutes: median(a.touch),
    reminders: a.reminders,
    reclaims: a.reclaims,
    declines: a.declines,
  };
}

type Trouble = Pick<RepMetrics, 'reclaims' | 'reminders' | 'declines'> & { breaches: number };

/** Worst first: 72-hour breaches, then reclaims, reminders, declines. */
function worse(a: Trouble, b: Trouble): number {
  return b.breaches - a.breaches || b.reclaims - a.reclaims || b.reminders - a.reminders || b.declines - a.declines;
}

/** Whether a rep row has anything to answer for. */
export function hasTrouble(r: RepMetrics): boolean {
  return r.breaches72h + r.reminders + r.reclaims + r.declines > 0;
}

export function computeLeadMetrics(leads: readonly LeadHistory[], scope: MetricsScope): LeadMetrics {
  const teamOf = (a: AssignmentSpan) => a.teamId ?? scope.fallbackTeam?.(a.ownerId) ?? null;
  const inScope = (team: string | null) => scope.team === undefined || team === scope.team;
  const total = newAcc();
  const teams = new Map<string | null, Acc>();
  const reps = new Map<string, RepMetrics>();
  const teamAcc = (t: string | null) => teams.get(t) ?? teams.set(t, newAcc()).get(t)!;
  const rep = (id: string) => reps.get(id) ?? reps.set(id, { personId: id, held: 0, breaches72h: 0, reminders: 0, reclaims: 0, declines: 0 }).get(id)!;

  for (const lead of leads) {
    if (lead.firstAssignedAt < scope.from || lead.firstAssignedAt > scope.now) continue;
    const sorted = [...lead.assignments].sort((a, b) => a.seq - b.seq);
    const firstTeam = sorted[0] ? teamOf(sorted[0]) : null;
    const outcome = firstTouchOutcome(lead, scope.now);
    const accept = acceptMinutes(lead, sorted);
    const touch = lead.firstTouchAt === null ? null : (lead.firstTouchAt - lead.firstAssignedAt) / MINUTE_MS;
    for (const acc of inScope(firstTeam) ? [teamAcc(firstTeam), total] : [teamAcc(firstTeam)]) {
      acc.leads++;
      acc[outcome]++;
      if (accept !== null) acc.accept.push(accept);
      if (touch !== null) acc.touch.push(touch);
    }

    const deadline = lead.firstAssignedAt + FIRST_TOUCH_LIMIT_MS;
    const blamed = new Set<string>();
    for (const a of sorted) {
      const team = teamOf(a);
      const reminders = lead.reminders.filter((r) => r.seq === a.seq && reminderFired(lead, r)).length;
      const reclaims = a.endReason === 'reclaimed' ? 1 : 0;
      const declines = a.endReason === 'declined' ? 1 : 0;
      for (const acc of inScope(team) ? [teamAcc(team), total] : [teamAcc(team)]) {
        acc.reminders += reminders;
        acc.reclaims += reclaims;
        acc.declines += declines;
      }
      if (!inScope(team)) continue;
      const r = rep(a.ownerId);
      r.held++;
      r.reminders += reminders;
      r.reclaims += reclaims;
      r.declines += declines;
      // Held during the 72 hours of a breached lead: blamed once per lead, however often held.
      if (outcome === 'breached' && a.assignedAt < deadline && !blamed.has(a.ownerId)) {
        blamed.add(a.ownerId);
        r.breaches72h++;
      }
    }
  }

  const teamRows = [...teams].map(([teamId, acc]) => ({ teamId, ...finish(acc) }));
  teamRows.sort((a, b) => worse({ ...a, breaches: a.breached }, { ...b, breaches: b.breached }) || String(a.teamId).localeCompare(String(b.teamId)));
  const repRows = [...reps.values()].sort((a, b) => worse({ ...a, breaches: a.breaches72h }, { ...b, breaches: b.breaches72h }) || a.personId.localeCompare(b.personId));
  return { from: scope.from, now: scope.now, team: scope.team, summary: finish(total), teams: teamRows, reps: repRows };
}
