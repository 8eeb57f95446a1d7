/** Customer rows ↔ domain customers, and the lookups the customer, visit and import services need. */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CustomersTable, Database } from '../../../db/schema.ts';
import type { Customer } from '../../domain/customers/customer.ts';
import { insertRow } from '../compiled-insert.ts';

type Row = Selectable<CustomersTable>;

export function customerFromRow(r: Row): Customer {
  return {
    id: r.id,
    name: r.name,
    nameKey: r.name_key,
    industry: r.industry,
    region: r.region,
    customerType: r.customer_type,
    sizeBand: r.size_band,
    ownerId: r.owner_id,
    contacts: JSON.parse(r.contacts) as Customer['contacts'],
    sourceLeadIds: JSON.parse(r.source_lead_ids) as string[],
    externalRef: r.external_ref,
    lastContactAt: r.last_contact_at === null ? null : Number(r.last_contact_at),
    custom: JSON.parse(r.custom) as Customer['custom'],
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export function customerRow(c: Customer): Insertable<CustomersTable> {
  return {
    id: c.id,
    name: c.name,
    name_key: c.nameKey,
    industry: c.industry,
    region: c.region,
    customer_type: c.customerType,
    size_band: c.sizeBand,
    owner_id: c.ownerId,
    contacts: JSON.stringify(c.contacts),
    source_lead_ids: JSON.stringify(c.sourceLeadIds),
    external_ref: c.externalRef,
    last_contact_at: c.lastContactAt,
    custom: JSON.stringify(c.custom),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export async function insertCustomer(db: Kysely<Database>, c: Customer): Promise<void> {
  await insertRow(db, 'customers', customerRow(c));
}

export async function getCustomer(db: Kysely<Database>, id: string): Promise<Customer | undefined> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && customerFromRow(row);
}

export async function findCustomerByNameKey(db: Kysely<Database>, nameKey: string): Promise<Customer | undefined> {
  const row = await db.selectFrom('customers').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
  return row && customerFromRow(row);
}

export async function customersByNameKeys(db: Kysely<Database>, keys: readonly string[]): Promise<Customer[]> {
  const out: Customer[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db.selectFrom('customers').selectAll().where('name_key', 'in', keys.slice(i, i + 500)).execute();
    out.push(...rows.map(customerFromRow));
  }
  return out;
}

/** Customers of these owners ('all' for everyone), most recently contacted first. */
export async function customersOf(db: Kysely<Database>, owners: 'all' | readonly string[], limit = 500): Promise<Customer[]> {
  if (owners !== 'all' && owners.length === 0) return [];
  const rows = await db
    .selectFrom('customers')
    .selectAll()
    .$if(owners !== 'all', (qb) => qb.where('owner_id', 'in', owners as string[]))
    .orderBy('last_contact_at', 'desc')
    .orderBy('name')
    .limit(limit)
    .execute();
  return rows.map(customerFromRow);
}

/** The fields a second lead, an import or a visit may change; `updated_at` moves with them. */
export async function updateCustomer(
  db: Kysely<Database>,
  id: string,
  patch: Partial<Pick<Customer, 'contacts' | 'sourceLeadIds' | 'lastContactAt' | 'industry' | 'region' | 'sizeBand' | 'externalRef' | 'custom'>>,
  now: number,
): Promise<void> {
  await db
    .updateTable('customers')
    .set({
      ...(patch.contacts ? { contacts: JSON.stringify(patch.contacts) } : {}),
      ...(patch.sourceLeadIds ? { source_lead_ids: JSON.stringify(patch.sourceLeadIds) } : {}),
      ...(patch.lastContactAt !== undefined ? { last_contact_at: patch.lastContactAt } : {}),
      ...(patch.industry !== undefined ? { industry: patch.industry } : {}),
      ...(patch.region !== undefined ? { region: patch.region } : {}),
      ...(patch.sizeBand !== undefined ? { size_band: patch.sizeBand } : {}),
      ...(patch.externalRef !== undefined ? { external_ref: patch.externalRef } : {}),
      ...(patch.custom ? { custom: JSON.stringify(patch.custom) } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** A visit moves the last contact forward, never back (an older visit entered late does not). */
export async function touchCustomer(db: Kysely<Database>, id: string, at: number, now: number): Promise<void> {
  await db
    .updateTable('customers')
    .set({ last_contact_at: at, updated_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_contact_at', 'is', null), eb('last_contact_at', '<', at)]))
    .execute();
}
