/**
 * Durable timers (SLA ladder steps, task due dates, digests): scheduled with a deterministic id,
 * claimed under a lease by one scheduler instance, cancelled by flipping status (never deleted).
 * @module
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, TimersTable } from '../../db/schema.ts';
import { insertRow, KEEP_EXISTING_ID } from './compiled-insert.ts';
import { isPostgres } from './dialect.ts';

export interface TimerRow {
  id: string;
  kind: string;
  subject: string;
  dueAt: number;
  status: TimersTable['status'];
  /** Times the timer was claimed to fire, this one included. */
  attempts: number;
  /** As scheduled; each handler validates its own shape. */
  payload: unknown;
  claimedBy: string | null;
  leaseUntil: number | null;
  createdAt: number;
  firedAt: number | null;
}

/** What fences a claimed timer's completion: the claimant and its lease. */
export type TimerClaim = Pick<TimerRow, 'id' | 'claimedBy' | 'leaseUntil'>;

export interface NewTimer {
  /** Deterministic, e.g. `sla:L-1001:v1:level-1`; scheduling the same id again is a no-op. */
  id: string;
  kind: string;
  subject: string;
  dueAt: number;
  payload: unknown;
  now: number;
}

function toTimer(r: Selectable<TimersTable>): TimerRow {
  return {
    id: r.id,
    kind: r.kind,
    subject: r.subject,
    dueAt: Number(r.due_at),
    status: r.status,
    attempts: Number(r.attempts),
    payload: JSON.parse(r.payload) as unknown,
    claimedBy: r.claimed_by,
    leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
    createdAt: Number(r.created_at),
    firedAt: r.fired_at === null ? null : Number(r.fired_at),
  };
}

/** Inserts a pending timer; false when one with the same id exists (in any status). */
export async function scheduleTimer(db: Kysely<Database>, t: NewTimer): Promise<boolean> {
  return insertRow(db, 'timers', timerRow(t), KEEP_EXISTING_ID);
}

/** The stored form of a new timer (for a `RowBatch`, with `KEEP_EXISTING_ID`). */
export function timerRow(t: NewTimer): Insertable<TimersTable> {
  return {
    id: t.id,
    kind: t.kind,
    subject: t.subject,
    due_at: t.dueAt,
    status: 'pending',
    attempts: 0,
    claimed_by: null,
    lease_until: null,
    payload: JSON.stringify(t.payload ?? {}),
    created_at: t.now,
    fired_at: null,
  };
}

/** Cancels a subject's pending (and in-flight) timers, optionally of one kind; returns how many. */
export async function cancelTimers(db: Kysely<Database>, opts: { subject: string; kind?: string }): Promise<number> {
  const result = await db
    .updateTable('timers')
    .set({ status: 'cancelled', lease_until: null })
    .where('subject', '=', opts.subject)
    .where('status', 'in', ['pending', 'claimed'])
    .$if(opts.kind !== undefined, (qb) => qb.where('kind', '=', opts.kind!))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function getTimer(db: Kysely<Database>, id: string): Promise<TimerRow | undefined> {
  const row = await db.selectFrom('timers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toTimer(row);
}

/**
 * Claims due timers (pending and due, or claimed with an expired lease after a crash) in one
 * transaction, counting the attempt. PostgreSQL: FOR UPDATE SKIP LOCKED, so instances take
 * disjoint timers; SQLite: BEGIN IMMEDIATE serialises claims.
 */
export async function claimDueTimers(
  db: Kysely<Database>,
  opts: { now: number; limit: number; instanceId: string; leaseMs: number },
): Promise<TimerRow[]> {
  const lease = opts.now + opts.leaseMs;
  return db.transaction().execute(async (trx) => {
    // Two index-friendly queries instead of one OR: with a large overdue backlog the OR made
    // SQLite read and sort every due row; each branch here stops after `limit` rows.
    const due = await oldestFirst(trx, 'pending', 'due_at', opts);
    const expired = await oldestFirst(trx, 'claimed', 'lease_until', opts);
    const rows = [...due, ...expired]
      .sort((a, b) => Number(a.due_at) - Number(b.due_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, opts.limit);
    if (rows.length === 0) return [];
    await trx
      .updateTable('timers')
      .set((eb) => ({ status: 'claimed', claimed_by: opts.instanceId, lease_until: lease, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', rows.map((r) => r.id))
      .execute();
    return rows.map((r) => ({ ...toTimer(r), status: 'claimed' as const, attempts: Number(r.attempts) + 1, claimedBy: opts.instanceId, leaseUntil: lease }));
  });
}

/** Timers in `status` whose `column` is before now, oldest due first, locked on PostgreSQL. */
function oldestFirst(trx: Kysely<Database>, status: 'pending' | 'claimed', column: 'due_at' | 'lease_until', opts: { now: number; limit: number }) {
  return trx
    .selectFrom('timers')
    .selectAll()
    .where('status', '=', status)
    .where(column, column === 'due_at' ? '<=' : '<', opts.now)
    .orderBy('due_at')
    .orderBy('id')
    .limit(opts.limit)
    .$if(isPostgres(trx), (qb) => qb.forUpdate().skipLocked())
    .execute();
}

/** An update of these timers that applies only while `claim` (claimant and lease) still holds them. */
function fenced(db: Kysely<Database>, claim: Omit<TimerClaim, 'id'>, ids: readonly string[]) {
  return db
    .updateTable('timers')
    .where('id', 'in', ids)
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', claim.claimedBy ?? '')
    .where('lease_until', '=', claim.leaseUntil ?? -1);
}

/** Done; false when the claim was lost (lease expired and re-claimed, or cancelled meanwhile). */
export async function completeTimer(db: Kysely<Database>, claim: TimerClaim, now: number): Promise<boolean> {
  const result = await fenced(db, claim, [claim.id]).set({ status: 'done', fired_at: now, lease_until: null }).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Marks several fired timers done in one statement (one commit for a whole batch); each only
 * under its own claim. Returns the ids whose claim still held.
 */
export async function completeTimers(db: Kysely<Database>, claims: readonly TimerClaim[], now: number): Promise<Set<string>> {
  const done = new Set<string>();
  // A batch shares its claimant and lease (one claim query), so group by them.
  const groups = new Map<string, TimerClaim[]>();
  for (const c of claims) {
    const key = `${c.claimedBy ?? ''}\u0000${c.leaseUntil ?? -1}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const group of groups.values()) {
    const [first] = group;
    if (!first) continue;
    const rows = await fenced(
      db,
      first,
      group.map((c) => c.id),
    )
      .set({ status: 'done', fired_at: now, lease_until: null })
      .returning('id')
      .execute();
    for (const r of rows) done.add(r.id);
  }
  return done;
}

/** Back to pending, due again at `dueAt` (the handler failed). */
export async function retryTimer(db: Kysely<Database>, claim: TimerClaim, dueAt: number): Promise<boolean> {
  const result = await fenced(db, claim, [claim.id]).set({ status: 'pending', due_at: dueAt, claimed_by: null, lease_until: null }).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives up on a claimed timer (unknown kind, too many failures): cancelled, kept for the record. */
export async function abandonTimer(db: Kysely<Database>, claim: TimerClaim, now: number): Promise<boolean> {
  const result = await fenced(db, claim, [claim.id]).set({ status: 'cancelled', fired_at: now, lease_until: null }).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Earliest time a claim could find work: next pending due_at or an in-flight lease expiry. */
export async function nextTimerDueAt(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom('timers')
    .select((eb) => [eb.fn.min('due_at').as('pending')])
    .where('status', '=', 'pending')
    .executeTakeFirst();
  const claimed = await db
    .selectFrom('timers')
    .select((eb) => [eb.fn.min('lease_until').as('lease')])
    .where('status', '=', 'claimed')
    .executeTakeFirst();
  const times = [row?.pending, claimed?.lease].filter((t): t is number => t !== null && t !== undefined).map(Number);
  return times.length ? Math.min(...times) : null;
}
