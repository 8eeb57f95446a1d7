/**
 * Deal use cases: create (from a lead, `/deal new`, a first visit), move a stage (only the
 * moves the pipeline allows, by the owner or their supervisor, recorded in the append-only
 * history with the stage-entry triggers in the same transaction), and find a deal by id or
 * customer within the access rule.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { labelIn, localeOf, type Person } from '../../config/company.ts';
import { decideMove, findStage, isFinalStage, type Deal } from '../../domain/deals/deal.ts';
import { firstStage, stageOf } from '../../domain/deals/pipeline-schema.ts';
import type { Customer } from '../../domain/customers/customer.ts';
import { BotError } from '../../errors.ts';
import { recordEvent } from '../../store/audit.ts';
import { getDeal, insertDeal, moveDealStage, openDealOfCustomer } from '../../store/deals/deals.ts';
import { nextSequences } from '../../store/leads.ts';
import { requireAccess, type Need } from '../access/access.ts';
import { dealGuard } from './deal-access.ts';
import type { ServiceDeps } from '../deps.ts';
import { runStageEntry } from './stage-entry.ts';
import { resolveCustomer } from '../customers/customers.ts';
import { replyInTx, type ReplyOrigin } from '../replies.ts';
import { dealCardFor } from './deal-view.ts';

export interface NewDeal {
  customer: Customer;
  ownerId: string;
  title?: string;
  amount: number | null;
  sourceLeadId: string | null;
  actorId: string;
  /** What created it, for the audit trail. */
  via: 'lead' | 'command' | 'visit' | 'import';
  now: number;
}

/** Creates a deal at the pipeline's first stage, with its first history row, in the caller's transaction. */
export async function createDeal(trx: Kysely<Database>, deps: ServiceDeps, d: NewDeal, actor: Person | null): Promise<Deal> {
  const [n] = await nextSequences(trx, 'deal', 1);
  const deal: Deal = {
    id: `D-${n}`,
    customerId: d.customer.id,
    ownerId: d.ownerId,
    title: d.title?.trim() || d.customer.name,
    amount: d.amount,
    stage: firstStage(deps.company.pipeline).key,
    stageSeq: 1,
    stageEnteredAt: d.now,
    sourceLeadId: d.sourceLeadId,
    status: 'open',
    createdAt: d.now,
    updatedAt: d.now,
  };
  const change = await insertDeal(trx, deal, d.actorId);
  await recordEvent(trx, { subject: deal.id, type: 'deal.created', actor: d.actorId, at: d.now, data: { customer: d.customer.id, via: d.via, lead: d.sourceLeadId } });
  await runStageEntry(trx, deps, { deal, change, actor });
  return deal;
}

/** The customer's open deal, or a new one (a first visit to a customer that has none). */
export async function openDealFor(trx: Kysely<Database>, deps: ServiceDeps, customer: Customer, actor: Person, now: number): Promise<Deal> {
  return (await openDealOfCustomer(trx, customer.id)) ?? createDeal(trx, deps, { customer, ownerId: customer.ownerId, amount: null, sourceLeadId: null, actorId: actor.id, via: 'visit', now }, actor);
}

export async function requireDeal(db: Kysely<Database>, deps: Pick<ServiceDeps, 'company'>, person: Person, id: string, need: Need): Promise<Deal> {
  const deal = await getDeal(db, id.toUpperCase());
  if (!deal) {
    const zh = localeOf(deps.company, person) === 'zh-CN';
    throw new BotError('deal_not_found', zh ? `没有商机 ${id}。发送 deal mine 查看你的商机。` : `No deal ${id}. Send deal mine to list your deals.`);
  }
  requireAccess(deps.company, person, dealGuard(deps.company, deal), need);
  return deal;
}

/** A deal named by id (`D-1001`) or by its customer's name (that customer's open deal, else its latest). */
export async function findDeal(deps: ServiceDeps, person: Person, typed: string): Promise<Deal> {
  const db = deps.db.kysely;
  if (/^D-\d+$/i.test(typed.trim())) return requireDeal(db, deps, person, typed.trim(), 'view');
  const customer = await resolveCustomer(db, deps.company, person, typed, 'view');
  const deal = (await openDealOfCustomer(db, customer.id)) ?? (await db.selectFrom('deals').select('id').where('customer_id', '=', customer.id).orderBy('created_at', 'desc').executeTakeFirst());
  if (!deal) {
    const zh = localeOf(deps.company, person) === 'zh-CN';
    throw new BotError('deal_not_found', zh ? `客户 ${customer.name} 还没有商机。发送 deal new ${customer.name} 创建一个。` : `Customer ${customer.name} has no deal yet. Send deal new ${customer.name} to create one.`);
  }
  return requireDeal(db, deps, person, deal.id, 'view');
}

export interface MoveResult {
  deal: Deal;
  from: string;
}

/** `/deal stage <id> <stage>`: the owner or their supervisor, only a move the pipeline allows. */
export async function moveDeal(deps: ServiceDeps, actor: Person, dealId: string, stageWord: string, origin?: ReplyOrigin): Promise<MoveResult> {
  const now = deps.now();
  const zh = localeOf(deps.company, actor) === 'zh-CN';
  const out = await deps.db.kysely.transaction().execute(async (trx) => {
    const deal = await requireDeal(trx, deps, actor, dealId, 'act');
    const label = (key: string) => labelIn(stageOf(deps.company.pipeline, key)?.label ?? { zh: key, en: key }, zh ? 'zh-CN' : 'en');
    const list = (keys: string[]) => (keys.length ? keys.map((k) => `${label(k)}（${k}）`).join(zh ? '、' : ', ') : zh ? '无' : 'none');
    const to = findStage(deps.company.pipeline, stageWord) ?? stageWord;
    const decision = decideMove(deps.company.pipeline, deal, to);
    if (!decision.ok) {
      const allowed = list(decision.allowed);
      const text = {
        unknown_stage: zh ? `没有阶段「${stageWord}」。商机 ${deal.id} 现在可以进入：${allowed}` : `There is no stage "${stageWord}". Deal ${deal.id} can move to: ${allowed}`,
        same_stage: zh ? `商机 ${deal.id} 已在「${label(deal.stage)}」。可以进入：${allowed}` : `Deal ${deal.id} already is at "${label(deal.stage)}". It can move to: ${allowed}`,
        not_allowed: zh ? `商机 ${deal.id} 不能从「${label(deal.stage)}」直接进入「${label(to)}」。可以进入：${allowed}` : `Deal ${deal.id} cannot move from "${label(deal.stage)}" to "${label(to)}". It can move to: ${allowed}`,
        closed: zh ? `商机 ${deal.id} 已关闭，不能再推进。` : `Deal ${deal.id} is closed and cannot move.`,
      }[decision.reason];
      throw new BotError(`deal_move_${decision.reason}`, text);
    }
    const change = await moveDealStage(trx, deal, decision.to, actor.id, now, { close: isFinalStage(deps.company.pipeline, decision.to) });
    if (!change) throw new BotError('deal_moved_meanwhile', zh ? `商机 ${deal.id} 刚被别人推进了，请重新查看后再试。` : `Deal ${deal.id} was just moved by someone else; look again and retry.`);
    const moved: Deal = { ...deal, stage: decision.to, stageSeq: change.seq, stageEnteredAt: now, updatedAt: now, status: isFinalStage(deps.company.pipeline, decision.to) ? 'closed' : 'open' };
    await recordEvent(trx, { subject: deal.id, type: 'deal.stage_moved', actor: actor.id, at: now, data: { from: deal.stage, to: decision.to, seq: change.seq } });
    await runStageEntry(trx, deps, { deal: moved, change, actor });
    if (origin) {
      await replyInTx(trx, deps, origin, zh ? `商机 ${deal.id}：${label(deal.stage)} → ${label(moved.stage)}` : `Deal ${deal.id}: ${label(deal.stage)} → ${label(moved.stage)}`, `deal-move:${change.seq}`, now);
      await replyInTx(trx, deps, origin, { kind: 'card', card: await dealCardFor(trx, deps, moved, actor, `deal:${deal.id}:view:${origin.interaction.dedupeKey}`) }, `deal-move-card:${change.seq}`, now);
    }
    return { deal: moved, from: deal.stage };
  });
  deps.wakeOutbox();
  return out;
}
