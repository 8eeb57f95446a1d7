/**
 * The visit form's inputs and how their submitted values become `VisitValues`. The same ids
 * serve every channel (Slack modal, WeCom H5 form, console). Pure.
 * @module
 */
import type { ValueSource } from '../../../db/schema.ts';
import type { Stance, VisitsCatalogue } from './catalogue-schema.ts';
import { MAX_COMPETITORS, OTHER_PREFIX, competitorName, type VisitCompetitor, type VisitValues } from './visit.ts';

export const VISIT_INPUT = {
  pains: 'pains',
  competitor: (i: number) => `competitor_${i}`,
  stance: (i: number) => `stance_${i}`,
  otherNames: 'competitor_other',
  action: 'action',
  due: 'due',
  note: 'note',
} as const;

/** The competitor select's two special choices besides the catalogue. */
export const NO_COMPETITOR = 'none';
export const OTHER_COMPETITOR = 'other';

type Values = Record<string, string | string[]>;

function one(values: Values, id: string): string {
  const v = Object.hasOwn(values, id) ? values[id] : undefined;
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
}

function many(values: Values, id: string): string[] {
  const v = Object.hasOwn(values, id) ? values[id] : undefined;
  const list = Array.isArray(v) ? v : v ? v.split(',') : [];
  return [...new Set(list.map((s) => s.trim()).filter(Boolean))];
}

/**
 * Reads a submitted visit form. With `base` (the draft the bot understood from a note), a value
 * the rep kept keeps its `note` source and evidence; one they added or changed is `corrected`.
 */
export function readVisitForm(catalogue: VisitsCatalogue, values: Values, base?: VisitValues): VisitValues {
  const source = (same: boolean): ValueSource => (base ? (same ? 'note' : 'corrected') : 'form');
  const pains = many(values, VISIT_INPUT.pains).map((key) => {
    const kept = base?.pains.find((p) => p.key === key);
    return { key, source: source(kept !== undefined), ...(kept?.evidence ? { evidence: kept.evidence } : {}) };
  });

  const otherNames = one(values, VISIT_INPUT.otherNames)
    .split(/[,，、;；]/)
    .map((s) => s.trim())
    .filter(Boolean);
  let noCompetitor = false;
  const competitors: VisitCompetitor[] = [];
  for (let i = 1; i <= MAX_COMPETITORS; i++) {
    const pick = one(values, VISIT_INPUT.competitor(i));
    if (!pick) continue;
    if (pick === NO_COMPETITOR) {
      noCompetitor = true;
      continue;
    }
    const key = pick === OTHER_COMPETITOR ? `${OTHER_PREFIX}${otherNames.shift() ?? ''}` : pick;
    const rawStance = one(values, VISIT_INPUT.stance(i));
    // An unknown stance is kept as sent, so validation names it instead of silently changing it.
    const stance = (rawStance || 'mentioned') as Stance;
    if (competitors.some((c) => c.key === key)) continue;
    const kept = base?.competitors.find((c) => c.key === key && c.stance === stance);
    competitors.push({ key, name: competitorName(catalogue, key), stance, source: source(kept !== undefined), ...(kept?.evidence ? { evidence: kept.evidence } : {}) });
  }
  // Names typed under 其他 with no slot left for them still count: nothing the rep wrote is dropped.
  for (const name of otherNames) {
    const key = `${OTHER_PREFIX}${name}`;
    if (!competitors.some((c) => c.key === key)) competitors.push({ key, name, stance: 'mentioned', source: source(false) });
  }

  const actionKey = one(values, VISIT_INPUT.action);
  const due = one(values, VISIT_INPUT.due);
  const kept = base?.nextAction && base.nextAction.key === actionKey && (base.nextAction.due ?? '') === due;
  const nextAction = actionKey ? { key: actionKey, ...(due ? { due } : {}), source: source(Boolean(kept)) } : null;

  const note = one(values, VISIT_INPUT.note) || base?.note || null;
  return {
    pains,
    competitors,
    noCompetitor: noCompetitor && competitors.length === 0 ? true : noCompetitor,
    nextAction,
    quantities: base?.quantities ?? [],
    note,
  };
}

/** The form's values for a draft, so 修改 opens the form pre-filled with what the bot understood. */
export function formValuesOf(v: VisitValues): Values {
  const out: Values = { [VISIT_INPUT.pains]: v.pains.map((p) => p.key) };
  const others: string[] = [];
  v.competitors.slice(0, MAX_COMPETITORS).forEach((c, i) => {
    const other = c.key.startsWith(OTHER_PREFIX);
    if (other) others.push(c.key.slice(OTHER_PREFIX.length));
    out[VISIT_INPUT.competitor(i + 1)] = other ? OTHER_COMPETITOR : c.key;
    out[VISIT_INPUT.stance(i + 1)] = c.stance;
  });
  if (v.noCompetitor && v.competitors.length === 0) out[VISIT_INPUT.competitor(1)] = NO_COMPETITOR;
  if (others.length) out[VISIT_INPUT.otherNames] = others.join('、');
  if (v.nextAction) {
    out[VISIT_INPUT.action] = v.nextAction.key;
    if (v.nextAction.due) out[VISIT_INPUT.due] = v.nextAction.due;
  }
  if (v.note) out[VISIT_INPUT.note] = v.note;
  return out;
}
