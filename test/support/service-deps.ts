/** ServiceDeps over a real test database with no channels: for service tests that call use cases directly. */
import type { Db } from '../../db/connect.ts';
import { loadCompany, type Company } from '../../src/config/company.ts';
import { createLogger } from '../../src/log.ts';
import type { ServiceDeps } from '../../src/services/deps.ts';
import { compileLeadRouting } from '../../src/services/routing/compile.ts';

export function serviceDeps(db: Db, overrides: Partial<ServiceDeps> & { company?: Company } = {}): ServiceDeps {
  const company = overrides.company ?? loadCompany('examples/company.yaml');
  return {
    db,
    company,
    channels: [],
    log: createLogger({ level: 'silent', pretty: false }),
    routing: compileLeadRouting(company),
    now: () => Date.UTC(2026, 11, 4, 2),
    wakeOutbox: () => {},
    wakeScheduler: () => {},
    ...overrides,
  };
}
