/**
 * Customers from an old CRM: each mapped row is checked (name, known owner, real date), rows of
 * one company (same normalised name) are merged, and each is matched against the stored
 * customers — created when new, merged when it adds something (a contact, a later last contact,
 * a field still empty), unchanged otherwise — so running the same import again changes nothing.
 * An owner the mapping and the company file do not know is listed, never guessed.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Company, Person } from '../../config/company.ts';
import { mergeContacts, sizeBandOf, type Contact, type Customer } from '../../domain/customers/customer.ts';
import { normaliseCustomerName } from '../../domain/customers/normalise-name.ts';
import { customerTypeForIndustry } from '../../domain/visits/catalogue-schema.ts';
import { createZone, dayNumber } from '../../domain/sla/zoned-time.ts';
import { recordEvent } from '../../store/audit.ts';
import { customersByNameKeys, insertCustomer, updateCustomer } from '../../store/customers/customers.ts';
import type { CustomerField } from '../../cli/customer-mapping.ts';
import { newCustomerId } from './customers.ts';

export type MappedRow = { where: string; fields: Partial<Record<CustomerField, unknown>> & { custom?: Record<string, unknown> } };

export interface Incoming {
  where: string[];
  name: string;
  nameKey: string;
  ownerId: string;
  externalRef: string | null;
  industry: string | null;
  region: string | null;
  customerType: string;
  sizeBand: string | null;
  contacts: Contact[];
  lastContactAt: number | null;
  custom: Record<string, string | number | boolean>;
}

export interface ImportPlan {
  create: Incoming[];
  merge: { existing: Customer; incoming: Incoming; patch: Parameters<typeof updateCustomer>[2]; notes: string[] }[];
  unchanged: { existing: Customer; incoming: Incoming }[];
  skipped: { where: string; reason: string }[];
  /** Owner names the file uses that no mapping or person matches, with where they appear. */
  unknownOwners: Map<string, string[]>;
}

/** An old CRM's date: 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日, an Excel date cell or serial. Midnight in the company zone. */
export function parseOldDate(value: unknown, timeZone: string): number | undefined {
  const zone = createZone(timeZone);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : zone.instantOf(dayNumber(value.toISOString().slice(0, 10)), 0);
  if (typeof value === 'number' && value > 20_000 && value < 80_000) return zone.instantOf(Math.floor(value) - 25_569, 0);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(String(value).trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) return undefined;
  return zone.instantOf(dayNumber(iso), 0);
}

/** "720,000", "72万", 720000 → 720000; anything else → undefined. */
export function parseAmount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const s = String(value ?? '').replace(/[\s,，¥￥元]/g, '');
  const m = /^(\d+(?:\.\d+)?)(万)?$/.exec(s);
  return m ? Math.round(Number(m[1]) * (m[2] ? 10_000 : 1)) : undefined;
}

function ownerOf(company: Company, owners: Record<string, string>, raw: string): Person | undefined {
  const mapped = owners[raw] ?? owners[raw.toLowerCase()];
  const id = mapped ?? raw;
  return company.people.find((p) => p.id === id || p.name === raw || (p.email !== undefined && p.email.toLowerCase() === raw.toLowerCase()));
}

const str = (v: unknown): string | null => (v === undefined || v === null || String(v).trim() === '' ? null : String(v).trim());

export async function planCustomerImport(db: Kysely<Database>, company: Company, rows: readonly MappedRow[], owners: Record<string, string>): Promise<ImportPlan> {
  const plan: ImportPlan = { create: [], merge: [], unchanged: [], skipped: [], unknownOwners: new Map() };
  const byKey = new Map<string, Incoming>();
  for (const { where, fields: f } of rows) {
    const name = str(f.name);
    if (!name) {
      plan.skipped.push({ where, reason: 'no customer name' });
      continue;
    }
    const ownerRaw = str(f.owner);
    if (!ownerRaw) {
      plan.skipped.push({ where, reason: `${name}: no owner (map the owner column, or give defaults.owner)` });
      continue;
    }
    const owner = ownerOf(company, owners, ownerRaw);
    if (!owner) {
      plan.unknownOwners.set(ownerRaw, [...(plan.unknownOwners.get(ownerRaw) ?? []), where]);
      plan.skipped.push({ where, reason: `${name}: unknown owner "${ownerRaw}" (add it under owners: in the mapping)` });
      continue;
    }
    let lastContactAt: number | null = null;
    if (str(f.lastContactAt)) {
      const at = parseOldDate(f.lastContactAt, company.timezone);
      if (at === undefined) {
        plan.skipped.push({ where, reason: `${name}: last contact "${String(f.lastContactAt)}" is not a date (use 2026-11-20)` });
        continue;
      }
      lastContactAt = at;
    }
    const industry = str(f.industry);
    const typeRaw = str(f.customerType);
    const type = typeRaw ? company.visits.customerTypes.find((t) => [t.key, t.label.zh, t.label.en.toLowerCase()].includes(typeRaw.toLowerCase())) : customerTypeForIndustry(company.visits, industry ?? undefined);
    if (!type) {
      plan.skipped.push({ where, reason: `${name}: unknown customer type "${typeRaw}"; use ${company.visits.customerTypes.map((t) => t.key).join(', ')}` });
      continue;
    }
    const contactName = str(f.contactName);
    const contact: Contact | undefined = contactName
      ? { name: contactName, ...(str(f.contactTitle) ? { title: str(f.contactTitle)! } : {}), ...(str(f.contactPhone) ? { phone: str(f.contactPhone)! } : {}), ...(str(f.contactEmail) ? { email: str(f.contactEmail)! } : {}) }
      : undefined;
    const band = str(f.sizeBand) ?? sizeBandOf(company.customers.sizeBands, parseAmount(f.budget));
    const custom = Object.fromEntries(Object.entries(f.custom ?? {}).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'boolean' ? v : String(v)]));
    const incoming: Incoming = {
      where: [where],
      name,
      nameKey: normaliseCustomerName(name),
      ownerId: owner.id,
      externalRef: str(f.externalRef),
      industry,
      region: str(f.region),
      customerType: type.key,
      sizeBand: band,
      contacts: contact ? [contact] : [],
      lastContactAt,
      custom,
    };
    const same = byKey.get(incoming.nameKey);
    if (!same) byKey.set(incoming.nameKey, incoming);
    else {
      // Two rows of one company in the file: one customer, every contact, the latest contact date.
      same.where.push(where);
      same.contacts = mergeContacts(same.contacts, incoming.contacts);
      same.lastContactAt = Math.max(same.lastContactAt ?? 0, incoming.lastContactAt ?? 0) || null;
      same.industry ??= incoming.industry;
      same.region ??= incoming.region;
      same.externalRef ??= incoming.externalRef;
      same.sizeBand ??= incoming.sizeBand;
      same.custom = { ...incoming.custom, ...same.custom };
    }
  }
  const existing = new Map((await customersByNameKeys(db, [...byKey.keys()])).map((c) => [c.nameKey, c]));
  for (const incoming of byKey.values()) {
    const e = existing.get(incoming.nameKey);
    if (!e) {
      plan.create.push(incoming);
      continue;
    }
    const patch: Parameters<typeof updateCustomer>[2] = {};
    const contacts = mergeContacts(e.contacts, incoming.contacts);
    if (JSON.stringify(contacts) !== JSON.stringify(e.contacts)) patch.contacts = contacts;
    if (incoming.lastContactAt !== null && (e.lastContactAt === null || incoming.lastContactAt > e.lastContactAt)) patch.lastContactAt = incoming.lastContactAt;
    if (e.industry === null && incoming.industry !== null) patch.industry = incoming.industry;
    if (e.region === null && incoming.region !== null) patch.region = incoming.region;
    if (e.sizeBand === null && incoming.sizeBand !== null) patch.sizeBand = incoming.sizeBand;
    if (e.externalRef === null && incoming.externalRef !== null) patch.externalRef = incoming.externalRef;
    const custom = { ...incoming.custom, ...e.custom };
    if (Object.keys(custom).length !== Object.keys(e.custom).length) patch.custom = custom;
    const notes = incoming.ownerId !== e.ownerId ? [`owner kept: ${e.ownerId} (the file says ${incoming.ownerId})`] : [];
    if (Object.keys(patch).length) plan.merge.push({ existing: e, incoming, patch, notes });
    else plan.unchanged.push({ existing: e, incoming });
  }
  return plan;
}

/** Writes a plan in one transaction; returns the ids created. */
export async function applyCustomerImport(db: Kysely<Database>, plan: ImportPlan, actor: string, now: number): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const created: string[] = [];
    for (const c of plan.create) {
      const customer: Customer = { ...c, id: await newCustomerId(trx), sourceLeadIds: [], createdAt: now, updatedAt: now };
      await insertCustomer(trx, customer);
      await recordEvent(trx, { subject: customer.id, type: 'customer.imported', actor, at: now, data: { rows: c.where, externalRef: c.externalRef } });
      created.push(customer.id);
    }
    for (const m of plan.merge) {
      await updateCustomer(trx, m.existing.id, m.patch, now);
      await recordEvent(trx, { subject: m.existing.id, type: 'customer.import_merged', actor, at: now, data: { rows: m.incoming.where, fields: Object.keys(m.patch) } });
    }
    return created;
  });
}
