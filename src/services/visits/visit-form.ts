/** The visit form for one customer as one person sees it: their language, the deal's stage, the customer's type. */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Card, CardField } from '../../../cards/card.ts';
import { visitFormCard } from '../../../cards/visits/visit-form.ts';
import { industryLabel, labelIn, localeOf, personById, type Company, type Person } from '../../config/company.ts';
import type { Customer } from '../../domain/customers/customer.ts';
import type { Deal } from '../../domain/deals/deal.ts';
import { firstStage } from '../../domain/deals/pipeline-schema.ts';
import { actionsAllowedAt, painsOfType, STANCES } from '../../domain/visits/catalogue-schema.ts';
import { isoDay } from '../../i18n.ts';
import { openDealOfCustomer } from '../../store/deals/deals.ts';
import { customerTypeLabel, STANCE_LABELS, stageLabel } from './labels.ts';

/** A form's submit value: `c:<customer>:<nonce>` for a fresh form, `d:<draft>` for 修改 on a draft. */
export function formSubmitValue(customerId: string, origin: { channel: string; dedupeKey: string }): string {
  const nonce = createHash('sha256').update(`${origin.channel}:${origin.dedupeKey}`).digest('hex').slice(0, 16);
  return `c:${customerId}:${nonce}`;
}

export function draftSubmitValue(draftId: string): string {
  return `d:${draftId}`;
}

export type ParsedSubmit = { kind: 'customer'; customerId: string; nonce: string } | { kind: 'draft'; draftId: string };

export function parseSubmitValue(value: string): ParsedSubmit | undefined {
  const c = /^c:(C-\d+):([0-9a-f]{16})$/.exec(value);
  if (c) return { kind: 'customer', customerId: c[1]!, nonce: c[2]! };
  const d = /^d:(VD-\d+)$/.exec(value);
  return d ? { kind: 'draft', draftId: d[1]! } : undefined;
}

/** The stage a visit is made at: the customer's open deal's, else the pipeline's first (a deal is created with the visit). */
export async function visitStage(db: Kysely<Database>, company: Company, customer: Customer): Promise<{ deal: Deal | undefined; stage: string }> {
  const deal = await openDealOfCustomer(db, customer.id);
  return { deal, stage: deal?.stage ?? firstStage(company.pipeline).key };
}

/** What is already known of the customer, shown on the form so it is not asked again. */
export function knownFacts(company: Company, customer: Customer, deal: Deal | undefined, person: Person): CardField[] {
  const locale = localeOf(company, person);
  const zh = locale === 'zh-CN';
  const band = company.customers.sizeBands.find((b) => b.key === customer.sizeBand);
  const contacts = customer.contacts.slice(0, 2).map((c) => [c.name, c.title].filter(Boolean).join(' · ')).join(zh ? '；' : '; ');
  const owner = personById(company, customer.ownerId)?.name ?? customer.ownerId;
  return [
    { label: zh ? '客户类型' : 'Customer type', value: customerTypeLabel(company, customer.customerType, locale) },
    ...(customer.industry ? [{ label: zh ? '行业' : 'Industry', value: industryLabel(company, customer.industry, locale) }] : []),
    ...(customer.region ? [{ label: zh ? '地区' : 'Region', value: customer.region }] : []),
    ...(band ? [{ label: zh ? '规模' : 'Size', value: labelIn(band.label, locale) }] : []),
    ...(contacts ? [{ label: zh ? '联系人' : 'Contacts', value: contacts }] : []),
    ...(customer.lastContactAt ? [{ label: zh ? '上次沟通' : 'Last contact', value: isoDay(customer.lastContactAt, company.timezone) }] : []),
    { label: zh ? '负责人' : 'Owner', value: owner },
    ...(deal ? [{ label: zh ? '商机' : 'Deal', value: `${deal.id} · ${stageLabel(company, deal.stage, locale)}` }] : []),
  ];
}

export interface FormRequest {
  key: string;
  submitValue: string;
  initial?: Record<string, string | string[]>;
  now: number;
}

export async function visitFormFor(db: Kysely<Database>, company: Company, person: Person, customer: Customer, req: FormRequest): Promise<Card> {
  const locale = localeOf(company, person);
  const { deal, stage } = await visitStage(db, company, customer);
  return visitFormCard(
    {
      key: req.key,
      customerName: customer.name,
      known: knownFacts(company, customer, deal, person),
      pains: painsOfType(company.visits, customer.customerType).map((p) => ({ value: p.key, label: labelIn(p.label, locale) })),
      competitors: company.visits.competitors.map((c) => ({ value: c.key, label: c.name })),
      stances: STANCES.map((s) => ({ value: s, label: labelIn(STANCE_LABELS[s], locale) })),
      actions: actionsAllowedAt(company.visits, stage).map((a) => ({ value: a.key, label: labelIn(a.label, locale) })),
      stageLabel: stageLabel(company, stage, locale),
      initial: req.initial ?? {},
      today: isoDay(req.now, company.timezone),
      submitValue: req.submitValue,
    },
    locale,
  );
}
