/** How the access rule sees a deal: its owner, and the people its current stage hands it to. */
import type { Company } from '../../config/company.ts';
import type { Deal } from '../../domain/deals/deal.ts';
import { stageOf } from '../../domain/deals/pipeline-schema.ts';
import type { GuardedRecord } from '../access/access.ts';

/** People the deal's current stage hands it to: the stage's role when that is not the rep's (delivery, finance). */
export function dealGuard(company: Company, deal: Deal): GuardedRecord {
  const role = stageOf(company.pipeline, deal.stage)?.role ?? 'rep';
  const handedTo = role === 'rep' ? [] : company.people.filter((p) => p.roles.includes(role)).map((p) => p.id);
  return { kind: 'deal', label: deal.id, ownerId: deal.ownerId, handedTo };
}
