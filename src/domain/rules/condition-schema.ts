/**
 * The condition tree admins write under `when:` in the company file, parsed with zod into a
 * normalised tree. Context-free mistakes (shape, values, regexes, built-in field types) are
 * caught here; fields that depend on `leads.customFields` are checked by `conditionIssues`.
 * @module
 */
import { z } from 'zod';
import { BUILT_IN_FIELDS, OPERATORS, fieldTable, leafIssues, regexProblem, type Leaf } from './lead-fields.ts';
import type { CustomField } from './custom-fields.ts';
import { didYouMean } from './suggest.ts';

export { LEAD_FIELDS, OPERATORS, OPERATORS_BY_TYPE, type FieldType, type LeadFieldName, type Leaf, type Operator } from './lead-fields.ts';

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Leaf;

export type RulePath = (string | number)[];
export interface RuleIssue {
  path: RulePath;
  message: string;
}

/** Thrown when rules that did not pass validation are compiled. */
export class RulesConfigError extends Error {
  constructor(readonly issues: RuleIssue[]) {
    super(`invalid rules:\n${issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
    this.name = 'RulesConfigError';
  }
}

const GROUPS = ['all', 'any', 'not'] as const;
const KEYS = ['field', ...GROUPS, ...OPERATORS];
const SHAPE = '{ field: <name>, <operator>: <value> } or all / any / not';

const num = (message: string) => z.number({ error: message }).finite();
const list = (group: string) =>
  z.array(conditionSchema, { error: `${group} needs a list of conditions, e.g. ${group}: [ { field: budget, gte: 500000 } ]` })
    .min(1, `${group} needs at least one condition`)
    .max(100);

/** One node of the tree; recursive through `all`, `any` and `not`. */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() => nodeSchema);

const nodeSchema = z
  .object(
    {
      all: list('all').optional(),
      any: list('any').optional(),
      not: conditionSchema.optional(),
      field: z.string({ error: 'field needs a lead field name, e.g. budget or custom.schoolSize' }).min(1).optional(),
      eq: z.union([z.string(), z.number(), z.boolean()], { error: 'eq needs text, a number or true/false' }).optional(),
      in: z
        .array(z.union([z.string(), z.number()], { error: 'in lists text or numbers' }), { error: 'in needs a list, e.g. in: [校长, 信息中心主任]' })
        .min(1, 'in needs at least one value')
        .max(1000)
        .optional(),
      gte: num('gte needs a number, e.g. gte: 500000 (no quotes or commas)').optional(),
      lte: num('lte needs a number, e.g. lte: 500000 (no quotes or commas)').optional(),
      between: z
        .tuple([num('between needs numbers'), num('between needs numbers')], { error: 'between needs [low, high], e.g. between: [1000, 5000]' })
        .refine(([lo, hi]) => lo <= hi, 'between needs [low, high] with low ≤ high')
        .optional(),
      contains: z.string({ error: 'contains needs text, e.g. contains: 招标' }).min(1).max(500).optional(),
      matches: z
        .string({ error: "matches needs a regular expression in quotes, e.g. matches: '学校|中学'" })
        .min(1)
        .max(500)
        .superRefine((source, ctx) => {
          const problem = regexProblem(source);
          if (problem) ctx.addIssue({ code: 'custom', message: problem, continue: false });
        })
        .optional(),
      exists: z.boolean({ error: 'exists needs true or false' }).optional(),
    },
    { error: (iss) => (iss.input === undefined ? `required: a condition, ${SHAPE}` : `a condition is ${SHAPE}`) },
  )
  .loose()
  .superRefine((node, ctx) => {
    const issue = (path: RulePath, message: string) => ctx.addIssue({ code: 'custom', path, message });
    const unknown = Object.keys(node).filter((k) => !KEYS.includes(k));
    for (const k of unknown) issue([k], `unknown key '${k}'${didYouMean(k, KEYS)}; operators: ${OPERATORS.join(', ')}`);
    if (unknown.length) return;
    const groups = GROUPS.filter((g) => node[g] !== undefined);
    const ops = OPERATORS.filter((o) => node[o] !== undefined);
    if (groups.length > 1 || (groups.length === 1 && (node.field !== undefined || ops.length > 0))) {
      return issue([], `one of all / any / not / field per condition; nest them, e.g. all: [ { field: …, eq: … }, { not: … } ]`);
    }
    if (groups.length === 1) return;
    if (node.field === undefined) {
      return ops.length ? issue(['field'], `which lead field does '${ops[0]}' test? add field: <name>`) : issue([], `empty condition; write ${SHAPE}`);
    }
    if (ops.length === 0) return issue([], `'${node.field}' has no operator; add one of ${OPERATORS.join(', ')}`);
    if (ops.length > 1) {
      return issue([ops[1]!], `one operator per condition ('${node.field}' has ${ops.join(' and ')}); use between: [low, high] or list conditions under all`);
    }
    if (node.field.startsWith('custom.')) return; // needs leads.customFields: conditionIssues checks it
    for (const i of leafIssues(toCondition(node) as Leaf, BUILT_IN_FIELDS)) issue(i.path, i.message);
  })
  .transform(toCondition);


function toCondition(node: Record<string, unknown>): Condition {
  if (node.all) return { all: node.all as Condition[] };
  if (node.any) return { any: node.any as Condition[] };
  if (node.not) return { not: node.not as Condition };
  const op = OPERATORS.find((o) => node[o] !== undefined);
  return { field: node.field, op, value: node[op ?? 'eq'] } as Leaf;
}

/**
 * Every problem zod cannot see in a parsed tree: unknown or undeclared fields, operators that
 * do not suit the field's type, values that do not fit it (enum options), bad regexes.
 * Paths are `path` + the tree path, e.g. `[..., 'when', 'all', 1, 'gte']`.
 */
export function conditionIssues(cond: Condition, customFields: readonly CustomField[] = [], path: RulePath = []): RuleIssue[] {
  const table = fieldTable(customFields);
  const out: RuleIssue[] = [];
  const walk = (c: Condition, p: RulePath): void => {
    if ('all' in c) c.all.forEach((child, i) => walk(child, [...p, 'all', i]));
    else if ('any' in c) c.any.forEach((child, i) => walk(child, [...p, 'any', i]));
    else if ('not' in c) walk(c.not, [...p, 'not']);
    else for (const i of leafIssues(c, table)) out.push({ path: [...p, ...i.path], message: i.message });
  };
  walk(cond, path);
  return out;
}
