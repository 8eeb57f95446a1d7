/**
 * The one check every way into intake runs (API, chat form, import, dry run): the lead contract,
 * then the company's custom fields, with every problem named by its path.
 * @module
 */
import { validateCustomFields, type CustomField } from '../rules/custom-fields.ts';
import { parseLeadInput, type LeadInput, type LeadIssue } from './lead-input.ts';

export type ValidLead = { ok: true; lead: LeadInput } | { ok: false; issues: LeadIssue[] };

export function validateLead(customFields: readonly CustomField[], raw: unknown): ValidLead {
  const parsed = parseLeadInput(raw);
  const given = parsed.ok ? parsed.lead.custom : customOf(raw);
  const custom = validateCustomFields(customFields, given);
  const issues = [...(parsed.ok ? [] : parsed.issues.filter((i) => !i.path.startsWith('custom'))), ...(custom.ok ? [] : custom.issues)];
  if (!parsed.ok && issues.length === 0) issues.push(...parsed.issues);
  if (issues.length > 0 || !parsed.ok || !custom.ok) return { ok: false, issues };
  return { ok: true, lead: { ...parsed.lead, custom: custom.value } };
}

function customOf(raw: unknown): Record<string, unknown> | undefined {
  const c = raw && typeof raw === 'object' ? (raw as { custom?: unknown }).custom : undefined;
  return c && typeof c === 'object' && !Array.isArray(c) ? (c as Record<string, unknown>) : undefined;
}
