/**
 * Customer use cases: the customer a qualified lead becomes (or the existing one of the same
 * normalised name), and finding a customer by the name a rep typed, within what the access
 * rule lets them see or act on, with "did you mean …" when nothing matches.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { localeOf, type Company, type Person } from '../../config/company.ts';
import { actableOwners, visibleOwners } from '../../domain/access/access.ts';
import { mergeContacts, nameSimilarity, sizeBandOf, type Customer } from '../../domain/customers/customer.ts';
import { normaliseCustomerName } from '../../domain/customers/normalise-name.ts';
import type { Lead } from '../../domain/leads/lead.ts';
import { customerTypeForIndustry } from '../../domain/visits/catalogue-schema.ts';
import { BotError } from '../../errors.ts';
import { customersOf, findCustomerByNameKey, insertCustomer, updateCustomer } from '../../store/customers/customers.ts';
import { nextSequences } from '../../store/leads.ts';
import { recordEvent } from '../../store/audit.ts';
import { requireAccess, type GuardedRecord, type Need } from '../access/access.ts';

export async function newCustomerId(db: Kysely<Database>): Promise<string> {
  const [n] = await nextSequences(db, 'customer', 1);
  return `C-${n}`;
}

/**
 * The customer a lead qualifies into: the existing one of the same normalised name (the lead
 * is added to its sources and its contact to its contacts), else a new one owned by the lead's owner.
 */
export async function customerForLead(trx: Kysely<Database>, company: Company, lead: Lead, actorId: string, now: number): Promise<{ customer: Customer; created: boolean }> {
  const nameKey = normaliseCustomerName(lead.company);
  const contact = {
    name: lead.contactName,
    ...(lead.contactTitle ? { title: lead.contactTitle } : {}),
    ...(lead.phone ? { phone: lead.phone } : {}),
    ...(lead.email ? { email: lead.email } : {}),
  };
  const existing = await findCustomerByNameKey(trx, nameKey);
  if (existing) {
    const sourceLeadIds = existing.sourceLeadIds.includes(lead.id) ? existing.sourceLeadIds : [...existing.sourceLeadIds, lead.id];
    const contacts = mergeContacts(existing.contacts, [contact]);
    await updateCustomer(trx, existing.id, { sourceLeadIds, contacts, region: existing.region ?? lead.region ?? null }, now);
    await recordEvent(trx, { subject: existing.id, type: 'customer.lead_added', actor: actorId, at: now, data: { lead: lead.id } });
    return { customer: { ...existing, sourceLeadIds, contacts }, created: false };
  }
  const customer: Customer = {
    id: await newCustomerId(trx),
    name: lead.company.trim(),
    nameKey,
    industry: lead.industry,
    region: lead.region ?? null,
    customerType: customerTypeForIndustry(company.visits, lead.industry).key,
    sizeBand: sizeBandOf(company.customers.sizeBands, lead.budget),
    ownerId: lead.ownerId,
    contacts: [contact],
    sourceLeadIds: [lead.id],
    externalRef: null,
    lastContactAt: lead.firstTouchAt,
    custom: {},
    createdAt: now,
    updatedAt: now,
  };
  await insertCustomer(trx, customer);
  await recordEvent(trx, { subject: customer.id, type: 'customer.created', actor: actorId, at: now, data: { from: 'lead', lead: lead.id } });
  return { customer, created: true };
}

/** A customer as the access rule sees it: its owner, and the owners of its open deals (a second lead's rep). */
export async function customerGuard(db: Kysely<Database>, customer: Customer): Promise<GuardedRecord> {
  const deals = await db.selectFrom('deals').select('owner_id').where('customer_id', '=', customer.id).where('status', '=', 'open').execute();
  const coOwners = [...new Set(deals.map((d) => d.owner_id).filter((id) => id !== customer.ownerId))];
  return { kind: 'customer', label: customer.name, ownerId: customer.ownerId, ...(coOwners.length ? { coOwners } : {}) };
}

export async function requireCustomerAccess(db: Kysely<Database>, company: Company, person: Person, customer: Customer, need: Need): Promise<void> {
  requireAccess(company, person, await customerGuard(db, customer), need);
}

/** How many nearest names "did you mean" offers. */
const SUGGESTIONS = 3;

/**
 * The customer a person named (id `C-1001` or name in any spelling the normaliser folds),
 * checked against the access rule; an unknown name → "no customer 'X' — did you mean …".
 */
export async function resolveCustomer(db: Kysely<Database>, company: Company, person: Person, typed: string, need: Need): Promise<Customer> {
  const zh = localeOf(company, person) === 'zh-CN';
  const name = typed.trim();
  const key = normaliseCustomerName(name);
  const byId = /^C-\d+$/i.test(name) ? await db.selectFrom('customers').select('name_key').where('id', '=', name.toUpperCase()).executeTakeFirst() : undefined;
  const found = await findCustomerByNameKey(db, byId?.name_key ?? key);
  if (found) {
    await requireCustomerAccess(db, company, person, found, need);
    return found;
  }
  const owners = need === 'act' ? actableOwners(company, person) : visibleOwners(company, person);
  const candidates = await customersOf(db, owners);
  const near = nearestCustomers(candidates, key, SUGGESTIONS);
  const hint = near.length ? (zh ? `——你是不是要找：${near.map((c) => c.name).join('、')}？` : ` — did you mean ${near.map((c) => `"${c.name}"`).join(', ')}?`) : zh ? '。发送 visit 查看你的客户。' : '. Send visit to list your customers.';
  throw new BotError('customer_not_found', zh ? `没有客户「${name}」${hint}` : `No customer "${name}"${hint}`);
}

/** The customers whose names are closest to a normalised name, best first (a floor keeps nonsense out). */
export function nearestCustomers(candidates: readonly Customer[], nameKey: string, max: number): Customer[] {
  return candidates
    .map((c) => ({ c, score: nameSimilarity(c.nameKey, nameKey) }))
    .filter((x) => x.score >= 0.5)
    .sort((a, b) => b.score - a.score || a.c.name.localeCompare(b.c.name))
    .slice(0, max)
    .map((x) => x.c);
}
