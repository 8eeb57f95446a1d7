/**
 * `/deal new <customer> [amount] [type]`: a deal on an existing customer the person may act on,
 * or on a new customer they will own (its type from the words given, else the company's first).
 * @module
 */
import { labelIn, localeOf, type Person } from '../../config/company.ts';
import type { Customer } from '../../domain/customers/customer.ts';
import { normaliseCustomerName } from '../../domain/customers/normalise-name.ts';
import type { Deal } from '../../domain/deals/deal.ts';
import { BotError } from '../../errors.ts';
import { recordEvent } from '../../store/audit.ts';
import { findCustomerByNameKey, insertCustomer } from '../../store/customers/customers.ts';
import { newCustomerId, requireCustomerAccess } from '../customers/customers.ts';
import type { ServiceDeps } from '../deps.ts';
import { replyInTx, type ReplyOrigin } from '../replies.ts';
import { createDeal } from './deals.ts';
import { dealCardFor } from './deal-view.ts';

export interface NewDealRequest {
  customerName: string;
  amount: number | null;
  typeWord?: string;
}

export async function newDeal(deps: ServiceDeps, actor: Person, r: NewDealRequest, origin: ReplyOrigin): Promise<{ deal: Deal; customer: Customer; customerCreated: boolean }> {
  const now = deps.now();
  const zh = localeOf(deps.company, actor) === 'zh-CN';
  const types = deps.company.visits.customerTypes;
  const type = r.typeWord ? types.find((t) => [t.key, t.label.zh, t.label.en.toLowerCase()].includes(r.typeWord!.toLowerCase())) : undefined;
  if (r.typeWord && !type) {
    throw new BotError('bad_args', zh ? `不认识客户类型「${r.typeWord}」，可选：${types.map((t) => labelIn(t.label, 'zh-CN')).join('、')}` : `Unknown customer type "${r.typeWord}"; use one of ${types.map((t) => t.label.en).join(', ')}`);
  }
  const out = await deps.db.kysely.transaction().execute(async (trx) => {
    const nameKey = normaliseCustomerName(r.customerName);
    let customer = await findCustomerByNameKey(trx, nameKey);
    let customerCreated = false;
    if (customer) {
      await requireCustomerAccess(trx, deps.company, actor, customer, 'act');
    } else {
      customer = {
        id: await newCustomerId(trx),
        name: r.customerName.trim(),
        nameKey,
        industry: type?.industries[0] ?? null,
        region: null,
        customerType: (type ?? types[0]!).key,
        sizeBand: null,
        ownerId: actor.id,
        contacts: [],
        sourceLeadIds: [],
        externalRef: null,
        lastContactAt: null,
        custom: {},
        createdAt: now,
        updatedAt: now,
      };
      await insertCustomer(trx, customer);
      await recordEvent(trx, { subject: customer.id, type: 'customer.created', actor: actor.id, at: now, data: { from: 'command' } });
      customerCreated = true;
    }
    const deal = await createDeal(trx, deps, { customer, ownerId: customer.ownerId, amount: r.amount, sourceLeadId: null, actorId: actor.id, via: 'command', now }, actor);
    const text = customerCreated
      ? zh ? `已创建客户 ${customer.name}（${customer.id}）和商机 ${deal.id}。` : `Created customer ${customer.name} (${customer.id}) and deal ${deal.id}.`
      : zh ? `已为客户 ${customer.name} 创建商机 ${deal.id}。` : `Created deal ${deal.id} for ${customer.name}.`;
    await replyInTx(trx, deps, origin, text, 'deal-new:text', now);
    await replyInTx(trx, deps, origin, { kind: 'card', card: await dealCardFor(trx, deps, deal, actor, `deal:${deal.id}:view:${origin.interaction.dedupeKey}`) }, 'deal-new:card', now);
    return { deal, customer, customerCreated };
  });
  deps.wakeOutbox();
  return out;
}
