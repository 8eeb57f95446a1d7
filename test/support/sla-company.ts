/**
 * The demo company with an SLA ladder short enough for flow tests (90 s to accept, 10 min to a
 * first touch, warning at 75 %) on a 24×7 calendar, so a test clock moved by minutes crosses
 * every level whatever the weekday or hour. Parsed like the real file, so it is validated too.
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { parseCompany, type Company } from '../../src/config/company.ts';

export const FAST_LADDER = { acceptWithin: '90s', firstTouchWithin: '10m', warnAt: 0.75 } as const;

/** Milliseconds of each fast level in 24×7 mode (where business time is wall time). */
export const FAST_MS = { remind: 90_000, warn: 450_000, reclaim: 600_000 } as const;

export function fastSlaCompany(file = 'examples/company.yaml'): Company {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['leads', 'sla'], doc.createNode({ ...FAST_LADDER }));
  doc.setIn(['calendar'], doc.createNode({ mode: '24x7' }));
  return parseCompany(doc.toString(), `${file} (fast SLA copy)`);
}
