/**
 * Tag rules (`leads.tags`) and the optional points score (`leads.score`): compiled once into
 * closures; `version` names the rule set so each lead can record which rules tagged it.
 * @module
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { RulesConfigError, conditionIssues, conditionSchema, type RuleIssue } from './condition-schema.ts';
import { compileCondition, type Match, type RuleSubject } from './compile-condition.ts';
import { labelSchema, type CustomField, type Label } from './custom-fields.ts';

export const tagRuleSchema = z
  .object({
    key: z.string().regex(/^[\p{L}\p{N}_.-]{1,64}$/u, 'use letters (any script), digits, "-", "_" or "." (max 64), e.g. high-intent-tech'),
    label: labelSchema,
    when: conditionSchema,
    points: z.number({ error: 'points needs a number, e.g. points: 20' }).finite().optional(),
  })
  .strict();

export const tagRulesSchema = z
  .array(tagRuleSchema)
  .max(500)
  .superRefine((tags, ctx) => {
    const seen = new Set<string>();
    tags.forEach((t, i) => {
      if (seen.has(t.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `tag '${t.key}' is defined twice; give each rule its own key` });
      seen.add(t.key);
    });
  });

export const scoreSchema = z.object({ base: z.number({ error: 'base needs a number, e.g. base: 10' }).finite().optional() }).strict();

export type TagRule = z.output<typeof tagRuleSchema>;
export type ScoreConfig = z.output<typeof scoreSchema>;

export interface TagResult {
  key: string;
  label: Label;
  points: number;
  /** The leaves that made the rule hold, for the "why" explanation. */
  matched: Match[];
}

export interface Evaluation {
  tags: TagResult[];
  /** `score.base` plus the points of every matched tag. */
  score: number;
}

export interface CompiledTagRules {
  /** A short stable hash of the normalised rules, e.g. `r-3f9a2c1d`; store it on each lead. */
  version: string;
  evaluate(lead: RuleSubject): Evaluation;
}

/**
 * Compiles the tag rules once; `evaluate` then runs plain closures per lead.
 *
 * @example
 * const rules = compileTagRules(company.leads.tags, company.leads.customFields, company.leads.score);
 * rules.evaluate(lead) // → { tags: [{ key: 'high-intent-tech', label, points: 30, matched: [...] }], score: 30 }
 * @throws RulesConfigError (paths like `leads.tags.2.when.all.1.gte`) for unknown fields or mismatched operators.
 */
export function compileTagRules(tags: readonly TagRule[], customFields: readonly CustomField[] = [], score: ScoreConfig = {}): CompiledTagRules {
  const issues: RuleIssue[] = tags.flatMap((t, i) => conditionIssues(t.when, customFields, ['leads', 'tags', i, 'when']));
  if (issues.length) throw new RulesConfigError(issues);
  const compiled = tags.map((t) => ({ key: t.key, label: t.label, points: t.points ?? 0, ...compileCondition(t.when, customFields) }));
  const base = score.base ?? 0;
  return {
    version: rulesVersion(tags, score),
    evaluate(lead) {
      const matched: TagResult[] = [];
      let total = base;
      for (const t of compiled) {
        if (!t.test(lead)) continue;
        matched.push({ key: t.key, label: t.label, points: t.points, matched: t.explain(lead) });
        total += t.points;
      }
      return { tags: matched, score: total };
    },
  };
}

/** Same rules → same version whatever the key order in YAML; any change to a rule → a new one. */
export function rulesVersion(tags: readonly TagRule[], score: ScoreConfig = {}): string {
  const normalised = { tags: tags.map((t) => ({ ...t, points: t.points ?? 0 })), score: { base: score.base ?? 0 } };
  return `r-${createHash('sha256').update(canonicalJson(normalised)).digest('hex').slice(0, 8)}`;
}

/** JSON with object keys sorted and undefined members dropped; list order is kept (it is meaningful). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
