/**
 * The visit form: pains of the customer's type (at least one), competitors (one to three, each
 * with a stance, or 无 / none, or 其他 with a name), the next actions allowed at the deal's
 * stage with an optional due date, and an optional note. No required free text. What is known
 * of the customer (contacts, last contact, stage) is shown above the inputs, not asked again.
 * @module
 */
import type { Card, CardField, CardInput, CardOption } from '../card.ts';
import type { Locale } from '../../src/config/company.ts';
import { NO_COMPETITOR, OTHER_COMPETITOR, VISIT_INPUT } from '../../src/domain/visits/form-values.ts';
import { MAX_COMPETITORS, MAX_NOTE_CHARS } from '../../src/domain/visits/visit.ts';

export const VISIT_SUBMIT = 'visit.submit';

export interface VisitFormView {
  key: string;
  customerName: string;
  /** Facts already known (type, contacts, last contact, stage): shown, not asked. */
  known: CardField[];
  pains: CardOption[];
  competitors: CardOption[];
  stances: CardOption[];
  /** Only the actions allowed at the deal's stage. */
  actions: CardOption[];
  stageLabel: string;
  /** Pre-filled values (修改 on a confirmation card); empty for a fresh form. */
  initial: Record<string, string | string[]>;
  today: string;
  submitValue: string;
}

const T = {
  'zh-CN': {
    title: (c: string) => `拜访记录：${c}`,
    subtitle: (s: string) => `阶段：${s} · 只需勾选，备注可不填`,
    pains: '客户痛点（可多选，至少一项）', competitor: (i: number) => (i === 1 ? '提到的竞品（必选，没有请选「无」）' : `竞品 ${i}（可选）`),
    stance: (i: number) => `竞品 ${i} 的态势`, other: '其他竞品名称（选了「其他」时填写）', action: '下一步行动（本阶段可选）', due: '截止日期（可选）',
    note: '备注（可选，也可以直接写一句话）', none: '无', otherOpt: '其他…', submit: '提交',
  },
  en: {
    title: (c: string) => `Visit report: ${c}`,
    subtitle: (s: string) => `Stage: ${s} · just tick; the note is optional`,
    pains: 'Pain points (one or more)', competitor: (i: number) => (i === 1 ? 'Competitor mentioned (required; pick "None" if none)' : `Competitor ${i} (optional)`),
    stance: (i: number) => `Competitor ${i}: stance`, other: 'Other competitor name (when you picked "Other")', action: 'Next action (allowed at this stage)', due: 'Due date (optional)',
    note: 'Note (optional; a sentence is enough)', none: 'None', otherOpt: 'Other…', submit: 'Submit',
  },
} as const;

export function visitFormCard(v: VisitFormView, locale: Locale): Card {
  const t = T[locale];
  const str = (id: string): string | undefined => {
    const x = v.initial[id];
    return Array.isArray(x) ? x[0] : x;
  };
  const initialPains = v.initial[VISIT_INPUT.pains];
  const competitorOptions = [{ value: NO_COMPETITOR, label: t.none }, ...v.competitors, { value: OTHER_COMPETITOR, label: t.otherOpt }];
  const inputs: CardInput[] = [
    { kind: 'multiselect', id: VISIT_INPUT.pains, label: t.pains, options: v.pains, required: true, max: v.pains.length, ...(Array.isArray(initialPains) && initialPains.length ? { initial: initialPains } : {}) },
  ];
  for (let i = 1; i <= MAX_COMPETITORS; i++) {
    const picked = str(VISIT_INPUT.competitor(i));
    inputs.push({ kind: 'select', id: VISIT_INPUT.competitor(i), label: t.competitor(i), options: competitorOptions, required: i === 1, ...(picked ? { initial: picked } : {}) });
    inputs.push({ kind: 'select', id: VISIT_INPUT.stance(i), label: t.stance(i), options: v.stances, initial: str(VISIT_INPUT.stance(i)) ?? 'mentioned' });
  }
  const other = str(VISIT_INPUT.otherNames);
  const action = str(VISIT_INPUT.action);
  const due = str(VISIT_INPUT.due);
  const note = str(VISIT_INPUT.note);
  inputs.push(
    { kind: 'text', id: VISIT_INPUT.otherNames, label: t.other, maxLength: 80, ...(other ? { initial: other } : {}) },
    { kind: 'select', id: VISIT_INPUT.action, label: t.action, options: v.actions, ...(action && v.actions.some((a) => a.value === action) ? { initial: action } : {}) },
    { kind: 'date', id: VISIT_INPUT.due, label: t.due, min: v.today, ...(due ? { initial: due } : {}) },
    { kind: 'text', id: VISIT_INPUT.note, label: t.note, multiline: true, maxLength: MAX_NOTE_CHARS, ...(note ? { initial: note } : {}) },
  );
  return {
    key: v.key,
    version: 1,
    title: t.title(v.customerName),
    subtitle: t.subtitle(v.stageLabel),
    tone: 'info',
    fields: v.known,
    form: { inputs, submit: { actionId: VISIT_SUBMIT, label: t.submit, value: v.submitValue } },
  };
}
