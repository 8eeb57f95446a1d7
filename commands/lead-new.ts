/**
 * `/lead new`: replies with the new-lead form; its submit (`lead.new.submit`) goes through the
 * same validation and intake as `POST /api/leads`, so the chat form cannot store what the API
 * would refuse.
 * @module
 */
import { createHash } from 'node:crypto';
import {
  CUSTOM_PREFIX,
  LEAD_NEW_SUBMIT,
  NUMBER_INPUTS,
  ZERO_WHEN_BLANK,
  leadFieldLabel,
  leadFormCard,
  type BuiltInInput,
} from '../cards/lead-form.ts';
import type { Company } from '../src/config/company.ts';
import { personById } from '../src/config/company.ts';
import type { LeadIssue } from '../src/domain/leads/lead-input.ts';
import { conditionSchema, type Condition } from '../src/domain/rules/condition-schema.ts';
import { BotError } from '../src/errors.ts';
import { leadIntakeBody, submitLead } from '../src/http/leads-api.ts';
import { storedExplanation } from '../src/services/lead-card.ts';
import { reasonLine } from '../src/services/routing/assign.ts';
import { getLead } from '../src/store/leads.ts';
import type { ActionHandler, HandlerContext } from './command.ts';

/** Ties a submission to its form, so a double submit returns the lead the first one made. */
const EXTERNAL_ID_PREFIX = 'chat-form:';
const NONCE = /^[0-9a-f]{16}$/;
const TEXT_INPUTS: readonly BuiltInInput[] = ['company', 'contactName', 'contactTitle', 'industry', 'source'];

export async function runLeadNew(ctx: HandlerContext): Promise<void> {
  const { company } = ctx.deps;
  const nonce = createHash('sha256').update(`${ctx.interaction.channel}:${ctx.interaction.dedupeKey}`).digest('hex').slice(0, 16);
  const card = leadFormCard(ctx.locale, { nonce, industries: formIndustries(company), customFields: company.leads.customFields });
  if (await ctx.openForm(card)) return;
  await ctx.reply({ kind: 'card', card });
}

/** Industries the company's rules and materials speak of: what a lead's industry can usefully be. */
export function formIndustries(company: Company): string[] {
  const out: string[] = [];
  const walk = (c: Condition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    // Under `not` an industry is one the rule avoids; it still is a real industry of the company.
    else if ('not' in c) walk(c.not);
    else if (c.field === 'industry' && (c.op === 'eq' || c.op === 'in')) {
      for (const v of Array.isArray(c.value) ? c.value : [c.value]) if (typeof v === 'string') out.push(v);
    }
  };
  for (const route of company.leads.routes) {
    const when = route.when === undefined ? undefined : conditionSchema.safeParse(route.when);
    if (when?.success) walk(when.data);
    out.push(...(route.materials?.industries ?? []));
  }
  for (const tag of company.leads.tags) walk(tag.when);
  for (const m of company.materials) out.push(...m.industries);
  return [...new Set(out.map((i) => i.trim()).filter(Boolean))];
}

/** "500000", "500,000", "50万" → 500000; blank → undefined; anything else → NaN. */
export function formNumber(text: string): number | undefined {
  const s = text.replace(/[\s,，]/g, '');
  if (s === '') return undefined;
  const m = /^(-?\d+(?:\.\d+)?)(万)?$/.exec(s);
  if (!m) return Number.NaN;
  return m[2] ? Math.round(Number(m[1]) * 10_000) : Number(m[1]);
}

interface FormRead {
  raw: Record<string, unknown>;
  /** Inputs left blank or not a number: named in the reply in words people understand. */
  blank: Set<string>;
  notNumber: Set<string>;
}

function readForm(company: Company, values: Record<string, string | string[]>, nonce: string): FormRead {
  const one = (id: string): string => {
    const v = Object.hasOwn(values, id) ? values[id] : undefined;
    return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
  };
  const raw: Record<string, unknown> = { externalId: `${EXTERNAL_ID_PREFIX}${nonce}` };
  const blank = new Set<string>();
  const notNumber = new Set<string>();
  for (const id of TEXT_INPUTS) {
    const v = one(id);
    if (v) raw[id] = v;
    else if (id !== 'source') blank.add(id);
  }
  for (const id of NUMBER_INPUTS) {
    const n = formNumber(one(id));
    if (n === undefined) {
      if (ZERO_WHEN_BLANK.includes(id)) raw[id] = 0;
      else blank.add(id);
    } else if (Number.isNaN(n)) {
      // Passed on as typed, so the API's validation still reports it under this field.
      raw[id] = one(id);
      notNumber.add(id);
    } else {
      raw[id] = n;
    }
  }
  const custom: Record<string, string | number> = {};
  for (const f of company.leads.customFields) {
    const v = one(`${CUSTOM_PREFIX}${f.key}`);
    if (!v) continue;
    const n = f.type === 'number' ? formNumber(v) : undefined;
    // "1,200" reads as 1200 here too; anything else goes on as typed for the API's own message.
    custom[f.key] = n !== undefined && !Number.isNaN(n) ? n : v;
  }
  if (Object.keys(custom).length) raw.custom = custom;
  return { raw, blank, notNumber };
}

function issueLines(ctx: HandlerContext, issues: readonly LeadIssue[], read: FormRead): string[] {
  const zh = ctx.locale === 'zh-CN';
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const issue of issues) {
    if (seen.has(issue.path)) continue;
    seen.add(issue.path);
    const label = leadFieldLabel(issue.path, ctx.locale, ctx.deps.company.leads.customFields);
    const message = read.blank.has(issue.path)
      ? zh ? '必填' : 'required'
      : read.notNumber.has(issue.path)
        ? zh ? '请填写数字，如 500000' : 'must be a number, e.g. 500000'
        : issue.message;
    lines.push(`• ${label}: ${message}`);
  }
  return lines;
}

async function submitLeadForm(ctx: HandlerContext): Promise<void> {
  const zh = ctx.locale === 'zh-CN';
  const nonce = ctx.interaction.value ?? '';
  if (!NONCE.test(nonce)) throw new BotError('bad_action', zh ? '这个表单的数据无效，请重新发送 lead new。' : 'This form carries invalid data; send lead new again.');
  const values = ctx.interaction.values;
  if (!values || Object.keys(values).length === 0) {
    throw new BotError('empty_form', zh ? '表单是空的，未创建线索。请填写后再提交。' : 'The form was empty; no lead was created. Fill it in and submit again.');
  }
  const read = readForm(ctx.deps.company, values, nonce);
  const { status, body } = await submitLead(ctx.deps, read.raw, 'chat');
  if (status === 400) {
    const issues = (body as { issues?: LeadIssue[] }).issues ?? [];
    const header = zh ? '线索未创建，请修改以下字段后重新提交：' : 'No lead was created; fix these fields and submit again:';
    await ctx.reply([header, ...issueLines(ctx, issues, read)].join('\n'));
    return;
  }
  const created = body as ReturnType<typeof leadIntakeBody>;
  if (!created.created) {
    await ctx.reply(
      zh
        ? `这张表单已提交过：线索 ${created.id}，负责人 ${created.assignee.name}。如需再建一条，请发送 lead new。`
        : `This form was already submitted: lead ${created.id}, owner ${created.assignee.name}. Send lead new for another one.`,
    );
    return;
  }
  await ctx.reply(
    zh
      ? `线索 ${created.id} 已创建，分配给 ${created.assignee.name}（理由：${await reasonFor(ctx, created.id, created.reason)}）`
      : `Lead ${created.id} created and assigned to ${created.assignee.name} (why: ${await reasonFor(ctx, created.id, created.reason)}).`,
  );
}

/** The API states the reason in the company's language; the person may read another. */
async function reasonFor(ctx: HandlerContext, leadId: string, fallback: string): Promise<string> {
  if (ctx.locale === ctx.deps.company.language) return fallback;
  const lead = await getLead(ctx.deps.db.kysely, leadId);
  const owner = lead && personById(ctx.deps.company, lead.ownerId);
  const e = lead && (await storedExplanation(ctx.deps.db.kysely, lead));
  return lead && owner && e ? reasonLine(e, owner, ctx.locale) : fallback;
}

export const leadNewActions: Record<string, ActionHandler> = {
  [LEAD_NEW_SUBMIT]: submitLeadForm,
};
