/**
 * Field mapping for `closeloop import <file> --mapping <file>`: an old CRM's export keeps its own
 * column names and values; a small YAML file says which column holds which closeloop field,
 * how to translate values, and what to assume for fields the export lacks.
 *
 * @example
 * kind: leads
 * columns: { company: 客户名称, contactName: 联系人, budget: 预算(元), custom.schoolSize: 学校规模 }
 * values: { industry: { 教育: education, 医疗: healthcare } }
 * defaults: { websiteDwellSeconds: 0, decisionChainSize: 1, interactionCount: 0 }
 * @module
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LEAD_FIELDS } from '../domain/rules/lead-fields.ts';
import { LeadFileError, leadFieldValue } from './lead-file.ts';

const TARGETS = ['externalId', ...Object.keys(LEAD_FIELDS)];

const isTarget = (f: string) => TARGETS.includes(f) || /^custom\.[A-Za-z][\w-]*$/.test(f);
/** A record keyed by closeloop lead fields; a wrong key is named with what would be right. */
const byField = <T extends z.ZodType>(value: T) =>
  z.record(z.string(), value).superRefine((rec, ctx) => {
    for (const key of Object.keys(rec)) {
      if (!isTarget(key)) ctx.addIssue({ code: 'custom', path: [key], message: `not a closeloop lead field; use ${TARGETS.join(', ')} or custom.<key>` });
    }
  });
const cell = z.union([z.string(), z.number(), z.boolean()]);

export const leadMappingSchema = z
  .object({
    kind: z.literal('leads', { error: 'kind: leads (the only kind closeloop imports for now)' }),
    columns: byField(z.string().min(1)).refine((c) => Object.keys(c).length > 0, 'map at least one column'),
    values: byField(z.record(z.string(), cell)).default({}),
    defaults: byField(cell).default({}),
  })
  .strict();

export type LeadMapping = z.output<typeof leadMappingSchema>;

/** Reads and checks a mapping file; LeadFileError names each problem by its YAML path. */
export function loadLeadMapping(path: string): LeadMapping {
  return loadMappingFile(path, leadMappingSchema);
}

/** A YAML mapping file checked by `schema` (leads, customers); LeadFileError names each problem by its YAML path. */
export function loadMappingFile<S extends z.ZodType>(path: string, schema: S): z.output<S> {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new LeadFileError(`${path}: cannot read the mapping: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = schema.safeParse(doc);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new LeadFileError(`${path}: invalid mapping\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * One exported record → the lead fields closeloop reads: mapped columns (values translated,
 * number fields read as numbers), then defaults for whatever is still missing. Columns the
 * mapping does not name are left out.
 */
export function applyLeadMapping(record: Record<string, unknown>, mapping: LeadMapping): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  const put = (field: string, value: unknown) => {
    if (field.startsWith('custom.')) custom[field.slice('custom.'.length)] = value;
    else out[field] = leadFieldValue(field, value);
  };
  for (const [field, column] of Object.entries(mapping.columns)) {
    const raw = record[column];
    if (raw === undefined || raw === null || raw === '') continue;
    const translated = mapping.values[field]?.[String(raw).trim()];
    put(field, translated ?? raw);
  }
  for (const [field, value] of Object.entries(mapping.defaults)) {
    const present = field.startsWith('custom.') ? custom[field.slice('custom.'.length)] !== undefined : out[field] !== undefined;
    if (!present) put(field, value);
  }
  if (Object.keys(custom).length) out.custom = custom;
  return out;
}

/** Columns of the file the mapping does not use, to tell the admin what is left behind. */
export function unmappedColumns(records: readonly Record<string, unknown>[], mapping: LeadMapping): string[] {
  const used = new Set(Object.values(mapping.columns));
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) if (!used.has(k)) seen.add(k);
  return [...seen];
}
