/**
 * Compiles a condition tree once into plain closures, so evaluating a lead is a few property
 * reads and comparisons (no tree walking, no `eval`), and explains which leaves made it hold.
 * @module
 */
import { assertNever } from '../../errors.ts';
import { RulesConfigError, conditionIssues, type Condition, type RulePath } from './condition-schema.ts';
import type { CustomField } from './custom-fields.ts';
import { REGEX_FLAGS, type LeadFieldName, type Leaf, type Operator } from './lead-fields.ts';

/** Anything shaped like a lead: `LeadInput`, the domain `Lead`, an import row. */
export type RuleSubject = Readonly<Partial<Record<LeadFieldName, unknown>>> & { readonly custom?: Readonly<Record<string, unknown>> };

/** One leaf that held: `{ field: 'budget', op: 'gte', expected: 500000, actual: 600000 }`; `negated` under a `not`. */
export interface Match {
  field: string;
  op: Operator;
  expected: unknown;
  actual: unknown;
  negated?: true;
}

export interface CompiledCondition {
  test(lead: RuleSubject): boolean;
  /** The leaves that made the condition hold; `[]` when it does not hold. */
  explain(lead: RuleSubject): Match[];
}

type Predicate = (lead: RuleSubject) => boolean;
interface Node {
  test: Predicate;
  /** Called only when `test(lead) !== negated`: appends the leaves responsible. */
  why(lead: RuleSubject, negated: boolean, out: Match[]): void;
}

/**
 * @example
 * const c = compileCondition(conditionSchema.parse({ field: 'budget', gte: 500000 }));
 * c.test(lead) // → true
 * c.explain(lead) // → [{ field: 'budget', op: 'gte', expected: 500000, actual: 600000 }]
 * @throws RulesConfigError when the tree names unknown fields or mismatched operators.
 */
export function compileCondition(cond: Condition, customFields: readonly CustomField[] = [], path: RulePath = []): CompiledCondition {
  const issues = conditionIssues(cond, customFields, path);
  if (issues.length) throw new RulesConfigError(issues);
  const root = compileNode(cond);
  return {
    test: root.test,
    explain(lead) {
      const out: Match[] = [];
      if (root.test(lead)) root.why(lead, false, out);
      return out;
    },
  };
}

function compileNode(c: Condition): Node {
  if ('not' in c) {
    const inner = compileNode(c.not);
    const test = inner.test;
    return { test: (l) => !test(l), why: (l, negated, out) => inner.why(l, !negated, out) };
  }
  if ('all' in c || 'any' in c) {
    const children = ('all' in c ? c.all : c.any).map(compileNode);
    const tests = children.map((n) => n.test);
    // A group holds (or fails, under `not`) because of the children that agree with it.
    const why = (l: RuleSubject, negated: boolean, out: Match[]) => {
      for (const child of children) if (child.test(l) !== negated) child.why(l, negated, out);
    };
    return { test: 'all' in c ? every(tests) : some(tests), why };
  }
  const get = getter(c.field);
  const expected = c.value;
  return {
    test: leafTest(c, get),
    why: (l, negated, out) => {
      const actual = get(l) ?? null;
      out.push(negated ? { field: c.field, op: c.op, expected, actual, negated } : { field: c.field, op: c.op, expected, actual });
    },
  };
}

function every(tests: Predicate[]): Predicate {
  const [a, b] = tests;
  if (tests.length === 1 && a) return a;
  if (tests.length === 2 && a && b) return (l) => a(l) && b(l);
  return (l) => {
    for (const t of tests) if (!t(l)) return false;
    return true;
  };
}

function some(tests: Predicate[]): Predicate {
  const [a, b] = tests;
  if (tests.length === 1 && a) return a;
  if (tests.length === 2 && a && b) return (l) => a(l) || b(l);
  return (l) => {
    for (const t of tests) if (t(l)) return true;
    return false;
  };
}

type Getter = (lead: RuleSubject) => unknown;

function getter(field: string): Getter {
  if (field.startsWith('custom.')) {
    const key = field.slice('custom.'.length);
    return (l) => (l.custom && Object.hasOwn(l.custom, key) ? l.custom[key] : undefined);
  }
  return (l) => (l as Readonly<Record<string, unknown>>)[field];
}

/** Missing: absent, null or empty text. A leaf on a missing value is false, except `exists: false`. */
const isMissing = (v: unknown) => v === undefined || v === null || v === '';

function leafTest(leaf: Leaf, get: Getter): Predicate {
  switch (leaf.op) {
    case 'eq': {
      const x = leaf.value;
      return (l) => get(l) === x;
    }
    case 'in': {
      const set = new Set<unknown>(leaf.value);
      return (l) => set.has(get(l));
    }
    case 'gte': {
      const x = leaf.value;
      return (l) => {
        const v = get(l);
        return typeof v === 'number' && v >= x;
      };
    }
    case 'lte': {
      const x = leaf.value;
      return (l) => {
        const v = get(l);
        return typeof v === 'number' && v <= x;
      };
    }
    case 'between': {
      const [lo, hi] = leaf.value;
      return (l) => {
        const v = get(l);
        return typeof v === 'number' && v >= lo && v <= hi;
      };
    }
    case 'contains': {
      const x = leaf.value.toLowerCase();
      return (l) => {
        const v = get(l);
        return typeof v === 'string' && v.toLowerCase().includes(x);
      };
    }
    case 'matches': {
      const re = new RegExp(leaf.value, REGEX_FLAGS);
      return (l) => {
        const v = get(l);
        return typeof v === 'string' && re.test(v);
      };
    }
    case 'exists':
      return leaf.value ? (l) => !isMissing(get(l)) : (l) => isMissing(get(l));
    default:
      return assertNever(leaf, 'operator');
  }
}
