/**
 * Stage-entry triggers: what happens when a deal enters a stage (a finance task when it reaches
 * 客户签字验收, a reminder, …). A trigger is a file in `triggers/` listed in `triggers/index.ts`;
 * the deal code only calls `runStageEntry` inside the move's transaction, so adding a trigger
 * never touches it, and a trigger's writes commit or roll back with the move.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Person } from '../../config/company.ts';
import type { Deal, StageChange } from '../../domain/deals/deal.ts';
import type { ServiceDeps } from '../deps.ts';
import { stageEntryTriggers } from './triggers/index.ts';

export interface StageEntryEvent {
  /** The deal as it is after the change. */
  deal: Deal;
  change: StageChange;
  actor: Person | null;
}

export interface StageEntryTrigger {
  name: string;
  /** Stage keys it reacts to, or '*' for every stage. */
  stages: readonly string[] | '*';
  run(trx: Kysely<Database>, deps: ServiceDeps, event: StageEntryEvent): Promise<void>;
}

/** Runs every trigger of the stage the deal just entered, in the caller's transaction. */
export async function runStageEntry(trx: Kysely<Database>, deps: ServiceDeps, event: StageEntryEvent): Promise<void> {
  for (const trigger of deps.stageTriggers ?? stageEntryTriggers) {
    if (trigger.stages === '*' || trigger.stages.includes(event.change.to)) await trigger.run(trx, deps, event);
  }
}
