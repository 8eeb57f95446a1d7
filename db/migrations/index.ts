/** Forward-only migrations, in order. Add a new timestamped file and list it here. */
import type { Migration } from 'kysely';
import * as foundation from './2026-11-26T0001-foundation.ts';
import * as outboxRecipientOrder from './2026-11-26T0002-outbox-recipient-order.ts';
import * as leadRouting from './2026-11-26T0003-lead-routing.ts';
import * as leadMetricsIndex from './2026-11-26T0004-lead-metrics-index.ts';
import * as leadOpenIndex from './2026-11-26T0005-lead-open-index.ts';
import * as dropLeadsOwnerStatus from './2026-11-26T0006-drop-leads-owner-status.ts';
import * as leadOpened from './2026-11-26T0007-lead-opened.ts';
import * as customersDealsVisits from './2026-12-04T0008-customers-deals-visits.ts';
import * as visitDraftVia from './2026-12-04T0009-visit-draft-via.ts';

export const migrations: Record<string, Migration> = {
  '2026-11-26T0001-foundation': foundation,
  '2026-11-26T0002-outbox-recipient-order': outboxRecipientOrder,
  '2026-11-26T0003-lead-routing': leadRouting,
  '2026-11-26T0004-lead-metrics-index': leadMetricsIndex,
  '2026-11-26T0005-lead-open-index': leadOpenIndex,
  '2026-11-26T0006-drop-leads-owner-status': dropLeadsOwnerStatus,
  '2026-11-26T0007-lead-opened': leadOpened,
  '2026-12-04T0008-customers-deals-visits': customersDealsVisits,
  '2026-12-04T0009-visit-draft-via': visitDraftVia,
};
