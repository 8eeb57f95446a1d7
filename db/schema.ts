/**
 * Kysely database types. Timestamps are epoch milliseconds (integer/bigint), JSON is stored
 * as text, so the same queries run unchanged on SQLite and PostgreSQL.
 * @module
 */
import type { Generated } from 'kysely';

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

export interface CustomersTable {
  id: string;
  name: string;
  /** normaliseCustomerName(name): the dedupe key. */
  name_key: string;
  industry: string | null;
  region: string | null;
  customer_type: string;
  size_band: string | null;
  owner_id: string;
  /** JSON array of { name, title?, phone?, email? }. */
  contacts: string;
  /** JSON array of lead ids this customer came from. */
  source_lead_ids: string;
  /** The old CRM's id or name, for imports. */
  external_ref: string | null;
  last_contact_at: number | null;
  custom: string;
  created_at: number;
  updated_at: number;
}

export interface DealsTable {
  id: string;
  customer_id: string;
  owner_id: string;
  title: string;
  amount: number | null;
  stage: string;
  /** The seq of the stage-history row that put the deal in its stage. */
  stage_seq: number;
  stage_entered_at: number;
  /** The lead 转为商机 made it from: a second qualify of the same lead finds it. */
  source_lead_id: string | null;
  status: 'open' | 'closed';
  created_at: number;
  updated_at: number;
}

/** Append-only: every stage a deal entered, who moved it and why. Stage-entry triggers hang off these rows. */
export interface DealStageHistoryTable {
  id: string;
  deal_id: string;
  seq: number;
  from_stage: string | null;
  to_stage: string;
  actor_id: string | null;
  at: number;
  reason: 'created' | 'moved';
  data: string;
}

export type ValueSource = 'form' | 'note' | 'corrected';

export interface VisitsTable {
  id: string;
  /** The form or draft a visit came from: a double submit stores one visit. */
  dedupe_key: string;
  customer_id: string;
  deal_id: string | null;
  rep_id: string;
  team_id: string | null;
  /** The deal's stage when the visit was made. */
  stage: string;
  customer_type: string;
  industry: string | null;
  region: string | null;
  /** 1 when the rep said no competitor came up. */
  no_competitor: number;
  next_action: string | null;
  next_action_due: string | null;
  next_action_source: ValueSource | null;
  /** JSON array of { value, unit, approx?, evidence, source }. */
  quantities: string;
  note: string | null;
  via: 'form' | 'note' | 'voice';
  visited_at: number;
  created_at: number;
}

export interface VisitPainsTable {
  visit_id: string;
  pain_key: string;
  source: ValueSource;
  evidence: string | null;
  visited_at: number;
  rep_id: string;
  team_id: string | null;
  customer_id: string;
}

export interface VisitCompetitorsTable {
  visit_id: string;
  /** A catalogue key, or `other:<name>` for one the catalogue does not know. */
  competitor_key: string;
  competitor_name: string;
  stance: 'incumbent' | 'evaluating' | 'ruled_out' | 'mentioned';
  source: ValueSource;
  evidence: string | null;
  visited_at: number;
  rep_id: string;
  team_id: string | null;
  customer_id: string;
}

/** A note the bot understood, waiting for the rep's 确认 / 修改 / 放弃. */
export interface VisitDraftsTable {
  id: string;
  rep_id: string;
  customer_id: string;
  note: string;
  /** JSON: the Extraction. */
  extraction: string;
  /** Typed or spoken. */
  via: Generated<'note' | 'voice'>;
  status: 'pending' | 'confirmed' | 'discarded';
  visit_id: string | null;
  created_at: number;
  updated_at: number;
}

/** A phrase a rep's correction suggests as a synonym; the admin accepts or rejects it. */
export interface LexiconSuggestionsTable {
  id: string;
  kind: 'pain' | 'competitor' | 'action';
  key: string;
  phrase: string;
  suggested_by: string;
  visit_id: string | null;
  times: number;
  status: 'pending' | 'accepted' | 'rejected';
  created_at: number;
  decided_at: number | null;
  decided_by: string | null;
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
  customers: CustomersTable;
  deals: DealsTable;
  deal_stage_history: DealStageHistoryTable;
  visits: VisitsTable;
  visit_pains: VisitPainsTable;
  visit_competitors: VisitCompetitorsTable;
  visit_drafts: VisitDraftsTable;
  lexicon_suggestions: LexiconSuggestionsTable;
}

