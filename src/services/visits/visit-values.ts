/** A note's extraction as visit values, and quantities as people read them ("5 次", "¥80万"). */
import type { Locale } from '../../config/company.ts';
import type { Extraction, ExtractedQuantity } from '../../domain/visits/extraction.ts';
import type { VisitsCatalogue } from '../../domain/visits/catalogue-schema.ts';
import { competitorName, type VisitValues } from '../../domain/visits/visit.ts';
import { money } from '../../i18n.ts';

export function valuesFromExtraction(catalogue: VisitsCatalogue, e: Extraction, note: string): VisitValues {
  return {
    pains: e.painPoints.map((p) => ({ key: p.key, source: 'note', evidence: p.evidence })),
    competitors: e.competitors.map((c) => ({ key: c.key, name: competitorName(catalogue, c.key), stance: c.stance, source: 'note', evidence: c.evidence })),
    noCompetitor: false,
    nextAction: e.nextAction ? { key: e.nextAction.key, ...(e.nextAction.due ? { due: e.nextAction.due } : {}), source: 'note' } : null,
    quantities: e.quantities.map((q) => ({ ...q, source: 'note' })),
    note,
  };
}

const UNITS: Record<string, { zh: string; en: string }> = {
  times: { zh: '次', en: 'times' },
  day: { zh: '天', en: 'days' },
  week: { zh: '周', en: 'weeks' },
  month: { zh: '个月', en: 'months' },
  year: { zh: '年', en: 'years' },
  hour: { zh: '小时', en: 'hours' },
  person: { zh: '人', en: 'people' },
  session: { zh: '场', en: 'sessions' },
  case: { zh: '箱', en: 'cases' },
  unit: { zh: '台', en: 'units' },
};

export function quantityText(q: ExtractedQuantity, locale: Locale): string {
  const approx = q.approx ? (locale === 'zh-CN' ? '约' : '~') : '';
  if (q.unit === 'CNY') return `${approx}${money(q.value, locale)}`;
  if (q.unit === 'USD') return `${approx}$${q.value.toLocaleString('en-US')}`;
  if (q.unit === 'percent') return `${approx}${q.value}%`;
  const u = UNITS[q.unit];
  const unit = u ? (locale === 'zh-CN' ? u.zh : u.en) : q.unit;
  return locale === 'zh-CN' ? `${approx}${q.value} ${unit}` : `${approx}${q.value} ${unit}`;
}
