/** A deal (opportunity) on a customer, moving through the company's pipeline. */
import { allowedMoves, stageOf, type Pipeline } from './pipeline-schema.ts';

export interface Deal {
  id: string;
  customerId: string;
  ownerId: string;
  title: string;
  amount: number | null;
  stage: string;
  stageSeq: number;
  stageEnteredAt: number;
  sourceLeadId: string | null;
  status: 'open' | 'closed';
  createdAt: number;
  updatedAt: number;
}

export interface StageChange {
  dealId: string;
  seq: number;
  from: string | null;
  to: string;
  actorId: string | null;
  at: number;
  reason: 'created' | 'moved';
}

export type MoveDecision = { ok: true; to: string } | { ok: false; reason: 'unknown_stage' | 'same_stage' | 'not_allowed' | 'closed'; allowed: string[] };

/** Whether a deal may move to `to` (a stage key): only the moves the pipeline allows. */
export function decideMove(pipeline: Pipeline, deal: Pick<Deal, 'stage' | 'status'>, to: string): MoveDecision {
  const allowed = allowedMoves(pipeline, deal.stage);
  if (deal.status === 'closed') return { ok: false, reason: 'closed', allowed: [] };
  if (!stageOf(pipeline, to)) return { ok: false, reason: 'unknown_stage', allowed };
  if (to === deal.stage) return { ok: false, reason: 'same_stage', allowed };
  return allowed.includes(to) ? { ok: true, to } : { ok: false, reason: 'not_allowed', allowed };
}

/** A stage named by key or by its zh/en label, case-insensitive ("方案比选", "Negotiation"). */
export function findStage(pipeline: Pipeline, word: string): string | undefined {
  const w = word.trim().toLowerCase();
  return pipeline.stages.find((s) => s.key === w || s.label.zh.toLowerCase() === w || s.label.en.toLowerCase() === w)?.key;
}

/** The last stage with no way on closes the deal (paid). */
export function isFinalStage(pipeline: Pipeline, stage: string): boolean {
  return allowedMoves(pipeline, stage).length === 0;
}
