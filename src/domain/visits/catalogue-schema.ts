/**
 * The company file's `visits` section: customer types (each with up to 12 pain points), the
 * pain-point catalogue, the competitor catalogue and the next-action library with the deal
 * stages each action is allowed in. Lexicons (synonyms, aliases) feed the note extractor.
 * @module
 */
import { z } from 'zod';

const key = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'use lowercase letters, digits and "_" (max 64), e.g. equipment_failure_high');
export const localizedLabel = z.object({ zh: z.string().min(1).max(40), en: z.string().min(1).max(60) }).strict();
const phrases = z.array(z.string().trim().min(1).max(40)).max(200, 'at most 200 synonyms').default([]);

/** The twelve default pain-point keys of design.md. */
export const DEFAULT_PAIN_KEYS = [
  'insurance_payment_limit',
  'budget_tight',
  'equipment_failure_high',
  'training_lacking',
  'price_too_high',
  'payment_terms_long',
  'after_sales_slow',
  'delivery_delay',
  'inventory_overstock',
  'integration_difficulty',
  'quality_inconsistent',
  'approval_process_slow',
] as const;

export const STANCES = ['incumbent', 'evaluating', 'ruled_out', 'mentioned'] as const;
export type Stance = (typeof STANCES)[number];

export const MAX_PAINS_PER_TYPE = 12;

export const painPointSchema = z
  .object({ key, label: localizedLabel, synonyms: phrases })
  .strict();

/** A customer type's pain: a catalogue key, optionally with its own label and extra synonyms. */
const typePain = z.union([
  key,
  z.object({ key, label: localizedLabel.optional(), synonyms: phrases }).strict(),
]);

export const customerTypeSchema = z
  .object({
    key,
    label: localizedLabel,
    /** Customers of these industries get this type by default. */
    industries: z.array(z.string().min(1)).default([]),
    painPoints: z
      .array(typePain)
      .min(1, 'give the customer type at least one pain point')
      .max(MAX_PAINS_PER_TYPE, `at most ${MAX_PAINS_PER_TYPE} pain points per customer type`),
  })
  .strict();

export const competitorSchema = z
  .object({
    key,
    name: z.string().min(1).max(40),
    aliases: phrases,
    /** Industries where this competitor is met (informational; every competitor can be picked). */
    industries: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const actionSchema = z
  .object({
    key,
    label: localizedLabel,
    /** Deal stages this action may be chosen in (pipeline stage keys). */
    stages: z.array(z.string().min(1)).min(1, 'name at least one stage this action is allowed in'),
    synonyms: phrases,
  })
  .strict();

export const visitsSchema = z
  .object({
    painPoints: z.array(painPointSchema).min(1),
    customerTypes: z.array(customerTypeSchema).min(1, 'declare at least one customer type'),
    competitors: z.array(competitorSchema).default([]),
    actions: z.array(actionSchema).min(1, 'declare at least one next action'),
  })
  .strict();

export type VisitsCatalogue = z.infer<typeof visitsSchema>;
export type PainPointDef = VisitsCatalogue['painPoints'][number];
export type CustomerTypeDef = VisitsCatalogue['customerTypes'][number];
export type CompetitorDef = VisitsCatalogue['competitors'][number];
export type ActionDef = VisitsCatalogue['actions'][number];

/** A pain point as one customer type shows it: the catalogue entry with the type's own label and extra synonyms. */
export interface ResolvedPain {
  key: string;
  label: { zh: string; en: string };
  synonyms: string[];
}

/** The pains a customer type offers, in its order, labels resolved. */
export function painsOfType(catalogue: VisitsCatalogue, typeKey: string | undefined): ResolvedPain[] {
  const type = catalogue.customerTypes.find((t) => t.key === typeKey);
  if (!type) return allPains(catalogue);
  return type.painPoints.map((p) => {
    const k = typeof p === 'string' ? p : p.key;
    const base = catalogue.painPoints.find((d) => d.key === k);
    const own = typeof p === 'string' ? undefined : p;
    return {
      key: k,
      label: own?.label ?? base?.label ?? { zh: k, en: k },
      synonyms: [...(base?.synonyms ?? []), ...(own?.synonyms ?? [])],
    };
  });
}

/** Every pain of the company (the catalogue plus synonyms any customer type adds), for notes of no known type. */
export function allPains(catalogue: VisitsCatalogue): ResolvedPain[] {
  return catalogue.painPoints.map((d) => {
    const extra = catalogue.customerTypes.flatMap((t) =>
      t.painPoints.flatMap((p) => (typeof p !== 'string' && p.key === d.key ? p.synonyms : [])),
    );
    return { key: d.key, label: d.label, synonyms: [...d.synonyms, ...extra] };
  });
}

/** The actions allowed at a deal stage. */
export function actionsAllowedAt(catalogue: VisitsCatalogue, stage: string): ActionDef[] {
  return catalogue.actions.filter((a) => a.stages.includes(stage));
}

/** The default customer type of an industry: the first type that lists it, else the first type. */
export function customerTypeForIndustry(catalogue: VisitsCatalogue, industry: string | undefined): CustomerTypeDef {
  return catalogue.customerTypes.find((t) => industry !== undefined && t.industries.includes(industry)) ?? catalogue.customerTypes[0]!;
}

export interface CatalogueIssue {
  path: (string | number)[];
  message: string;
}

/** Cross-references zod cannot see: pains a type names, stages an action names, duplicate keys. */
export function visitsReferenceIssues(v: VisitsCatalogue, stageKeys: readonly string[]): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const dup = (list: { key: string }[], where: string) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.key)) issues.push({ path: ['visits', where, i, 'key'], message: `duplicate key "${x.key}"` });
      seen.add(x.key);
    });
  };
  dup(v.painPoints, 'painPoints');
  dup(v.customerTypes, 'customerTypes');
  dup(v.competitors, 'competitors');
  dup(v.actions, 'actions');
  const pains = new Set(v.painPoints.map((p) => p.key));
  v.customerTypes.forEach((t, i) => {
    const seen = new Set<string>();
    t.painPoints.forEach((p, j) => {
      const k = typeof p === 'string' ? p : p.key;
      if (!pains.has(k)) issues.push({ path: ['visits', 'customerTypes', i, 'painPoints', j], message: `unknown pain point "${k}"; declare it under visits.painPoints` });
      if (seen.has(k)) issues.push({ path: ['visits', 'customerTypes', i, 'painPoints', j], message: `pain point "${k}" is listed twice` });
      seen.add(k);
    });
  });
  const stages = new Set(stageKeys);
  v.actions.forEach((a, i) => {
    a.stages.forEach((s, j) => {
      if (!stages.has(s)) issues.push({ path: ['visits', 'actions', i, 'stages', j], message: `unknown stage "${s}"; use one of ${stageKeys.join(', ')}` });
    });
  });
  return issues;
}
