/** What services need from the running app: database, company, active channels, clock. */
import type { Db } from '../../db/connect.ts';
import type { Company } from '../config/company.ts';
import type { ChannelAdapter } from '../channels/channel.ts';
import type { Logger } from '../log.ts';
import type { LeadRouting } from './routing/compile.ts';
import type { Extractor } from '../domain/visits/extraction.ts';
import type { StageEntryTrigger } from './deals/stage-entry.ts';

export interface ServiceDeps {
  db: Db;
  company: Company;
  channels: readonly ChannelAdapter[];
  log: Logger;
  /** The company's lead rules, compiled once at start. */
  routing: LeadRouting;
  now: () => number;
  /** Tells the outbox relay that rows were committed, so it delivers without waiting a poll. */
  wakeOutbox: () => void;
  /** Tells the scheduler that a timer was added, so an earlier due time is not missed. */
  wakeScheduler: () => void;
  /** The note extractor, compiled once at start with the admin's accepted synonyms; else compiled from the company file on first use. */
  extractor?: Extractor;
  /** Stage-entry triggers (default: services/deals/triggers); tests pass their own. */
  stageTriggers?: readonly StageEntryTrigger[];
}
