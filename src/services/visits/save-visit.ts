/**
 * Saving a visit: validated against the customer's type and the deal's stage, stored once per
 * dedupe key with its pains and competitors, the customer's last contact moved forward, the
 * deal created if the customer had none, and the rep's reply queued — all in one transaction.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { localeOf, type Person } from '../../config/company.ts';
import type { Customer } from '../../domain/customers/customer.ts';
import type { Deal } from '../../domain/deals/deal.ts';
import { validateVisit, type VisitValues } from '../../domain/visits/visit.ts';
import { BotError } from '../../errors.ts';
import { isoDay } from '../../i18n.ts';
import { recordEvent } from '../../store/audit.ts';
import { touchCustomer } from '../../store/customers/customers.ts';
import { getDeal } from '../../store/deals/deals.ts';
import { nextSequences } from '../../store/leads.ts';
import { insertVisit, visitByDedupeKey, type StoredVisit } from '../../store/visits/visits.ts';
import { openDealFor } from '../deals/deals.ts';
import type { ServiceDeps } from '../deps.ts';
import { visitStage } from './visit-form.ts';
import { visitIssueLines } from './visit-texts.ts';

export interface SaveRequest {
  customer: Customer;
  actor: Person;
  values: VisitValues;
  via: StoredVisit['via'];
  dedupeKey: string;
  visitedAt: number;
  now: number;
}

export interface Saved {
  visit: StoredVisit;
  deal: Deal;
  /** False when this form or draft had already been saved (a double tap, a replay). */
  created: boolean;
}

/** Throws a BotError listing every problem (nothing is written) when the values break a rule. */
export async function assertValidVisit(trx: Kysely<Database>, deps: ServiceDeps, customer: Customer, actor: Person, values: VisitValues, now: number): Promise<void> {
  const { stage } = await visitStage(trx, deps.company, customer);
  const issues = validateVisit(deps.company.visits, values, { stage, customerType: customer.customerType, today: isoDay(now, deps.company.timezone) });
  if (issues.length === 0) return;
  const locale = localeOf(deps.company, actor);
  const header = locale === 'zh-CN' ? '拜访记录未保存，请修改：' : 'The visit was not saved; fix these:';
  throw new BotError('visit_invalid', [header, ...visitIssueLines(deps.company, issues, locale, customer.customerType)].join('\n'));
}

export async function saveVisit(trx: Kysely<Database>, deps: ServiceDeps, r: SaveRequest): Promise<Saved> {
  const already = await visitByDedupeKey(trx, r.dedupeKey);
  const earlierDeal = already?.dealId ? await getDeal(trx, already.dealId) : undefined;
  if (already && earlierDeal) return { visit: already, deal: earlierDeal, created: false };
  await assertValidVisit(trx, deps, r.customer, r.actor, r.values, r.now);
  const deal = await openDealFor(trx, deps, r.customer, r.actor, r.now);
  const [n] = await nextSequences(trx, 'visit', 1);
  const visit: StoredVisit = {
    ...r.values,
    id: `V-${n}`,
    dedupeKey: r.dedupeKey,
    customerId: r.customer.id,
    dealId: deal.id,
    repId: r.actor.id,
    teamId: r.actor.team ?? null,
    stage: deal.stage,
    customerType: r.customer.customerType,
    industry: r.customer.industry,
    region: r.customer.region,
    via: r.via,
    visitedAt: r.visitedAt,
    createdAt: r.now,
  };
  if (!(await insertVisit(trx, visit))) {
    // A concurrent submit of the same form won the insert: report that one.
    const winner = await visitByDedupeKey(trx, r.dedupeKey);
    return { visit: winner ?? visit, deal, created: false };
  }
  await touchCustomer(trx, r.customer.id, r.visitedAt, r.now);
  await recordEvent(trx, {
    subject: visit.id,
    type: 'visit.saved',
    actor: r.actor.id,
    at: r.now,
    data: { customer: r.customer.id, deal: deal.id, stage: deal.stage, via: r.via, pains: visit.pains.map((p) => p.key), competitors: visit.competitors.map((c) => c.key) },
  });
  return { visit, deal, created: true };
}
