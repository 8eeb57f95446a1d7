/** Zod schema for the company file's `leads.routes` (ordered, first match wins) and `leads.fallbackOwner`. @module */
import { z } from 'zod';
import { idSchema, ROLES, type Role } from '../../config/vocabulary.ts';
import { DurationError, parseDuration } from '../sla/duration.ts';

// The company file's id rule, so a route can only name ids that can exist.
const id = idSchema;
const word = z.string().trim().min(1, 'must not be empty').max(64, 'at most 64 characters');
const words = (what: string) => z.array(word).max(50, `at most 50 ${what}`);
const duration = z.string().superRefine((text, ctx) => {
  try {
    parseDuration(text);
  } catch (e) {
    if (!(e instanceof DurationError)) throw e;
    ctx.addIssue({ code: 'custom', message: e.message });
  }
});

/** A strict object whose unknown-key message lists the keys that are allowed. */
function strict<S extends z.ZodRawShape>(shape: S, where: string) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')} in ${where}; allowed: ${allowed}` : undefined,
  });
}

export type RouteTarget = { team: string } | { role: Role } | { people: string[] };

const target = strict(
  {
    team: id.optional(),
    role: z.enum(ROLES, { error: `use one of ${ROLES.join(', ')}` }).optional(),
    people: z.array(id).min(1, 'list at least one person id').max(200, 'at most 200 people').optional(),
  },
  'to',
)
  .refine((t) => [t.team, t.role, t.people].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of team, role or people, e.g. to: { team: tech-sales }',
  })
  .transform((t): RouteTarget => (t.team !== undefined ? { team: t.team } : t.role !== undefined ? { role: t.role } : { people: t.people ?? [] }));

const materials = strict(
  {
    industries: words('industries').default([]),
    tags: words('tags').default([]),
    max: z.number().int('must be a whole number').min(0).max(10, 'at most 10 materials on a card').default(3),
  },
  'materials',
);

export const routeSchema = strict(
  {
    id,
    label: z.string().trim().min(1).max(100, 'at most 100 characters').optional(),
    /** Condition tree, compiled by the tag-rule engine; opaque here. */
    when: z.unknown().optional(),
    tags: words('tags').min(1, 'list at least one tag key, or drop `tags` to match every lead').optional(),
    to: target,
    requiredSkills: words('skills').default([]),
    preferredSkills: words('skills').default([]),
    relaxPreferredAfter: duration.optional(),
    weights: z
      .record(id, z.number().finite().positive('weights must be > 0; to stop routing to someone, leave them out of `to`'))
      .default({}),
    materials: materials.optional(),
    sla: z.unknown().optional(),
  },
  'a route',
).superRefine((r, ctx) => {
  const required = new Set(r.requiredSkills);
  r.preferredSkills.forEach((s, i) => {
    if (required.has(s)) ctx.addIssue({ code: 'custom', path: ['preferredSkills', i], message: `"${s}" is already required; remove it from preferredSkills` });
  });
  if (r.relaxPreferredAfter !== undefined && r.preferredSkills.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['relaxPreferredAfter'], message: 'has no effect without preferredSkills; add preferredSkills or remove it' });
  }
  if ('people' in r.to) {
    const listed = new Set(r.to.people);
    for (const personId of Object.keys(r.weights)) {
      if (!listed.has(personId)) ctx.addIssue({ code: 'custom', path: ['weights', personId], message: `"${personId}" is not in to.people; add them there or drop the weight` });
    }
  }
});

export type Route = z.output<typeof routeSchema>;

/** A route with neither `when` nor `tags` catches every lead, so nothing after it can match. */
export const isCatchAll = (r: Pick<Route, 'when' | 'tags'>): boolean => r.when === undefined && r.tags === undefined;

export const routesSchema = z
  .array(routeSchema)
  .max(200, 'at most 200 routes')
  .superRefine((routes, ctx) => {
    const seen = new Set<string>();
    routes.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate route id "${r.id}"; give each route its own id` });
      seen.add(r.id);
    });
    const catchAll = routes.findIndex(isCatchAll);
    if (catchAll >= 0 && catchAll < routes.length - 1) {
      ctx.addIssue({
        code: 'custom',
        path: [catchAll + 1],
        message: `route "${routes[catchAll + 1]?.id}" can never match: "${routes[catchAll]?.id}" before it has no when/tags and takes every lead; move it last`,
      });
    }
  });

/** The routing keys of `leads`, to spread into the company file's `leads` object. */
export const leadsRoutingShape = {
  routes: routesSchema.default([]),
  /** Who gets a lead when no route's candidates can take it. */
  fallbackOwner: id.optional(),
};

/** Parses just the routing part of `leads`; the section's other keys belong to other features. */
export const leadsRoutingSchema = z.looseObject(leadsRoutingShape);
export type LeadsRouting = z.output<typeof leadsRoutingSchema>;

export interface RoutingIssue {
  path: (string | number)[];
  message: string;
}

/** Checks the ids a routing section names against the company's people and teams (paths relative to `leads`). */
export function routingReferenceIssues(
  routing: Pick<LeadsRouting, 'routes' | 'fallbackOwner'>,
  known: { personIds: ReadonlySet<string>; teamIds: ReadonlySet<string> },
): RoutingIssue[] {
  const issues: RoutingIssue[] = [];
  const person = (pid: string, path: (string | number)[]) => {
    if (!known.personIds.has(pid)) issues.push({ path, message: `unknown person "${pid}"; use an id from people` });
  };
  routing.routes.forEach((r, i) => {
    if ('team' in r.to && !known.teamIds.has(r.to.team)) {
      issues.push({ path: ['routes', i, 'to', 'team'], message: `unknown team "${r.to.team}"; declare it under teams` });
    }
    if ('people' in r.to) r.to.people.forEach((pid, j) => person(pid, ['routes', i, 'to', 'people', j]));
    for (const pid of Object.keys(r.weights)) person(pid, ['routes', i, 'weights', pid]);
  });
  if (routing.fallbackOwner !== undefined) person(routing.fallbackOwner, ['fallbackOwner']);
  return issues;
}
