/**
 * A visit's structured values and the rules they must meet before anything is stored: at least
 * one pain of the customer's type, a competitor answer (one or more, or none), a next action
 * allowed at the deal's stage, a real due date, a note within its limit. Pure.
 * @module
 */
import type { ValueSource } from '../../../db/schema.ts';
import { actionsAllowedAt, painsOfType, STANCES, type Stance, type VisitsCatalogue } from './catalogue-schema.ts';
import type { ExtractedQuantity } from './extraction.ts';

export const MAX_NOTE_CHARS = 2000;
export const MAX_COMPETITORS = 3;
/** A competitor the catalogue does not know is stored as `other:<name>`. */
export const OTHER_PREFIX = 'other:';

export interface VisitPain {
  key: string;
  source: ValueSource;
  evidence?: string;
}

export interface VisitCompetitor {
  key: string;
  name: string;
  stance: Stance;
  source: ValueSource;
  evidence?: string;
}

export interface VisitAction {
  key: string;
  /** YYYY-MM-DD in the company's time zone. */
  due?: string;
  source: ValueSource;
}

export interface VisitValues {
  pains: VisitPain[];
  competitors: VisitCompetitor[];
  /** The rep said no competitor came up (无 / none). */
  noCompetitor: boolean;
  nextAction: VisitAction | null;
  quantities: (ExtractedQuantity & { source: ValueSource })[];
  note: string | null;
}

export type VisitIssue =
  | { field: 'pains'; code: 'required' }
  | { field: 'pains'; code: 'unknown'; key: string; allowed: string[] }
  | { field: 'competitors'; code: 'required' | 'none_and_named' | 'too_many' }
  | { field: 'competitors'; code: 'unknown' | 'bad_stance'; key: string }
  | { field: 'competitors'; code: 'other_without_name' }
  | { field: 'nextAction'; code: 'unknown'; key: string }
  | { field: 'nextAction'; code: 'not_allowed'; key: string; allowed: string[] }
  | { field: 'due'; code: 'invalid' | 'past'; value: string }
  | { field: 'note'; code: 'too_long'; length: number };

export interface VisitContext {
  stage: string;
  customerType: string;
  /** Today in the company's time zone (YYYY-MM-DD): a due date may not be before it. */
  today: string;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDay(s: string): boolean {
  const m = ISO_DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function validateVisit(catalogue: VisitsCatalogue, v: VisitValues, ctx: VisitContext): VisitIssue[] {
  const issues: VisitIssue[] = [];
  const typePains = painsOfType(catalogue, ctx.customerType).map((p) => p.key);
  if (v.pains.length === 0) issues.push({ field: 'pains', code: 'required' });
  for (const p of v.pains) if (!typePains.includes(p.key)) issues.push({ field: 'pains', code: 'unknown', key: p.key, allowed: typePains });

  if (v.noCompetitor && v.competitors.length) issues.push({ field: 'competitors', code: 'none_and_named' });
  else if (!v.noCompetitor && v.competitors.length === 0) issues.push({ field: 'competitors', code: 'required' });
  if (v.competitors.length > MAX_COMPETITORS * 2) issues.push({ field: 'competitors', code: 'too_many' });
  for (const c of v.competitors) {
    if (c.key.startsWith(OTHER_PREFIX)) {
      if (!c.key.slice(OTHER_PREFIX.length).trim()) issues.push({ field: 'competitors', code: 'other_without_name' });
    } else if (!catalogue.competitors.some((k) => k.key === c.key)) issues.push({ field: 'competitors', code: 'unknown', key: c.key });
    if (!(STANCES as readonly string[]).includes(c.stance)) issues.push({ field: 'competitors', code: 'bad_stance', key: c.key });
  }

  if (v.nextAction) {
    const a = v.nextAction;
    if (!catalogue.actions.some((x) => x.key === a.key)) issues.push({ field: 'nextAction', code: 'unknown', key: a.key });
    else {
      const allowed = actionsAllowedAt(catalogue, ctx.stage).map((x) => x.key);
      if (!allowed.includes(a.key)) issues.push({ field: 'nextAction', code: 'not_allowed', key: a.key, allowed });
    }
    if (a.due !== undefined) {
      if (!isIsoDay(a.due)) issues.push({ field: 'due', code: 'invalid', value: a.due });
      else if (a.due < ctx.today) issues.push({ field: 'due', code: 'past', value: a.due });
    }
  }
  if (v.note && [...v.note].length > MAX_NOTE_CHARS) issues.push({ field: 'note', code: 'too_long', length: [...v.note].length });
  return issues;
}

/** What a stored competitor is called: the catalogue's name, or the name typed for 其他 / other. */
export function competitorName(catalogue: VisitsCatalogue, key: string): string {
  if (key.startsWith(OTHER_PREFIX)) return key.slice(OTHER_PREFIX.length);
  return catalogue.competitors.find((c) => c.key === key)?.name ?? key;
}
