/**
 * Kysely database types. Timestamps are epoch milliseconds (integer/bigint), JSON is stored
 * as text, so the same queries run unchanged on SQLite and PostgreSQL.
 * @module
 */

export type ChannelName = 'slack' | 'wecom' | 'console';

export interface InboxTable {
  /** `${channel}:${platform id}` — the platform's own id, so a redelivery is a no-op. */
  id: string;
  channel: ChannelName;
  kind: string;
  user_id: string;
  payload: string;
  status: 'received' | 'done' | 'failed';
  received_at: number;
  processed_at: number | null;
  error: string | null;
}

export interface OutboxTable {
  /** Deterministic, e.g. `lead-assigned:L-1001:v1:wecom:zhangwei`. */
  id: string;
  channel: ChannelName;
  person_id: string;
  /** Platform recipient id (WeCom userid, Slack user id, console person id). */
  recipient: string;
  op: 'send' | 'update';
  card_key: string | null;
  payload: string;
  status: 'pending' | 'sending' | 'sent' | 'dead';
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

/** One row per message actually handed to a quota-limited platform (WeCom per-member quota). */
export interface QuotaSendsTable {
  id: string;
  channel: ChannelName;
  recipient: string;
  sent_at: number;
}

export interface TimersTable {
  /** Deterministic key, e.g. `sla:L-1001:level-1`. */
  id: string;
  kind: string;
  subject: string;
  due_at: number;
  status: 'pending' | 'claimed' | 'done' | 'cancelled';
  attempts: number;
  claimed_by: string | null;
  lease_until: number | null;
  payload: string;
  created_at: number;
  fired_at: number | null;
}

/** Where a card was delivered, so it can be updated in place (Slack ts, WeCom response_code). */
export interface CardRefsTable {
  card_key: string;
  channel: ChannelName;
  person_id: string;
  ref: string;
  updated_at: number;
}

export interface PlatformTokensTable {
  name: string;
  value: string;
  expires_at: number;
}

export interface SequencesTable {
  name: string;
  value: number;
}

export interface LeadsTable {
  id: string;
  external_id: string | null;
  company: string;
  contact_name: string;
  contact_title: string;
  industry: string;
  budget: number;
  website_dwell_seconds: number;
  decision_chain_size: number;
  interaction_count: number;
  region: string | null;
  source: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
  custom: string;
  owner_id: string;
  status: 'assigned' | 'accepted';
  accepted_by: string | null;
  accepted_at: number | null;
  created_at: number;
  updated_at: number;
  /** JSON array of tag keys. */
  tags: string;
  score: number;
  rule_version: string | null;
  route_id: string | null;
  /** Bumps on every change of owner; SLA timers and card ids carry it. */
  assignment_seq: number;
  first_assigned_at: number | null;
  /** When the current owner got the lead: the start of their SLA clock. */
  assigned_at: number | null;
  first_touch_at: number | null;
  first_touch_by: string | null;
  touch_channel: string | null;
  opened_at: number | null;
}

/** Every owner a lead has had, with why; the previous owners are excluded on reassignment. */
export interface LeadAssignmentsTable {
  id: string;
  lead_id: string;
  seq: number;
  owner_id: string;
  team_id: string | null;
  via: 'route' | 'fallback' | 'declined' | 'transfer' | 'reclaim' | 'import' | 'default';
  assigned_at: number;
  ended_at: number | null;
  end_reason: 'declined' | 'transferred' | 'reclaimed' | null;
  /** JSON: the routing decision's explanation. */
  explanation: string;
}

export interface RotationStateTable {
  route_id: string;
  state: string;
  updated_at: number;
}

export interface TimeOffTable {
  id: string;
  person_id: string;
  first_day: string;
  last_day: string;
  created_at: number;
  cancelled_at: number | null;
}

export interface AuditEventsTable {
  id: string;
  subject: string;
  type: string;
  actor: string | null;
  at: number;
  data: string;
}

/** The local console's feed: what each person would see in their chat. */
export interface ConsoleFeedTable {
  id: string;
  person_id: string;
  card_key: string | null;
  message: string;
  created_at: number;
  updated_at: number;
}

export interface Database {
  inbox: InboxTable;
  outbox: OutboxTable;
  quota_sends: QuotaSendsTable;
  timers: TimersTable;
  card_refs: CardRefsTable;
  platform_tokens: PlatformTokensTable;
  sequences: SequencesTable;
  leads: LeadsTable;
  audit_events: AuditEventsTable;
  console_feed: ConsoleFeedTable;
  lead_assignments: LeadAssignmentsTable;
  rotation_state: RotationStateTable;
  time_off: TimeOffTable;
}

