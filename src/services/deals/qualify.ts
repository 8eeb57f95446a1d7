/**
 * 转为商机 / Qualify: a lead becomes a customer (the existing one of the same normalised name,
 * or a new one) and a deal at the pipeline's first stage, owned by the lead's owner. Only the
 * owner or their supervisor; a second tap returns the deal the first one made.
 * @module
 */
import type { Card } from '../../../cards/card.ts';
import type { Person } from '../../config/company.ts';
import { localeOf } from '../../config/company.ts';
import type { Deal } from '../../domain/deals/deal.ts';
import type { Customer } from '../../domain/customers/customer.ts';
import { dealFromLead } from '../../store/deals/deals.ts';
import { getCustomer } from '../../store/customers/customers.ts';
import { recordEvent } from '../../store/audit.ts';
import { requireLead } from '../leads.ts';
import { requireAccess } from '../access/access.ts';
import { customerForLead } from '../customers/customers.ts';
import type { ServiceDeps } from '../deps.ts';
import { replyInTx, type ReplyOrigin } from '../replies.ts';
import { createDeal } from './deals.ts';
import { dealCardFor } from './deal-view.ts';

export interface Qualified {
  deal: Deal;
  customer: Customer;
  /** False when the lead had been qualified before (the deal it made then). */
  created: boolean;
  customerCreated: boolean;
}

export async function qualifyLead(deps: ServiceDeps, leadId: string, actor: Person, origin: ReplyOrigin): Promise<Qualified> {
  const now = deps.now();
  const out = await deps.db.kysely.transaction().execute(async (trx) => {
    const lead = await requireLead(trx, leadId, actor, deps);
    requireAccess(deps.company, actor, { kind: 'lead', label: lead.id, ownerId: lead.ownerId }, 'act');
    const zh = localeOf(deps.company, actor) === 'zh-CN';
    const card = (deal: Deal): Promise<Card> => dealCardFor(trx, deps, deal, actor, `deal:${deal.id}:view:${origin.interaction.dedupeKey}`);
    const before = await dealFromLead(trx, lead.id);
    if (before) {
      const customer = (await getCustomer(trx, before.customerId))!;
      await replyInTx(trx, deps, origin, zh ? `线索 ${lead.id} 已转为商机 ${before.id}。` : `Lead ${lead.id} already became deal ${before.id}.`, 'qualify:text', now);
      await replyInTx(trx, deps, origin, { kind: 'card', card: await card(before) }, 'qualify:card', now);
      return { deal: before, customer, created: false, customerCreated: false };
    }
    const { customer, created: customerCreated } = await customerForLead(trx, deps.company, lead, actor.id, now);
    const deal = await createDeal(trx, deps, { customer, ownerId: lead.ownerId, amount: lead.budget > 0 ? lead.budget : null, sourceLeadId: lead.id, actorId: actor.id, via: 'lead', now }, actor);
    await recordEvent(trx, { subject: lead.id, type: 'lead.qualified', actor: actor.id, at: now, data: { deal: deal.id, customer: customer.id, customerCreated } });
    const text = customerCreated
      ? zh ? `已创建客户 ${customer.name}（${customer.id}）和商机 ${deal.id}。` : `Created customer ${customer.name} (${customer.id}) and deal ${deal.id}.`
      : zh ? `客户 ${customer.name}（${customer.id}）已存在，已为它创建商机 ${deal.id}。` : `Customer ${customer.name} (${customer.id}) already existed; created deal ${deal.id} for it.`;
    await replyInTx(trx, deps, origin, text, 'qualify:text', now);
    await replyInTx(trx, deps, origin, { kind: 'card', card: await card(deal) }, 'qualify:card', now);
    return { deal, customer, created: true, customerCreated };
  });
  deps.wakeOutbox();
  return out;
}
