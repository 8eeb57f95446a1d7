/**
 * Field mapping for `closeloop import-customers <file> --mapping <file>`: which column of the
 * old CRM's customer export holds which customer field, how to translate values, and who its
 * owner names are.
 *
 * @example
 * kind: customers
 * columns: { name: 客户名称, contactName: 联系人, lastContactAt: 上次沟通日期, owner: 负责人 }
 * values: { industry: { 教育: education } }
 * owners: { 老王: wang-qiang, zhangwei@old-crm.example: zhang-wei }
 * @module
 */
import { z } from 'zod';
import { loadMappingFile } from './lead-mapping.ts';

export const CUSTOMER_FIELDS = ['name', 'externalRef', 'contactName', 'contactTitle', 'contactPhone', 'contactEmail', 'lastContactAt', 'owner', 'industry', 'region', 'customerType', 'sizeBand', 'budget'] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

const isTarget = (f: string) => (CUSTOMER_FIELDS as readonly string[]).includes(f) || /^custom\.[A-Za-z][\w-]*$/.test(f);
const byField = <T extends z.ZodType>(value: T) =>
  z.record(z.string(), value).superRefine((rec, ctx) => {
    for (const key of Object.keys(rec)) {
      if (!isTarget(key)) ctx.addIssue({ code: 'custom', path: [key], message: `not a customer field; use ${CUSTOMER_FIELDS.join(', ')} or custom.<key>` });
    }
  });
const cell = z.union([z.string(), z.number(), z.boolean()]);

export const customerMappingSchema = z
  .object({
    kind: z.literal('customers', { error: 'kind: customers (this command imports customers; `closeloop import` imports leads)' }),
    columns: byField(z.string().min(1)).refine((c) => 'name' in c, 'map the customer name column: columns.name'),
    values: byField(z.record(z.string(), cell)).default({}),
    defaults: byField(cell).default({}),
    /** The old CRM's owner names or e-mails → person ids of the company file. */
    owners: z.record(z.string(), z.string().min(1)).default({}),
  })
  .strict();

export type CustomerMapping = z.output<typeof customerMappingSchema>;

export function loadCustomerMapping(path: string): CustomerMapping {
  return loadMappingFile(path, customerMappingSchema);
}

/** One exported row → customer fields by name (values translated, text trimmed); unmapped columns left out. */
export function applyCustomerMapping(record: Record<string, unknown>, m: CustomerMapping): Partial<Record<CustomerField, unknown>> & { custom?: Record<string, unknown> } {
  const out: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  const put = (field: string, value: unknown) => {
    const v = typeof value === 'string' ? value.trim() : value;
    if (field.startsWith('custom.')) custom[field.slice('custom.'.length)] = v;
    else out[field] = v;
  };
  for (const [field, column] of Object.entries(m.columns)) {
    const raw = record[column];
    if (raw === undefined || raw === null || raw === '') continue;
    put(field, m.values[field]?.[String(raw).trim()] ?? raw);
  }
  for (const [field, value] of Object.entries(m.defaults)) {
    const present = field.startsWith('custom.') ? custom[field.slice(7)] !== undefined : out[field] !== undefined;
    if (!present) put(field, value);
  }
  return { ...out, ...(Object.keys(custom).length ? { custom } : {}) };
}
