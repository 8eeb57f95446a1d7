/**
 * The rule parts of the company file's `leads` section (customFields, tags, score), validated
 * as a whole: zod for shape, then the checks that need the declared custom fields, with
 * YAML paths (`leads.tags.2.when.all.1.gte`) and messages that say how to fix them.
 * @module
 */
import { z } from 'zod';
import { conditionIssues, type RuleIssue, type RulePath } from './condition-schema.ts';
import { customFieldsSchema, type CustomField } from './custom-fields.ts';
import { scoreSchema, tagRulesSchema, type ScoreConfig, type TagRule } from './tag-rules.ts';

export { RulesConfigError, type RuleIssue, type RulePath } from './condition-schema.ts';

export interface LeadRules {
  customFields: CustomField[];
  tags: TagRule[];
  score?: ScoreConfig;
}

/**
 * Semantic problems zod cannot catch alone: conditions on undeclared custom fields, operators
 * that do not suit the field's type, values outside an enum's options, bad regexes.
 * `basePath` is where the section sits (`['leads']`; `[]` inside a `leads` superRefine).
 */
export function ruleIssues(
  section: { customFields?: readonly CustomField[]; tags?: readonly TagRule[] },
  basePath: RulePath = ['leads'],
): RuleIssue[] {
  const customFields = section.customFields ?? [];
  return (section.tags ?? []).flatMap((t, i) => conditionIssues(t.when, customFields, [...basePath, 'tags', i, 'when']));
}

/** Spread into the company file's `leads` object schema; pair it with `ruleIssues(leads, [])` in a superRefine. */
export const leadRulesShape = {
  customFields: customFieldsSchema.default([]),
  tags: tagRulesSchema.default([]),
  score: scoreSchema.optional(),
};

/** The rule parts of `leads`, other keys ignored; semantic issues included. */
export const leadRulesSchema = z.object(leadRulesShape).superRefine((section, ctx) => {
  for (const i of ruleIssues(section, [])) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
});

/**
 * Parses the raw `leads` section (as read from YAML) for `check-config` and tests.
 *
 * @example
 * parseLeadRules(yaml.leads)
 * // → { ok: false, issues: [{ path: ['leads', 'tags', 0, 'when', 'gte'], message: "operator 'gte' needs a number field; …" }] }
 */
export function parseLeadRules(rawLeads: unknown): { ok: true; value: LeadRules } | { ok: false; issues: RuleIssue[] } {
  const result = leadRulesSchema.safeParse(rawLeads ?? {});
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({ path: ['leads', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message })),
  };
}
