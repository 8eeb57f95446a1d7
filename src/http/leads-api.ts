/**
 * `POST /api/leads`: bearer-token lead intake. 201 with id, tags, assignee and reason; 200 with
 * the stored lead when its externalId was seen before; 400 naming each bad field; 401 without
 * a valid token; 413 over 1 MB.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../errors.ts';
import { parseLeadInput } from '../domain/leads/lead-input.ts';
import { intakeLead, type IntakeResult } from '../services/lead-intake.ts';
import { validateCustomFields } from '../domain/rules/custom-fields.ts';
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
export async function submitLead(deps: ServiceDeps, raw: unknown, via: 'api' | 'chat' | 'import' = 'api'): Promise<{ status: number; body: unknown }> {
  const parsed = parseLeadInput(raw);
  const custom = validateCustomFields(deps.company.leads.customFields, parsed.ok ? parsed.lead.custom : customOf(raw));
  const issues = [...(parsed.ok ? [] : parsed.issues.filter((i) => !i.path.startsWith('custom'))), ...(custom.ok ? [] : custom.issues)];
  if (!parsed.ok && issues.length === 0) issues.push(...parsed.issues);
  if (issues.length > 0 || !parsed.ok || !custom.ok) return { status: 400, body: { error: 'invalid_lead', issues } };
  const result = await intakeLead(deps, { ...parsed.lead, custom: custom.value }, via);
  return { status: result.created ? 201 : 200, body: leadIntakeBody(result) };
}

function customOf(raw: unknown): Record<string, unknown> | undefined {
  const c = raw && typeof raw === 'object' ? (raw as { custom?: unknown }).custom : undefined;
  return c && typeof c === 'object' && !Array.isArray(c) ? (c as Record<string, unknown>) : undefined;
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
