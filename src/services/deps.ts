/** What services need from the running app: database, company, active channels, clock. */
import type { Db } from '../../db/connect.ts';
import type { Company } from '../config/company.ts';
import type { ChannelAdapter } from '../channels/channel.ts';
import type { Logger } from '../log.ts';
import type { LeadRouting } from './routing/compile.ts';

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
}
