/**
 * The company file (YAML): people, teams, lead defaults, materials. Validated with zod; an
 * error names the file, the YAML path and the fix. Later features add their sections here.
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseDocument, isNode, type Document } from 'yaml';
import { z } from 'zod';
import { calendarSchema, workingHoursSchema } from '../domain/sla/calendar-schema.ts';
import { slaLadderSchema } from '../domain/sla/ladder.ts';
import { leadRulesShape, ruleIssues } from '../domain/rules/validate.ts';
import { conditionIssues, conditionSchema } from '../domain/rules/condition-schema.ts';
import { leadsRoutingShape, routingReferenceIssues } from '../domain/routing/route-schema.ts';
import { visitsReferenceIssues, visitsSchema, localizedLabel as catalogueLabel } from '../domain/visits/catalogue-schema.ts';
import { DEFAULT_VISITS } from '../domain/visits/default-catalogue.ts';
import { DEFAULT_STAGES, pipelineIssues, pipelineSchema } from '../domain/deals/pipeline-schema.ts';

import { idSchema, LOCALES, ROLES, type Locale } from './vocabulary.ts';

export { LOCALES, ROLES, type Locale, type Role } from './vocabulary.ts';

const id = idSchema;

const localized = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

export const personSchema = z
  .object({
    id,
    name: z.string().min(1).max(64),
    roles: z.array(z.enum(ROLES)).min(1, 'give at least one role: rep, supervisor, manager, finance, delivery or admin'),
    team: id.optional(),
    supervisor: id.optional(),
    skills: z.array(z.string().min(1)).default([]),
    capacity: z
      .object({ openLeads: z.number().int().positive().optional(), perDay: z.number().int().positive().optional() })
      .strict()
      .default({}),
    languages: z.array(z.string()).default([]),
    language: z.enum(LOCALES).optional(),
    /** Own hours (a shift) on the company's workdays; routing prefers people on duty. Default: the company's. */
    workingHours: workingHoursSchema.optional(),
    wecomUserId: z.string().min(1).max(64).optional(),
    slackUserId: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack user id looks like U0123ABCD').optional(),
    phone: z.string().optional(),
    email: z.email().optional(),
    active: z.boolean().default(true),
  })
  .strict();

export const teamSchema = z
  .object({ id, name: localized, supervisor: id.optional(), skills: z.array(z.string()).default([]) })
  .strict();

export const materialSchema = z
  .object({
    id,
    title: localized,
    url: z.url(),
    industries: z.array(z.string()).default([]),
    tags: z.array(z.string()).default([]),
  })
  .strict();

export const industrySchema = z.object({ key: z.string().min(1).max(64), label: catalogueLabel }).strict();

/** Size bands of customers by budget (CNY), smallest first: a customer's band is the last whose `minBudget` it reaches. */
export const sizeBandSchema = z.object({ key: z.string().regex(/^[a-z0-9_]{1,32}$/), label: catalogueLabel, minBudget: z.number().min(0) }).strict();

export const DEFAULT_SIZE_BANDS = [
  { key: 'small', label: { zh: '小型（<10万）', en: 'Small (<100k)' }, minBudget: 0 },
  { key: 'medium', label: { zh: '中型（10–50万）', en: 'Medium (100k–500k)' }, minBudget: 100_000 },
  { key: 'large', label: { zh: '大型（50–200万）', en: 'Large (500k–2M)' }, minBudget: 500_000 },
  { key: 'key_account', label: { zh: '战略（≥200万）', en: 'Strategic (≥2M)' }, minBudget: 2_000_000 },
];

const customersSchema = z
  .object({ sizeBands: z.array(sizeBandSchema).min(1).default(DEFAULT_SIZE_BANDS) })
  .strict();

export const companySchema = z
  .object({
    name: z.string().min(1),
    timezone: z.string().refine(isTimeZone, 'use an IANA time zone such as Asia/Shanghai'),
    language: z.enum(LOCALES).default('zh-CN'),
    calendar: calendarSchema.prefault({}),
    people: z.array(personSchema).min(1),
    teams: z.array(teamSchema).default([]),
    leads: z
      .object({
        /** Gets every lead no route can place (also called fallbackOwner). */
        defaultOwner: id,
        ...leadRulesShape,
        ...leadsRoutingShape,
        sla: slaLadderSchema.prefault({}),
      })
      .strict(),
    materials: z.array(materialSchema).default([]),
    /** Industry keys with zh/en labels; a lead's or customer's industry shows its label. */
    industries: z.array(industrySchema).default([]),
    customers: customersSchema.prefault({}),
    visits: visitsSchema.default(DEFAULT_VISITS),
    pipeline: pipelineSchema.default(DEFAULT_STAGES),
    points: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const people = new Set<string>();
    c.people.forEach((p, i) => {
      if (people.has(p.id)) ctx.addIssue({ code: 'custom', path: ['people', i, 'id'], message: `duplicate person id "${p.id}"` });
      people.add(p.id);
    });
    const teams = new Set(c.teams.map((t) => t.id));
    const seen = { wecom: new Set<string>(), slack: new Set<string>() };
    c.people.forEach((p, i) => {
      if (p.team && !teams.has(p.team)) {
        ctx.addIssue({ code: 'custom', path: ['people', i, 'team'], message: `unknown team "${p.team}"; declare it under teams` });
      }
      if (p.supervisor && !people.has(p.supervisor)) {
        ctx.addIssue({ code: 'custom', path: ['people', i, 'supervisor'], message: `unknown person "${p.supervisor}"` });
      }
      if (p.wecomUserId) {
        if (seen.wecom.has(p.wecomUserId)) ctx.addIssue({ code: 'custom', path: ['people', i, 'wecomUserId'], message: `wecomUserId "${p.wecomUserId}" is used twice` });
        seen.wecom.add(p.wecomUserId);
      }
      if (p.slackUserId) {
        if (seen.slack.has(p.slackUserId)) ctx.addIssue({ code: 'custom', path: ['people', i, 'slackUserId'], message: `slackUserId "${p.slackUserId}" is used twice` });
        seen.slack.add(p.slackUserId);
      }
    });
    c.teams.forEach((t, i) => {
      if (t.supervisor && !people.has(t.supervisor)) {
        ctx.addIssue({ code: 'custom', path: ['teams', i, 'supervisor'], message: `unknown person "${t.supervisor}"` });
      }
    });
    if (!people.has(c.leads.defaultOwner)) {
      ctx.addIssue({ code: 'custom', path: ['leads', 'defaultOwner'], message: `unknown person "${c.leads.defaultOwner}"; use an id from people` });
    }
    for (const i of pipelineIssues(c.pipeline)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
    for (const i of visitsReferenceIssues(c.visits, c.pipeline.stages.map((s) => s.key))) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
    const industryKeys = new Set<string>();
    c.industries.forEach((ind, i) => {
      if (industryKeys.has(ind.key)) ctx.addIssue({ code: 'custom', path: ['industries', i, 'key'], message: `duplicate industry "${ind.key}"` });
      industryKeys.add(ind.key);
    });
    for (const i of ruleIssues(c.leads)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
    for (const i of routingReferenceIssues(c.leads, { personIds: people, teamIds: teams })) {
      ctx.addIssue({ code: 'custom', path: ['leads', ...i.path], message: i.message });
    }
    c.leads.routes.forEach((r, i) => {
      if (r.when !== undefined) {
        const parsed = conditionSchema.safeParse(r.when);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['leads', 'routes', i, 'when', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: issue.message });
        } else {
          for (const issue of conditionIssues(parsed.data, c.leads.customFields, ['leads', 'routes', i, 'when'])) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
        }
      }
      if (r.sla !== undefined) {
        const parsed = slaLadderSchema.safeParse(r.sla);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['leads', 'routes', i, 'sla', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: issue.message });
        }
      }
      r.tags?.forEach((tag, j) => {
        if (!c.leads.tags.some((t) => t.key === tag)) {
          ctx.addIssue({ code: 'custom', path: ['leads', 'routes', i, 'tags', j], message: `unknown tag "${tag}"; declare it under leads.tags` });
        }
      });
    });
  });

export type Company = z.infer<typeof companySchema>;
export type Person = Company['people'][number];
export type Team = Company['teams'][number];

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export class CompanyConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; line?: number; message: string }[],
  ) {
    super(
      `${file}: invalid company file\n` +
        problems.map((p) => `  - ${p.path}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`).join('\n'),
    );
  }
}

/** Parses company YAML text; `file` is only used in error messages. */
export function parseCompany(text: string, file = '<company>'): Company {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new CompanyConfigError(
      file,
      doc.errors.map((e) => ({ path: '(yaml)', line: e.linePos?.[0]?.line, message: e.message.split('\n')[0] ?? e.message })),
    );
  }
  const result = companySchema.safeParse(doc.toJS());
  if (result.success) return result.data;
  throw new CompanyConfigError(
    file,
    result.error.issues.map((i) => ({
      path: i.path.length ? i.path.join('.') : '(root)',
      line: lineOf(doc, text, i.path),
      message: i.message,
    })),
  );
}

export function loadCompany(file: string): Company {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CompanyConfigError(file, [{ path: '(file)', message: `cannot read: ${(e as Error).message}; set COMPANY_CONFIG to a YAML file` }]);
  }
  return parseCompany(text, file);
}

function lineOf(doc: Document, text: string, path: PropertyKey[]): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return text.slice(0, node.range[0]).split('\n').length;
  }
  return undefined;
}

export function personById(company: Company, personId: string): Person | undefined {
  return company.people.find((p) => p.id === personId);
}

/** The supervisor of a person: their own `supervisor`, else their team's. */
export function supervisorOf(company: Company, person: Person): Person | undefined {
  const supervisorId = person.supervisor ?? company.teams.find((t) => t.id === person.team)?.supervisor;
  return supervisorId && supervisorId !== person.id ? personById(company, supervisorId) : undefined;
}

/** An industry's label in the reader's language; an undeclared industry shows its key. */
export function industryLabel(company: Company, industry: string, locale: Locale): string {
  const found = company.industries.find((i) => i.key === industry);
  return found ? (locale === 'zh-CN' ? found.label.zh : found.label.en) : industry;
}

/** zh or en label of any catalogue entry. */
export function labelIn(label: { zh: string; en: string }, locale: Locale): string {
  return locale === 'zh-CN' ? label.zh : label.en;
}

export function localeOf(company: Company, person: Person | undefined): Locale {
  return person?.language ?? company.language;
}
