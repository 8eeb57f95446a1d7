import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { workloadOf } from '../../src/store/lead-workload.ts';
import { freshDbs, testDatabases } from '../support/databases.ts';

const DAY = Date.UTC(2026, 2, 2, 0);

describe.each(testDatabases)('workloadOf on $name', (kind) => {
  const fresh = freshDbs(kind);
  async function seeded(): Promise<Db> {
    const t = await fresh();
    // 张伟: 6 open + 1 touched, 4 of them assigned today; 李娜: 2 open, both today.
    const leads = [
      ...Array.from({ length: 7 }, (_, i) => ({ owner: 'zhang-wei', touched: i === 6, at: i < 4 ? DAY + i : DAY - 1_000 })),
      ...Array.from({ length: 2 }, (_, i) => ({ owner: 'li-na', touched: false, at: DAY + 10 + i })),
    ];
    for (const [i, l] of leads.entries()) {
      const id = `L-${1000 + i}`;
      await t.db.kysely
        .insertInto('leads')
        .values({
          id, company: 'c', contact_name: 'n', contact_title: 't', industry: 'education', budget: 1, website_dwell_seconds: 0, decision_chain_size: 1,
          interaction_count: 0, custom: '{}', owner_id: l.owner, status: 'assigned', created_at: l.at, updated_at: l.at, tags: '[]', score: 0,
          assignment_seq: 1, first_assigned_at: l.at, assigned_at: l.at, first_touch_at: l.touched ? l.at + 1 : null,
        })
        .execute();
      await t.db.kysely
        .insertInto('lead_assignments')
        .values({ id: `A-${i}`, lead_id: id, seq: 1, owner_id: l.owner, team_id: null, via: 'route', assigned_at: l.at, explanation: '{}' })
        .execute();
    }
    return t.db;
  }

  it('counts exactly without caps, and with caps stops at each cap and skips what has none', async () => {
    const db = await seeded();
    const ids = ['zhang-wei', 'li-na', 'chen-jie'];
    expect(Object.fromEntries(await workloadOf(db.kysely, ids, DAY))).toEqual({
      'zhang-wei': { openLeads: 6, assignedToday: 4 },
      'li-na': { openLeads: 2, assignedToday: 2 },
      'chen-jie': { openLeads: 0, assignedToday: 0 },
    });
    const caps: Record<string, { openLeads?: number; perDay?: number }> = { 'zhang-wei': { openLeads: 5, perDay: 3 }, 'li-na': { openLeads: 8 }, 'chen-jie': {} };
    expect(Object.fromEntries(await workloadOf(db.kysely, ids, DAY, (id) => caps[id]!))).toEqual({
      'zhang-wei': { openLeads: 5, assignedToday: 3 }, // at (past) both caps
      'li-na': { openLeads: 2, assignedToday: 0 }, // under the cap: exact; no daily cap: not counted
      'chen-jie': { openLeads: 0, assignedToday: 0 },
    });
  });
});
