/**
 * The company file's `pipeline`: the stages a deal moves through (zh/en labels, the role that
 * owns each) and the moves allowed between them. Without a `pipeline` section the eight
 * default stages of design.md apply, each moving on to the next.
 * @module
 */
import { z } from 'zod';
import { ROLES } from '../../config/vocabulary.ts';
import { localizedLabel } from '../visits/catalogue-schema.ts';

const stageKey = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'use lowercase letters, digits and "_", e.g. solution_comparison');

export const stageSchema = z
  .object({
    key: stageKey,
    label: localizedLabel,
    /** The role that owns deals at this stage (rep, delivery, finance, …). */
    role: z.enum(ROLES).default('rep'),
    /** Stages a deal may move to from here; default: the next stage in the list. */
    next: z.array(stageKey).optional(),
  })
  .strict();

export const pipelineSchema = z
  .object({ stages: z.array(stageSchema).min(2, 'a pipeline needs at least two stages') })
  .strict();

export type Pipeline = z.infer<typeof pipelineSchema>;
export type StageDef = Pipeline['stages'][number];

export const DEFAULT_STAGES: Pipeline = {
  stages: [
    { key: 'qualified', label: { zh: '初步合格', en: 'Qualified' }, role: 'rep' },
    { key: 'solution_comparison', label: { zh: '方案比选', en: 'Solution comparison' }, role: 'rep', next: ['negotiation', 'qualified'] },
    { key: 'negotiation', label: { zh: '商务谈判', en: 'Negotiation' }, role: 'rep', next: ['contract_signed', 'solution_comparison'] },
    { key: 'contract_signed', label: { zh: '合同签订', en: 'Contract signed' }, role: 'rep' },
    { key: 'uat_done', label: { zh: 'UAT 测试完成', en: 'UAT done' }, role: 'delivery' },
    { key: 'accepted_awaiting_payment', label: { zh: '客户签字验收', en: 'Customer signed acceptance' }, role: 'delivery' },
    { key: 'invoiced', label: { zh: '财务开票中', en: 'Invoiced' }, role: 'finance' },
    { key: 'paid', label: { zh: '银行到账确认', en: 'Paid' }, role: 'finance', next: [] },
  ],
};

/** Where a deal at `from` may go: the stage's own `next`, else the stage after it. */
export function allowedMoves(p: Pipeline, from: string): string[] {
  const i = p.stages.findIndex((s) => s.key === from);
  if (i < 0) return [];
  const stage = p.stages[i]!;
  if (stage.next) return stage.next;
  const after = p.stages[i + 1];
  return after ? [after.key] : [];
}

export function stageOf(p: Pipeline, key: string): StageDef | undefined {
  return p.stages.find((s) => s.key === key);
}

export function firstStage(p: Pipeline): StageDef {
  return p.stages[0]!;
}

/** Duplicate keys and `next` entries that name no stage. */
export function pipelineIssues(p: Pipeline): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const keys = new Set<string>();
  p.stages.forEach((s, i) => {
    if (keys.has(s.key)) out.push({ path: ['pipeline', 'stages', i, 'key'], message: `duplicate stage "${s.key}"` });
    keys.add(s.key);
  });
  p.stages.forEach((s, i) =>
    s.next?.forEach((n, j) => {
      if (!keys.has(n)) out.push({ path: ['pipeline', 'stages', i, 'next', j], message: `unknown stage "${n}"; use one of ${[...keys].join(', ')}` });
    }),
  );
  return out;
}
