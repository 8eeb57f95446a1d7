/**
 * The lead fields a rule can test, their types, which operators suit which type, and the
 * per-leaf check behind "operator 'gte' needs a number field; 'industry' is text".
 * @module
 */
import type { LeadInput } from '../leads/lead-input.ts';
import type { CustomField, CustomFieldType } from './custom-fields.ts';
import { didYouMean } from './suggest.ts';

export type FieldType = CustomFieldType;

export const OPERATORS = ['eq', 'in', 'gte', 'lte', 'between', 'contains', 'matches', 'exists'] as const;
export type Operator = (typeof OPERATORS)[number];

type LeafOf<O extends Operator, V> = { field: string; op: O; value: V };
/** A normalised leaf: `{ field: budget, gte: 500000 }` becomes `{ field: 'budget', op: 'gte', value: 500000 }`. */
export type Leaf =
  | LeafOf<'eq', string | number | boolean>
  | LeafOf<'in', (string | number)[]>
  | LeafOf<'gte' | 'lte', number>
  | LeafOf<'between', [number, number]>
  | LeafOf<'contains' | 'matches', string>
  | LeafOf<'exists', boolean>;

type BuiltInField = Exclude<keyof LeadInput, 'custom' | 'externalId'>;

/** The built-in lead fields (design.md §3) rules may test; `custom.<key>` reaches declared custom fields. */
export const LEAD_FIELDS = {
  company: { type: 'string', required: true },
  contactName: { type: 'string', required: true },
  contactTitle: { type: 'string', required: true },
  industry: { type: 'string', required: true },
  budget: { type: 'number', required: true },
  websiteDwellSeconds: { type: 'number', required: true },
  decisionChainSize: { type: 'number', required: true },
  interactionCount: { type: 'number', required: true },
  region: { type: 'string', required: false },
  source: { type: 'string', required: false },
  phone: { type: 'string', required: false },
  email: { type: 'string', required: false },
  notes: { type: 'string', required: false },
} as const satisfies Record<BuiltInField, { type: 'string' | 'number'; required: boolean }>;
export type LeadFieldName = keyof typeof LEAD_FIELDS;

export const OPERATORS_BY_TYPE: Readonly<Record<FieldType, readonly Operator[]>> = {
  string: ['eq', 'in', 'contains', 'matches', 'exists'],
  number: ['eq', 'in', 'gte', 'lte', 'between', 'exists'],
  enum: ['eq', 'in', 'exists'],
  boolean: ['eq', 'exists'],
};

export interface FieldInfo {
  type: FieldType;
  options?: readonly string[];
}
/** Field name (`budget`, `custom.schoolSize`) → type. */
export type FieldTable = ReadonlyMap<string, FieldInfo>;

export const BUILT_IN_FIELDS: FieldTable = new Map(
  Object.entries(LEAD_FIELDS).map(([name, f]): [string, FieldInfo] => [name, { type: f.type }]),
);

export function fieldTable(customFields: readonly CustomField[] = []): FieldTable {
  const table = new Map(BUILT_IN_FIELDS);
  for (const f of customFields) table.set(`custom.${f.key}`, { type: f.type, options: f.options });
  return table;
}

/** Rules' regexes are compiled with these flags, at load and when compiling. */
export const REGEX_FLAGS = 'u';

export function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source, REGEX_FLAGS);
    return undefined;
  } catch (e) {
    return `${(e as Error).message}; escape special characters such as ( [ . with \\`;
  }
}

export interface LeafIssue {
  /** Relative to the leaf: `['field']`, `['gte']`, `['in', 2]`. */
  path: (string | number)[];
  message: string;
}

const TYPE_NAME: Record<FieldType, string> = { string: 'text', number: 'a number', enum: 'a choice (enum)', boolean: 'true/false' };
const NEEDS: Partial<Record<Operator, string>> = {
  in: 'a text, choice or number field',
  gte: 'a number field',
  lte: 'a number field',
  between: 'a number field',
  contains: 'a text field',
  matches: 'a text field',
};

/** What is wrong with one leaf against the known fields: unknown field, operator/type mismatch, bad value. */
export function leafIssues(leaf: Leaf, table: FieldTable): LeafIssue[] {
  const info = table.get(leaf.field);
  if (!info) return [{ path: ['field'], message: unknownField(leaf.field, table) }];
  const allowed = OPERATORS_BY_TYPE[info.type];
  if (!allowed.includes(leaf.op)) {
    const message = `operator '${leaf.op}' needs ${NEEDS[leaf.op] ?? 'another field type'}; '${leaf.field}' is ${TYPE_NAME[info.type]} (use ${allowed.join(', ')})`;
    return [{ path: [leaf.op], message }];
  }
  if (leaf.op === 'matches') {
    const problem = regexProblem(leaf.value);
    return problem ? [{ path: ['matches'], message: problem }] : [];
  }
  const values: { path: (string | number)[]; value: unknown }[] =
    leaf.op === 'eq' ? [{ path: ['eq'], value: leaf.value }] : leaf.op === 'in' ? leaf.value.map((value, i) => ({ path: ['in', i], value })) : [];
  return values.flatMap(({ path, value }) => {
    const message = valueProblem(value, info, leaf.field);
    return message ? [{ path, message }] : [];
  });
}

function valueProblem(value: unknown, info: FieldInfo, field: string): string | undefined {
  switch (info.type) {
    case 'number':
      if (typeof value === 'number') return undefined;
      return /^-?[\d,]+(\.\d+)?$/.test(String(value))
        ? `'${field}' is a number; write ${String(value).replaceAll(',', '')} without quotes or commas`
        : `'${field}' is a number; ${JSON.stringify(value)} is not one`;
    case 'string':
      return typeof value === 'string' ? undefined : `'${field}' is text; put ${String(value)} in quotes: '${String(value)}'`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `'${field}' is true/false; write true or false`;
    case 'enum':
      return typeof value === 'string' && info.options?.includes(value)
        ? undefined
        : `'${String(value)}' is not an option of ${field}${didYouMean(String(value), info.options ?? [])}; options: ${(info.options ?? []).join(', ')}`;
  }
}

function unknownField(name: string, table: FieldTable): string {
  const names = [...table.keys()];
  const hint = didYouMean(name, names);
  if (name.startsWith('custom.')) {
    const declared = names.filter((n) => n.startsWith('custom.'));
    return `unknown custom field '${name}'${hint}; declare it under leads.customFields${declared.length ? ` (declared: ${declared.join(', ')})` : ''}`;
  }
  return `unknown field '${name}'${hint}; known fields: ${Object.keys(LEAD_FIELDS).join(', ')}, or custom.<key> for a declared custom field`;
}
