/**
 * Custom lead fields the company file declares (`leads.customFields`), and the check a lead's
 * `custom` values pass at every entry point: the API, the chat form and import.
 * @module
 */
import { z } from 'zod';
import { assertNever } from '../../errors.ts';
import type { LeadIssue } from '../leads/lead-input.ts';
import { didYouMean } from './suggest.ts';

export const CUSTOM_FIELD_TYPES = ['string', 'number', 'boolean', 'enum'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

const labelText = (lang: string, example: string) =>
  z.string({ error: `give the ${lang} label, e.g. ${example}` }).trim().min(1, `give the ${lang} label, e.g. ${example}`).max(100);
export const labelSchema = z.object({ zh: labelText('Chinese', 'zh: 学校规模'), en: labelText('English', 'en: School size') }).strict();
export type Label = z.infer<typeof labelSchema>;

export const customFieldSchema = z
  .object({
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'use letters, digits or "_", starting with a letter (max 64), e.g. schoolSize'),
    label: labelSchema,
    type: z.enum(CUSTOM_FIELD_TYPES, { error: 'type is one of: string, number, boolean, enum' }),
    required: z.boolean().default(false),
    options: z.array(z.string({ error: 'options are text; quote numbers' }).trim().min(1).max(200)).min(1).max(200).optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    maxLength: z.number().int().positive().max(1000, 'at most 1000 (the lead API limit)').optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (f.type === 'enum' && !f.options) issue(['options'], 'an enum field needs options, e.g. options: [公立, 私立, 国际]');
    if (f.type !== 'enum' && f.options) issue(['options'], 'options only apply to type: enum');
    f.options?.forEach((o, i) => {
      if (f.options?.indexOf(o) !== i) issue(['options', i], `option '${o}' is listed twice`);
    });
    for (const k of ['min', 'max'] as const) {
      if (f[k] !== undefined && f.type !== 'number') issue([k], `${k} only applies to type: number`);
    }
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) issue(['max'], `max (${f.max}) must be at least min (${f.min})`);
    if (f.maxLength !== undefined && f.type !== 'string') issue(['maxLength'], 'maxLength only applies to type: string');
  });

export const customFieldsSchema = z
  .array(customFieldSchema)
  .max(50, 'at most 50 custom fields (the lead API limit)')
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (seen.has(f.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `custom field '${f.key}' is declared twice` });
      seen.add(f.key);
    });
  });

export type CustomField = z.output<typeof customFieldSchema>;
export type CustomValue = string | number | boolean;
export type CustomFieldsResult =
  | { ok: true; value: Record<string, CustomValue> }
  | { ok: false; issues: LeadIssue[] };

const TRUE = new Set(['true', 'yes', '1', '是']);
const FALSE = new Set(['false', 'no', '0', '否']);
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Checks a lead's `custom` values against the declared fields and normalises them (trimmed
 * text; numbers and true/false also accepted as text, as forms and CSV files send them).
 * Empty text counts as missing.
 *
 * @example
 * validateCustomFields(company.leads.customFields, { schoolSize: '1200' })
 * // → { ok: true, value: { schoolSize: 1200 } }
 */
export function validateCustomFields(
  declared: readonly CustomField[],
  custom: Readonly<Record<string, unknown>> | undefined,
): CustomFieldsResult {
  const issues: LeadIssue[] = [];
  const value: Record<string, CustomValue> = {};
  const given = custom ?? {};
  const keys = declared.map((f) => f.key);
  for (const key of Object.keys(given)) {
    if (keys.includes(key)) continue;
    const known = keys.length ? `declared: ${keys.join(', ')}` : 'the company file declares none (leads.customFields)';
    issues.push({ path: `custom.${key}`, message: `unknown custom field '${key}'${didYouMean(key, keys)}; ${known}` });
  }
  for (const field of declared) {
    const raw = Object.hasOwn(given, field.key) ? given[field.key] : undefined;
    const result = coerce(field, raw);
    if (result === undefined) {
      if (field.required) issues.push({ path: `custom.${field.key}`, message: `required: ${field.label.zh} (${field.label.en})` });
    } else if ('problem' in result) {
      issues.push({ path: `custom.${field.key}`, message: result.problem });
    } else {
      value[field.key] = result.value;
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, value };
}

function coerce(field: CustomField, raw: unknown): { value: CustomValue } | { problem: string } | undefined {
  const v = typeof raw === 'string' ? raw.trim() : raw;
  if (v === undefined || v === null || v === '') return undefined;
  switch (field.type) {
    case 'string': {
      if (typeof v !== 'string' && typeof v !== 'number') return { problem: 'must be text' };
      const s = String(v);
      const max = field.maxLength ?? 1000;
      return s.length > max ? { problem: `at most ${max} characters` } : { value: s };
    }
    case 'enum': {
      const s = typeof v === 'number' ? String(v) : v;
      const options = field.options ?? [];
      return typeof s === 'string' && options.includes(s) ? { value: s } : { problem: `must be one of: ${options.join(', ')}` };
    }
    case 'number': {
      const n = typeof v === 'string' && NUMBER.test(v) ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isFinite(n)) return { problem: 'must be a number, e.g. 1200' };
      if (field.min !== undefined && n < field.min) return { problem: `must be at least ${field.min}` };
      if (field.max !== undefined && n > field.max) return { problem: `must be at most ${field.max}` };
      return { value: n };
    }
    case 'boolean': {
      if (typeof v === 'boolean') return { value: v };
      const s = String(v).toLowerCase();
      return TRUE.has(s) ? { value: true } : FALSE.has(s) ? { value: false } : { problem: 'must be true or false' };
    }
    default:
      return assertNever(field.type, 'custom field type');
  }
}
