/** Deals on SQLite and PostgreSQL: creation, allowed and refused moves, the append-only history, triggers in the move's transaction. */
import { describe, expect, it } from 'vitest';
import { freshDbs, testDatabases } from '../../support/databases.ts';
import { serviceDeps } from '../../support/service-deps.ts';
import { createDeal, moveDeal } from '../../../src/services/deals/deals.ts';
import { newDeal } from '../../../src/services/deals/new-deal.ts';
import type { StageEntryTrigger } from '../../../src/services/deals/stage-entry.ts';
import { moveDealStage, stageHistory, getDeal } from '../../../src/store/deals/deals.ts';
import { personById } from '../../../src/config/company.ts';
import { BotError } from '../../../src/errors.ts';
import type { ServiceDeps } from '../../../src/services/deps.ts';

const origin = (dedupeKey: string) => ({ personId: 'zhang-wei', interaction: { channel: 'console' as const, dedupeKey } });

describe.each(testDatabases)('deal stages on $name', (kind) => {
  const fresh = freshDbs(kind);

  async function setup(extra: Partial<ServiceDeps> = {}) {
    const { db } = await fresh();
    let clock = Date.UTC(2026, 11, 4, 2);
    const deps = serviceDeps(db, { now: () => (clock += 1000), ...extra });
    const person = (id: string) => personById(deps.company, id)!;
    const { deal } = await newDeal(deps, person('zhang-wei'), { customerName: '上海市实验中学', amount: 600000, typeWord: '学校' }, origin('new-1'));
    return { db, deps, deal, person };
  }

  it('creates the deal at the first stage with history row 1', async () => {
    const { db, deal } = await setup();
    expect(deal).toMatchObject({ stage: 'qualified', stageSeq: 1, amount: 600000, ownerId: 'zhang-wei', status: 'open' });
    const customer = await db.kysely.selectFrom('customers').selectAll().executeTakeFirstOrThrow();
    expect(customer).toMatchObject({ name: '上海市实验中学', customer_type: 'school', owner_id: 'zhang-wei' });
    expect(await stageHistory(db.kysely, deal.id)).toMatchObject([{ seq: 1, from: null, to: 'qualified', actorId: 'zhang-wei', reason: 'created' }]);
  });

  it('moves only along allowed transitions, by owner or supervisor, and records who, when, from, to', async () => {
    const { db, deps, deal, person } = await setup();
    // Skipping ahead is refused with the stages that are allowed; nothing is written.
    await expect(moveDeal(deps, person('zhang-wei'), deal.id, 'negotiation')).rejects.toThrow(/不能从「初步合格」直接进入「商务谈判」。可以进入：方案比选（solution_comparison）/);
    await expect(moveDeal(deps, person('zhang-wei'), deal.id, 'nonsense')).rejects.toThrow(/没有阶段「nonsense」/);
    // A teammate may not move it; a manager may see it but not move it.
    for (const other of ['li-na', 'lin-xue']) {
      const err = await moveDeal(deps, person(other), deal.id, 'solution_comparison').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BotError);
      expect((err as BotError).userMessage).toContain('张伟');
    }
    expect((await getDeal(db.kysely, deal.id))?.stage).toBe('qualified');

    // The owner moves by label, the supervisor moves on; back to a stage the pipeline allows.
    await moveDeal(deps, person('zhang-wei'), deal.id, '方案比选', origin('m1'));
    await moveDeal(deps, person('wang-qiang'), deal.id, 'negotiation');
    await moveDeal(deps, person('zhang-wei'), deal.id, 'solution_comparison');
    const history = await stageHistory(db.kysely, deal.id);
    expect(history.map((h) => [h.seq, h.from, h.to, h.actorId, h.reason])).toEqual([
      [1, null, 'qualified', 'zhang-wei', 'created'],
      [2, 'qualified', 'solution_comparison', 'zhang-wei', 'moved'],
      [3, 'solution_comparison', 'negotiation', 'wang-qiang', 'moved'],
      [4, 'negotiation', 'solution_comparison', 'zhang-wei', 'moved'],
    ]);
    expect(history.every((h, i) => i === 0 || h.at > history[i - 1]!.at)).toBe(true);
  });

  it('a stale move loses to the one that committed first (seq check)', async () => {
    const { db, deal } = await setup();
    const first = await moveDealStage(db.kysely, deal, 'solution_comparison', 'zhang-wei', 1);
    const second = await moveDealStage(db.kysely, deal, 'solution_comparison', 'wang-qiang', 2);
    expect(first?.seq).toBe(2);
    expect(second).toBeNull();
    expect(await stageHistory(db.kysely, deal.id)).toHaveLength(2);
  });

  it('runs stage-entry triggers in the move\'s transaction: a failing trigger rolls the move back', async () => {
    const seen: string[] = [];
    const recorder: StageEntryTrigger = { name: 'recorder', stages: ['solution_comparison'], run: async (_trx, _deps, e) => void seen.push(`${e.deal.id}:${e.change.from}->${e.change.to}`) };
    const { db, deps, deal, person } = await setup({ stageTriggers: [recorder] });
    await moveDeal(deps, person('zhang-wei'), deal.id, 'solution_comparison');
    expect(seen).toEqual([`${deal.id}:qualified->solution_comparison`]);

    const failing: StageEntryTrigger = { name: 'failing', stages: '*', run: async () => { throw new Error('trigger failed'); } };
    const d2 = { ...deps, stageTriggers: [failing] };
    await expect(moveDeal(d2, person('zhang-wei'), deal.id, 'negotiation')).rejects.toThrow('trigger failed');
    expect((await getDeal(db.kysely, deal.id))?.stage).toBe('solution_comparison');
    expect(await stageHistory(db.kysely, deal.id)).toHaveLength(2);
  });

  it('the last stage closes the deal; a closed deal does not move', async () => {
    const { db, deps, person } = await setup();
    const customer = (await db.kysely.selectFrom('customers').selectAll().executeTakeFirstOrThrow());
    const { customerFromRow } = await import('../../../src/store/customers/customers.ts');
    const deal = await db.kysely.transaction().execute((trx) => createDeal(trx, deps, { customer: customerFromRow(customer), ownerId: 'zhang-wei', amount: null, sourceLeadId: null, actorId: 'zhang-wei', via: 'command', now: deps.now() }, null));
    for (const s of ['solution_comparison', 'negotiation', 'contract_signed', 'uat_done', 'accepted_awaiting_payment', 'invoiced', 'paid']) {
      // Delivery and finance stages are moved by the rep or their supervisor too (issue 10 adds role tasks).
      await moveDeal(deps, person('zhang-wei'), deal.id, s);
    }
    expect(await getDeal(db.kysely, deal.id)).toMatchObject({ stage: 'paid', status: 'closed' });
    await expect(moveDeal(deps, person('zhang-wei'), deal.id, 'invoiced')).rejects.toThrow(/已关闭/);
  });
});
