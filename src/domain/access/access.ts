/**
 * Who sees and does what — one rule for leads, customers, deals and visits: a rep sees and
 * acts on what they own; a supervisor sees and acts on their team's; managers and admins see
 * everything; finance and delivery see what a task hands them. Pure: the service layer
 * (src/services/access) applies it to every command, card and query.
 * @module
 */
import { supervisorOf, type Company, type Person } from '../../config/company.ts';

/** How a person stands to a record. */
export type Relation = 'owner' | 'supervisor' | 'manager' | 'task' | 'none';

export interface AccessSubject {
  ownerId: string;
  /** People who own part of it and act on it like its owner (a customer: the owners of its open deals). */
  coOwners?: readonly string[];
  /** People a task hands this record to (finance, delivery). */
  handedTo?: readonly string[];
}

export function relationTo(company: Company, person: Person, subject: AccessSubject): Relation {
  const owners = [subject.ownerId, ...(subject.coOwners ?? [])];
  if (owners.includes(person.id)) return 'owner';
  for (const id of owners) {
    const owner = company.people.find((p) => p.id === id);
    if (owner && supervisorOf(company, owner)?.id === person.id) return 'supervisor';
  }
  if (person.roles.includes('manager') || person.roles.includes('admin')) return 'manager';
  if (subject.handedTo?.includes(person.id)) return 'task';
  return 'none';
}

export function mayView(relation: Relation): boolean {
  return relation !== 'none';
}

/** Acting on a record's behalf (accept, visit, move a stage): its owner or the owner's supervisor. */
export function mayAct(relation: Relation): boolean {
  return relation === 'owner' || relation === 'supervisor';
}

/** Whose records a person may list: everyone's (managers, admins) or these owners'. */
export function visibleOwners(company: Company, person: Person): 'all' | string[] {
  if (person.roles.includes('manager') || person.roles.includes('admin')) return 'all';
  const team = company.people.filter((p) => p.id !== person.id && supervisorOf(company, p)?.id === person.id).map((p) => p.id);
  return [person.id, ...team];
}

/** Owners whose records a person may act on (visit, move): themselves and their team. */
export function actableOwners(company: Company, person: Person): string[] {
  return [person.id, ...company.people.filter((p) => p.id !== person.id && supervisorOf(company, p)?.id === person.id).map((p) => p.id)];
}
