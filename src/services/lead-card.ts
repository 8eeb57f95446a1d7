/** Builds a lead's card for one person from the lead and its current assignment's explanation. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Card } from '../../cards/card.ts';
import { leadCard, leadCardKey, type LeadCardState } from '../../cards/lead-assigned.ts';
import type { Company, Locale } from '../config/company.ts';
import { industryLabel, localeOf, personById } from '../config/company.ts';
import { relationTo } from '../domain/access/access.ts';
import { hhmm } from '../i18n.ts';
import { TOUCH_CHANNELS, type TouchChannel } from './lead-texts.ts';
import type { Lead } from '../domain/leads/lead.ts';
import { currentAssignment } from '../store/lead-assignments.ts';
import { reasonLine, type StoredExplanation } from './routing/assign.ts';
import type { ServiceDeps } from './deps.ts';

export async function storedExplanation(db: Kysely<Database>, lead: Lead): Promise<StoredExplanation | null> {
  const row = await currentAssignment(db, lead.id, lead.assignmentSeq);
  return row ? (JSON.parse(row.explanation) as StoredExplanation | null) : null;
}

/** Case studies for the card: the route's material filter, else the lead's industry and tags. */
export function materialsFor(company: Company, lead: Lead, e: StoredExplanation | null, locale: Locale): { title: string; url: string }[] {
  const filter = e?.materials ?? { industries: [lead.industry], tags: lead.tags, max: 3 };
  const industries = filter.industries.length ? filter.industries : [lead.industry];
  const picked = company.materials.filter(
    (m) => m.industries.some((i) => industries.includes(i)) || m.tags.some((t) => lead.tags.includes(t) || filter.tags.includes(t)),
  );
  // Materials that match a tag of this lead come first: they speak to why it was routed here.
  picked.sort((a, b) => Number(b.tags.some((t) => lead.tags.includes(t))) - Number(a.tags.some((t) => lead.tags.includes(t))));
  return picked.slice(0, filter.max).map((m) => ({ title: locale === 'zh-CN' ? m.title.zh : m.title.en, url: m.url }));
}

export function tagLabels(company: Company, tags: readonly string[], locale: Locale): string[] {
  return tags.map((key) => {
    const rule = company.leads.tags.find((t) => t.key === key);
    return rule ? (locale === 'zh-CN' ? rule.label.zh : rule.label.en) : key;
  });
}

export async function cardForPerson(
  db: Kysely<Database>,
  deps: Pick<ServiceDeps, 'company'>,
  lead: Lead,
  personId: string,
  state: LeadCardState,
  /** The current assignment's explanation when the caller has it (intake); else it is read. */
  known?: StoredExplanation | null,
): Promise<Card> {
  const person = personById(deps.company, personId);
  const locale = localeOf(deps.company, person);
  const e = known !== undefined ? known : await storedExplanation(db, lead);
  const owner = personById(deps.company, lead.ownerId);
  const reason = e && owner && owner.id === personId ? reasonLine(e, owner, locale) : undefined;
  const ownerName = owner?.name ?? lead.ownerId;
  const relation = person ? relationTo(deps.company, person, { ownerId: lead.ownerId }) : 'none';
  const viewer = relation === 'owner' ? { kind: 'owner' as const } : relation === 'supervisor' ? { kind: 'supervisor' as const, ownerName } : { kind: 'reader' as const, ownerName };
  return leadCard(lead, locale, state, {
    industryLabel: industryLabel(deps.company, lead.industry, locale),
    viewer,
    tagLabels: tagLabels(deps.company, lead.tags, locale),
    materials: materialsFor(deps.company, lead, e, locale),
    ...(reason ? { reason } : {}),
  });
}

/** The card state that matches where the lead stands now (for views, not for the owner's live card). */
export function currentState(company: Company, lead: Lead, locale: Locale): LeadCardState {
  const name = (id: string | null) => (id ? (personById(company, id)?.name ?? id) : '');
  if (lead.firstTouchAt !== null) {
    const channel = TOUCH_CHANNELS[lead.touchChannel as TouchChannel]?.[locale] ?? lead.touchChannel ?? '';
    return { kind: 'touched', byName: name(lead.firstTouchBy), at: hhmm(lead.firstTouchAt, company.timezone), channel };
  }
  if (lead.status === 'accepted') return { kind: 'accepted', byName: name(lead.acceptedBy), at: hhmm(lead.acceptedAt ?? lead.updatedAt, company.timezone) };
  return { kind: 'open' };
}

/**
 * A copy of a lead's card for someone to look at (`lead L-1001`, 查看线索): its own key, so acting
 * on the owner's card still updates that card. `withButtons: false` makes it read-only.
 */
export async function leadViewCard(
  db: Kysely<Database>,
  deps: Pick<ServiceDeps, 'company'>,
  lead: Lead,
  viewerId: string,
  viewKey: string,
  opts: { withButtons: boolean },
): Promise<Card> {
  const locale = localeOf(deps.company, personById(deps.company, viewerId));
  const card = await cardForPerson(db, deps, lead, viewerId, currentState(deps.company, lead, locale));
  return { ...card, key: `${leadCardKey(lead.id)}:view:${viewKey}`, ...(opts.withButtons ? {} : { actions: [] }) };
}
