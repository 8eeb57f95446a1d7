/** The inbound sink's group commit: each caller learns accurately whether its delivery was new. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Interaction } from '../../src/channels/channel.ts';
import { createInboundSink } from '../../src/services/inbound.ts';
import { openTestDb, testDatabases } from '../support/databases.ts';

const interaction = (dedupeKey: string): Interaction => ({
  channel: 'slack', dedupeKey, userId: 'U1', kind: 'command', text: 'help', receivedAt: 1_700_000_000_000,
});

describe.each(testDatabases)('inbound sink on $name', (kind) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  it('a burst with repeats: each id accepted once, the rest duplicates, one dispatch per new id', async () => {
    const t = await openTestDb(kind);
    cleanup = t.cleanup;
    const dispatched: string[] = [];
    const outcomes: string[] = [];
    const sink = createInboundSink(t.db.kysely, (i) => dispatched.push(i.dedupeKey), (_c, o) => outcomes.push(o));
    const keys = ['a', 'b', 'a', 'c', 'b', 'a'];
    const results = await Promise.all(keys.map((k) => sink.accept(interaction(k))));
    expect(results).toEqual(['accepted', 'accepted', 'duplicate', 'accepted', 'duplicate', 'duplicate']);
    expect(await sink.accept(interaction('c'))).toBe('duplicate');
    await new Promise((r) => setImmediate(r));
    expect(dispatched.sort()).toEqual(['a', 'b', 'c']);
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(3);
    const rows = await t.db.kysely.selectFrom('inbox').select('id').orderBy('id').execute();
    expect(rows.map((r) => r.id)).toEqual(['slack:a', 'slack:b', 'slack:c']);
  });

  it('a failed write rejects every caller of that batch (so the platform redelivers) and dispatches nothing', async () => {
    const t = await openTestDb(kind);
    cleanup = t.cleanup;
    const dispatched: string[] = [];
    const sink = createInboundSink(t.db.kysely, (i) => dispatched.push(i.dedupeKey));
    await t.db.kysely.schema.dropTable('inbox').execute();
    const results = await Promise.allSettled([sink.accept(interaction('x')), sink.accept(interaction('y'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(dispatched).toEqual([]);
  });
});
