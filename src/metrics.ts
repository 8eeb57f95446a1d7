/**
 * Prometheus metrics for one app instance: a fresh Registry each (tests start several apps),
 * counters fed by the inbound sink, relay and scheduler hooks, and outbox/timer/lead gauges
 * read from the database at scrape time so they are right across instances and restarts.
 * @module
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/connect.ts';
import type { OutboxTable, TimersTable } from '../db/schema.ts';
import type { RelayMetrics } from './services/outbox-relay.ts';
import type { SchedulerMetrics } from './services/scheduler.ts';
import { metricsWindow, type LeadMetrics } from './domain/leads/lead-metrics.ts';
import { queryLeadMetrics } from './store/lead-metrics.ts';

export interface Metrics {
  registry: Registry;
  inbound: Counter<'channel' | 'outcome'>;
  outboxSent: Counter<'channel'>;
  outboxDead: Counter<'channel'>;
  outboxRetries: Counter<'channel'>;
  outboxQuotaDeferred: Counter<'channel'>;
  /** Seconds from queueing to delivery. */
  outboxLatency: Histogram<'channel'>;
  /** Rows by channel and status, counted in the database at scrape time. */
  outboxRows: Gauge<'channel' | 'status'>;
  timerLag: Histogram<'kind'>;
  timerFailures: Counter<'kind'>;
  /** Unfinished timers by status, counted at scrape time. */
  timerRows: Gauge<'status'>;
  relay: RelayMetrics;
  scheduler: SchedulerMetrics;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag); default true. */
  defaultMetrics?: boolean;
  /** Clock for the lead gauges' 30-day window; default Date.now. */
  now?: () => number;
  /** Team of a person, for owner history recorded without a team (lead gauges). */
  teamOf?: (personId: string) => string | null | undefined;
}

const OUTBOX_STATUSES: readonly OutboxTable['status'][] = ['pending', 'sending', 'sent', 'dead'];
const LIVE_TIMER_STATUSES: readonly TimersTable['status'][] = ['pending', 'claimed'];

export function createMetrics(db?: Db, options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const inbound = new Counter({ name: 'closeloop_inbound_total', help: 'Inbound interactions by outcome', labelNames: ['channel', 'outcome'] as const, registers });
  const outboxSent = new Counter({ name: 'closeloop_outbox_sent_total', help: 'Messages delivered', labelNames: ['channel'] as const, registers });
  const outboxDead = new Counter({ name: 'closeloop_outbox_dead_total', help: 'Messages dead-lettered', labelNames: ['channel'] as const, registers });
  const outboxRetries = new Counter({ name: 'closeloop_outbox_retries_total', help: 'Failed deliveries that will be retried', labelNames: ['channel'] as const, registers });
  const outboxQuotaDeferred = new Counter({
    name: 'closeloop_outbox_quota_deferred_total',
    help: 'Deliveries postponed because the recipient quota was full',
    labelNames: ['channel'] as const,
    registers,
  });
  const outboxLatency = new Histogram({
    name: 'closeloop_outbox_latency_seconds',
    help: 'Seconds from queueing a message to its delivery',
    labelNames: ['channel'] as const,
    buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 3600],
    registers,
  });
  const timerLag = new Histogram({
    name: 'closeloop_timer_lag_seconds',
    help: 'Seconds between a timer being due and its handler starting',
    labelNames: ['kind'] as const,
    buckets: [0.01, 0.1, 0.5, 1, 2, 5, 15, 60, 300],
    registers,
  });
  const timerFailures = new Counter({ name: 'closeloop_timer_failures_total', help: 'Timer handler failures', labelNames: ['kind'] as const, registers });

  const outboxRows = new Gauge({
    name: 'closeloop_outbox_messages',
    help: 'Outbox rows by channel and status',
    labelNames: ['channel', 'status'] as const,
    registers,
    async collect() {
      if (!db) return;
      const rows = await db.kysely
        .selectFrom('outbox')
        .select((eb) => ['channel', 'status', eb.fn.countAll<number>().as('n')])
        .groupBy(['channel', 'status'])
        .execute();
      this.reset();
      // Every status for every channel seen, so "dead" reads 0 rather than vanishing.
      for (const channel of new Set(rows.map((r) => r.channel))) {
        for (const status of OUTBOX_STATUSES) this.set({ channel, status }, 0);
      }
      for (const r of rows) this.set({ channel: r.channel, status: r.status }, Number(r.n));
    },
  });

  const timerRows = new Gauge({
    name: 'closeloop_timers',
    help: 'Unfinished timers by status',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      if (!db) return;
      const rows = await db.kysely
        .selectFrom('timers')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
        .where('status', 'in', LIVE_TIMER_STATUSES)
        .groupBy('status')
        .execute();
      for (const status of LIVE_TIMER_STATUSES) this.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0));
    },
  });

  if (db) registerLeadGauges(registers, db, { now: options.now ?? Date.now, teamOf: options.teamOf });

  return {
    registry,
    inbound,
    outboxSent,
    outboxDead,
    outboxRetries,
    outboxQuotaDeferred,
    outboxLatency,
    outboxRows,
    timerLag,
    timerFailures,
    timerRows,
    relay: {
      sent(channel, latencySeconds) {
        outboxSent.inc({ channel });
        outboxLatency.observe({ channel }, latencySeconds);
      },
      retried: (channel) => outboxRetries.inc({ channel }),
      dead: (channel) => outboxDead.inc({ channel }),
      quotaDeferred: (channel) => outboxQuotaDeferred.inc({ channel }),
    },
    scheduler: {
      fired: (kind, lagSeconds) => timerLag.observe({ kind }, lagSeconds),
      failed: (kind) => timerFailures.inc({ kind }),
    },
  };
}

/** Gauges over the leads first assigned in the last 30 days (definitions: src/domain/leads/lead-metrics.ts). */
function registerLeadGauges(registers: Registry[], db: Db, opts: { now: () => number; teamOf?: MetricsOptions['teamOf'] }): void {
  // One computation serves every lead gauge of a scrape (prom-client collects them together).
  let last: { startedAt: number; result: Promise<LeadMetrics> } | undefined;
  const compute = (): Promise<LeadMetrics> => {
    const t = performance.now();
    if (!last || t - last.startedAt > 1_000) {
      last = { startedAt: t, result: queryLeadMetrics(db.kysely, { ...metricsWindow(opts.now()), fallbackTeam: opts.teamOf }) };
    }
    return last.result;
  };
  const team = (id: string | null) => id ?? 'none';
  const perTeam = (name: string, help: string, value: (t: LeadMetrics['teams'][number]) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['team'] as const,
      registers,
      async collect() {
        const m = await compute();
        this.reset();
        for (const t of m.teams) {
          const v = value(t);
          if (v !== null) this.set({ team: team(t.teamId) }, v);
        }
      },
    });
  perTeam('closeloop_lead_first_touch_72h_ratio', 'Share of elapsed leads first-touched within 72 h of first assignment, by first team (last 30 days)', (t) => t.rate);
  perTeam('closeloop_lead_sla_breaches', 'SLA level-1 reminders sent (not accepted in time), by the team holding the lead (leads of the last 30 days)', (t) => t.reminders);
  perTeam('closeloop_lead_reclaims_total', 'Leads reclaimed for no first touch (SLA level 2), by the team that lost them (leads of the last 30 days)', (t) => t.reclaims);
  perTeam('closeloop_lead_declines', 'Leads declined (不是我的), by the team that declined them (leads of the last 30 days)', (t) => t.declines);
  perTeam('closeloop_lead_median_accept_minutes', 'Median minutes from assignment to acceptance, by first team (last 30 days)', (t) => t.medianAcceptMinutes);
  perTeam('closeloop_lead_median_first_touch_minutes', 'Median minutes from first assignment to first touch, by first team (last 30 days)', (t) => t.medianFirstTouchMinutes);
  new Gauge({
    name: 'closeloop_lead_first_touch_72h_leads',
    help: 'Leads first assigned in the last 30 days by 72-hour outcome (touched, breached, pending) and first team; sum these for a company-wide rate',
    labelNames: ['team', 'outcome'] as const,
    registers,
    async collect() {
      const m = await compute();
      this.reset();
      for (const t of m.teams) {
        for (const outcome of ['touched', 'breached', 'pending'] as const) this.set({ team: team(t.teamId), outcome }, t[outcome]);
      }
    },
  });
}

/** The Prometheus text exposition for `GET /metrics`. */
export function metricsText(metrics: Metrics): Promise<string> {
  return metrics.registry.metrics();
}

/** Content-Type header for `metricsText`. */
export function metricsContentType(metrics: Metrics): string {
  return metrics.registry.contentType;
}
