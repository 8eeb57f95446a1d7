/**
 * `POST /api/leads`: bearer-token lead intake. 201 with id, tags, assignee and reason; 200 with
 * the stored lead when its externalId was seen before; 400 naming each bad field; 401 without
 * a valid token; 413 over 1 MB.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../errors.ts';
import { validateLead } from '../domain/leads/validate-lead.ts';
import { intakeLead, type IntakeResult, type IntakeVia } from '../services/lead-intake.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { readJson, sendJson } from './body.ts';
import type { HttpRoute } from './route.ts';

export function leadIntakeBody(r: IntakeResult) {
  return {
    id: r.lead.id,
    created: r.created,
    status: r.lead.status,
    tags: r.lead.tags,
    score: r.lead.score,
    ruleVersion: r.lead.ruleVersion,
    route: r.lead.routeId,
    assignee: { id: r.owner.id, name: r.owner.name },
    reason: r.reason,
  };
}

/** Validates and stores a lead from any trusted caller (API, console form). */
export async function submitLead(deps: ServiceDeps, raw: unknown, via: IntakeVia = 'api'): Promise<{ status: number; body: unknown }> {
  const valid = validateLead(deps.company.leads.customFields, raw);
  if (!valid.ok) return { status: 400, body: { error: 'invalid_lead', issues: valid.issues } };
  const result = await intakeLead(deps, valid.lead, via);
  return { status: result.created ? 201 : 200, body: leadIntakeBody(result) };
}

export function leadsApiRoute(deps: ServiceDeps, apiToken: string | undefined): HttpRoute {
  return {
    method: 'POST',
    path: '/api/leads',
    async handle(req, res) {
      authorize(req, apiToken);
      const raw = await readJson(req);
      const { status, body } = await submitLead(deps, raw);
      sendJson(res, status, body);
    },
  };
}

function authorize(req: IncomingMessage, apiToken: string | undefined): void {
  if (!apiToken) throw new HttpError(401, 'api_disabled', 'the lead API is off: set API_TOKEN');
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match?.[1]) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <API_TOKEN>');
  const given = Buffer.from(match[1].trim());
  const expected = Buffer.from(apiToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpError(401, 'unauthorized', 'invalid API token');
  }
}
