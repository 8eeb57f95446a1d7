/** What services need from the running app: database, company, active channels, clock. */
import type { Db } from '../../db/connect.ts';
import type { Company } from '../config/company.ts';
import type { ChannelAdapter } from '../channels/channel.ts';
import type { Logger } from '../log.ts';

export interface ServiceDeps {
  db: Db;
  company: Company;
  channels: readonly ChannelAdapter[];
  log: Logger;
  now: () => number;
  /** Tells the outbox relay that rows were committed, so it delivers without waiting a poll. */
  wakeOutbox: () => void;
}
