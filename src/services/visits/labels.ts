/** Catalogue keys → labels in the reader's language: every card shows labels, never keys. */
import { labelIn, type Company, type Locale } from '../../config/company.ts';
import { stageOf } from '../../domain/deals/pipeline-schema.ts';
import { allPains, painsOfType, type Stance } from '../../domain/visits/catalogue-schema.ts';
import { competitorName } from '../../domain/visits/visit.ts';

export function painLabel(company: Company, key: string, locale: Locale, customerType?: string): string {
  const own = customerType ? painsOfType(company.visits, customerType).find((p) => p.key === key) : undefined;
  const found = own ?? allPains(company.visits).find((p) => p.key === key);
  return found ? labelIn(found.label, locale) : key;
}

export function actionLabel(company: Company, key: string, locale: Locale): string {
  const a = company.visits.actions.find((x) => x.key === key);
  return a ? labelIn(a.label, locale) : key;
}

export function stageLabel(company: Company, key: string, locale: Locale): string {
  const s = stageOf(company.pipeline, key);
  return s ? labelIn(s.label, locale) : key;
}

export function customerTypeLabel(company: Company, key: string, locale: Locale): string {
  const t = company.visits.customerTypes.find((x) => x.key === key);
  return t ? labelIn(t.label, locale) : key;
}

export const STANCE_LABELS: Record<Stance, { zh: string; en: string }> = {
  incumbent: { zh: '在用', en: 'incumbent' },
  evaluating: { zh: '评估中', en: 'evaluating' },
  ruled_out: { zh: '已排除', en: 'ruled out' },
  mentioned: { zh: '提及', en: 'mentioned' },
};

export function competitorLabel(company: Company, key: string, stance: Stance, locale: Locale): string {
  return `${competitorName(company.visits, key)} · ${labelIn(STANCE_LABELS[stance] ?? { zh: stance, en: stance }, locale)}`;
}

/** "技术交流 · 2026-12-09" */
export function actionWithDue(company: Company, a: { key: string; due?: string }, locale: Locale): string {
  const label = actionLabel(company, a.key, locale);
  return a.due ? `${label} · ${locale === 'zh-CN' ? '截止' : 'due'} ${a.due}` : label;
}
