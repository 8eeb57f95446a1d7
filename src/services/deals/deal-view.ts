/** Builds the deal card for one viewer: labels in their language, buttons only if they may act. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Card } from '../../../cards/card.ts';
import { dealCard } from '../../../cards/deals/deal-card.ts';
import { localeOf, personById, type Person } from '../../config/company.ts';
import { allowedMoves } from '../../domain/deals/pipeline-schema.ts';
import type { Deal } from '../../domain/deals/deal.ts';
import { money, isoDay } from '../../i18n.ts';
import { getCustomer } from '../../store/customers/customers.ts';
import { latestVisitsOfDeal } from '../../store/visits/visits.ts';
import { mayAct, relationTo } from '../access/access.ts';
import type { ServiceDeps } from '../deps.ts';
import { actionWithDue, competitorLabel, customerTypeLabel, painLabel, stageLabel } from '../visits/labels.ts';
import { dealGuard } from './deal-access.ts';

export async function dealCardFor(db: Kysely<Database>, deps: Pick<ServiceDeps, 'company' | 'now'>, deal: Deal, viewer: Person, key: string): Promise<Card> {
  const { company } = deps;
  const locale = localeOf(company, viewer);
  const tz = company.timezone;
  const customer = await getCustomer(db, deal.customerId);
  const visits = await latestVisitsOfDeal(db, deal.id, 3);
  const canAct = mayAct(relationTo(company, viewer, dealGuard(company, deal)));
  const today = isoDay(deps.now(), tz);
  const latestAction = visits.find((v) => v.nextAction)?.nextAction;
  const open = latestAction && (!latestAction.due || latestAction.due >= today) ? latestAction : undefined;
  const type = customer?.customerType ?? '';
  return dealCard(
    {
      id: deal.id,
      title: deal.title,
      customerId: deal.customerId,
      customerName: customer?.name ?? deal.customerId,
      customerType: customerTypeLabel(company, type, locale),
      ownerName: personById(company, deal.ownerId)?.name ?? deal.ownerId,
      stageLabel: stageLabel(company, deal.stage, locale),
      ...(deal.amount !== null ? { amount: money(deal.amount, locale) } : {}),
      status: deal.status,
      stageSince: isoDay(deal.stageEnteredAt, tz),
      visits: visits.map((v) => ({
        day: isoDay(v.visitedAt, tz),
        repName: personById(company, v.repId)?.name ?? v.repId,
        pains: v.pains.map((p) => painLabel(company, p.key, locale, v.customerType)),
        competitors: v.noCompetitor ? [locale === 'zh-CN' ? '无竞品' : 'no competitor'] : v.competitors.map((c) => competitorLabel(company, c.key, c.stance, locale)),
        ...(v.nextAction ? { action: actionWithDue(company, v.nextAction, locale) } : {}),
      })),
      ...(open ? { openAction: actionWithDue(company, open, locale) } : {}),
      moves: canAct && deal.status === 'open' ? allowedMoves(company.pipeline, deal.stage).map((k) => ({ key: k, label: stageLabel(company, k, locale) })) : [],
      mayAct: canAct,
    },
    locale,
    key,
  );
}
