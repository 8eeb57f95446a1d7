/** What the console page may post, validated with zod; a bad field becomes a 400 naming it. */
import { z } from 'zod';
import { HttpError } from '../../errors.ts';

const personId = z.string().min(1).max(64);
/** A fresh random id per click/submit from the page; the inbox dedupes on it. */
const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'use 8-128 letters, digits, "-" or "_"');

const formValue = z.union([z.string().max(4000), z.array(z.string().max(2000)).max(100)]);

export const actionRequest = z.object({
  person: personId,
  actionId: z.string().min(1).max(255),
  value: z.string().max(2000),
  cardKey: z.string().min(1).max(256).optional(),
  values: z
    .record(z.string().min(1).max(64), formValue)
    .refine((v) => Object.keys(v).length <= 50, 'at most 50 form values')
    .optional(),
  clientId,
});
export type ActionRequest = z.infer<typeof actionRequest>;

export const commandRequest = z.object({
  person: personId,
  // Slash commands are typed as `/help` out of habit; the leading `/` is not part of the text.
  text: z
    .string()
    .max(2000)
    .transform((t) => t.trim().replace(/^\/+/, '').trim())
    .pipe(z.string().min(1, 'type a command, e.g. help')),
  clientId,
});
export type CommandRequest = z.infer<typeof commandRequest>;

export const feedQuery = z.object({
  person: personId,
  since: z.coerce.number().int().nonnegative().optional(),
});

/** Parses or throws 400 `invalid_request` whose message and details name each bad field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new HttpError(400, 'invalid_request', `invalid ${summary}`, { issues });
}
