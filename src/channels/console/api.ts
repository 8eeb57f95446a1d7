/**
 * The console's JSON API: who can be impersonated, their feed, and what they click or type.
 * Clicks and commands go into the same inbound sink as Slack and WeCom traffic.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { renderConsoleMessage } from '../../../cards/render/console.ts';
import type { Company, Person } from '../../config/company.ts';
import { localeOf } from '../../config/company.ts';
import { HttpError } from '../../errors.ts';
import { readJson, sendJson } from '../../http/body.ts';
import type { Logger } from '../../log.ts';
import type { InboundSink, Interaction } from '../channel.ts';
import { listFeed } from './feed-store.ts';
import { actionRequest, commandRequest, feedQuery, parseOrThrow } from './requests.ts';

export const CONSOLE_BODY_LIMIT = 64 * 1024;

export interface ConsoleApiDeps {
  db: Kysely<Database>;
  company: Company;
  sink: InboundSink;
  log: Logger;
  now: () => number;
  newLead?: (input: unknown) => Promise<{ status: number; body: unknown }>;
}

export function activePerson(company: Company, id: string): Person | undefined {
  return company.people.find((p) => p.id === id && p.active);
}

function personOr404(company: Company, id: string): Person {
  const person = activePerson(company, id);
  if (!person) throw new HttpError(404, 'unknown_person', `no active person "${id}" in the company file`);
  return person;
}

/**
 * Requiring `application/json` makes a cross-site form post impossible without a CORS
 * preflight, which this server never grants: a tokenless local console stays unforgeable.
 */
async function readConsoleJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'unsupported_media_type', 'send Content-Type: application/json');
  return readJson(req, CONSOLE_BODY_LIMIT);
}

const noStore = (res: ServerResponse) => res.setHeader('cache-control', 'no-store');

export function peopleHandler(deps: ConsoleApiDeps) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    const { company } = deps;
    const teams = new Map(company.teams.map((t) => [t.id, t]));
    noStore(res);
    sendJson(res, 200, {
      company: { name: company.name, language: company.language, timezone: company.timezone },
      newLead: deps.newLead !== undefined,
      teams: company.teams.map((t) => ({ id: t.id, name: t.name })),
      people: company.people
        .filter((p) => p.active)
        .map((p) => {
          const team = p.team ? teams.get(p.team) : undefined;
          return {
            id: p.id,
            name: p.name,
            roles: p.roles,
            team: team ? { id: team.id, name: team.name } : null,
            language: localeOf(company, p),
          };
        }),
    });
  };
}

export function feedHandler(deps: ConsoleApiDeps) {
  return async (_req: IncomingMessage, res: ServerResponse, url: URL) => {
    const query = parseOrThrow(feedQuery, Object.fromEntries(url.searchParams));
    const person = personOr404(deps.company, query.person);
    const rows = await listFeed(deps.db, person.id, query.since);
    const items = rows.map((r) => ({ id: r.id, cardKey: r.cardKey, createdAt: r.createdAt, updatedAt: r.updatedAt, view: renderConsoleMessage(r.message) }));
    const cursor = items.reduce((max, i) => Math.max(max, i.updatedAt), query.since ?? 0);
    noStore(res);
    sendJson(res, 200, { person: { id: person.id, name: person.name, language: localeOf(deps.company, person) }, items, cursor });
  };
}

async function accept(deps: ConsoleApiDeps, res: ServerResponse, interaction: Interaction): Promise<void> {
  const status = await deps.sink.accept(interaction);
  deps.log.debug({ userId: interaction.userId, kind: interaction.kind, status }, 'console interaction');
  sendJson(res, 202, { status });
}

export function actionHandler(deps: ConsoleApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const body = parseOrThrow(actionRequest, await readConsoleJson(req));
    const person = personOr404(deps.company, body.person);
    const interaction: Interaction = {
      channel: 'console',
      dedupeKey: body.clientId,
      userId: person.id,
      kind: 'action',
      actionId: body.actionId,
      value: body.value,
      receivedAt: deps.now(),
    };
    if (body.cardKey !== undefined) interaction.cardKey = body.cardKey;
    if (body.values !== undefined) interaction.values = body.values;
    await accept(deps, res, interaction);
  };
}

export function commandHandler(deps: ConsoleApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const body = parseOrThrow(commandRequest, await readConsoleJson(req));
    const person = personOr404(deps.company, body.person);
    await accept(deps, res, {
      channel: 'console',
      dedupeKey: body.clientId,
      userId: person.id,
      kind: 'command',
      text: body.text,
      receivedAt: deps.now(),
    });
  };
}

/** The page's New-lead form: the same intake as `POST /api/leads`, minus its bearer token. */
export function leadsHandler(deps: ConsoleApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (!deps.newLead) throw new HttpError(404, 'not_available', 'lead intake is not wired to this console');
    const input = await readConsoleJson(req);
    const result = await deps.newLead(input);
    sendJson(res, result.status, result.body);
  };
}
