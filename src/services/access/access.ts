/**
 * The access rule (src/domain/access) as the services apply it: every lead, customer, deal and
 * visit a command, card or query touches goes through `requireAccess`, so a refusal reads the
 * same everywhere and names the owner.
 * @module
 */
import { localeOf, personById, type Company, type Person } from '../../config/company.ts';
import { mayAct, mayView, relationTo, type AccessSubject, type Relation } from '../../domain/access/access.ts';
import { BotError } from '../../errors.ts';

export type RecordKind = 'lead' | 'customer' | 'deal' | 'visit';
export type Need = 'view' | 'act';

export interface GuardedRecord extends AccessSubject {
  kind: RecordKind;
  /** How the record is named in a refusal: `L-1001`, `上海市实验中学`. */
  label: string;
}

const KIND = { lead: ['线索', 'lead'], customer: ['客户', 'customer'], deal: ['商机', 'deal'], visit: ['拜访记录', 'visit'] } as const;

/** The person's relation to the record, or a BotError saying whose it is. */
export function requireAccess(company: Company, person: Person, record: GuardedRecord, need: Need): Relation {
  const relation = relationTo(company, person, record);
  const ok = need === 'view' ? mayView(relation) : mayAct(relation);
  if (ok) return relation;
  throw notYours(company, person, record, need);
}

export function notYours(company: Company, person: Person, record: GuardedRecord, need: Need): BotError {
  const owner = personById(company, record.ownerId)?.name ?? record.ownerId;
  const [zhKind, enKind] = KIND[record.kind];
  const zh = localeOf(company, person) === 'zh-CN';
  const text =
    need === 'view'
      ? zh
        ? `${zhKind} ${record.label} 不是你的：负责人是 ${owner}。`
        : `${capital(enKind)} ${record.label} is not yours: ${owner} owns it.`
      : zh
        ? `${zhKind} ${record.label} 由 ${owner} 负责，只有负责人或其主管可以操作。`
        : `${capital(enKind)} ${record.label} belongs to ${owner}; only the owner or their supervisor can act on it.`;
  return new BotError('not_yours', text);
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export { mayAct, mayView, relationTo, type Relation };
