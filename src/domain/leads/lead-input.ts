/**
 * The lead intake contract (design.md §3): the fields a lead arrives with, validated with
 * zod. Bounds keep one request from storing megabytes or nonsense numbers.
 * @module
 */
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const count = (max: number) => z.number().int('must be a whole number').min(0, 'must be 0 or more').max(max, `at most ${max}`);

export const leadInputSchema = z
  .object({
    externalId: text(128).optional(),
    company: text(200),
    contactName: text(100),
    contactTitle: text(100),
    industry: text(64),
    budget: z.number().finite().min(0, 'must be 0 or more').max(1e12, 'at most 1,000,000,000,000 CNY'),
    websiteDwellSeconds: count(10_000_000),
    decisionChainSize: count(1000),
    interactionCount: count(100_000),
    region: text(100).optional(),
    source: text(100).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 -]{4,24}$/, 'digits, spaces or dashes, optionally starting with +')
      .optional(),
    email: z.email('must be an e-mail address').max(254).optional(),
    notes: z.string().max(4000, 'at most 4000 characters').optional(),
    custom: z
      .record(z.string().max(64), z.union([z.string().max(1000), z.number(), z.boolean()]))
      .refine((r) => Object.keys(r).length <= 50, 'at most 50 custom fields')
      .optional(),
  })
  .strict();

export type LeadInput = z.infer<typeof leadInputSchema>;

export interface LeadIssue {
  path: string;
  message: string;
}

/** Parses a lead; returns every problem with its field path (e.g. `budget`, `custom.size`). */
export function parseLeadInput(raw: unknown): { ok: true; lead: LeadInput } | { ok: false; issues: LeadIssue[] } {
  const result = leadInputSchema.safeParse(raw);
  if (result.success) return { ok: true, lead: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({
      path: i.path.length ? i.path.join('.') : i.code === 'unrecognized_keys' ? (i.keys ?? []).join(',') : '(body)',
      message: i.code === 'unrecognized_keys' ? `unknown field(s): ${(i.keys ?? []).join(', ')}` : i.message,
    })),
  };
}
