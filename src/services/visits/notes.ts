/**
 * A typed or spoken note about a customer → what the bot understood, stored as a draft and
 * shown on a confirmation card (确认 / 修改 / 放弃). Nothing becomes a visit until the rep confirms.
 * @module
 */
import type { Card } from '../../../cards/card.ts';
import { visitConfirmCard } from '../../../cards/visits/visit-confirm.ts';
import { labelIn, localeOf, type Company, type Locale, type Person } from '../../config/company.ts';
import type { Customer } from '../../domain/customers/customer.ts';
import { actionsAllowedAt } from '../../domain/visits/catalogue-schema.ts';
import type { Extraction } from '../../domain/visits/extraction.ts';
import { MAX_NOTE_CHARS } from '../../domain/visits/visit.ts';
import { BotError } from '../../errors.ts';
import { insertDraft, type VisitDraft } from '../../store/visits/drafts.ts';
import { nextSequences } from '../../store/leads.ts';
import { recordEvent } from '../../store/audit.ts';
import { resolveCustomer } from '../customers/customers.ts';
import type { ServiceDeps } from '../deps.ts';
import { replyInTx, type ReplyOrigin } from '../replies.ts';
import { extractorOf } from './extractor.ts';
import { actionWithDue, competitorLabel, painLabel, stageLabel } from './labels.ts';
import { visitStage } from './visit-form.ts';
import { quantityText } from './visit-values.ts';

/** Empty or too long: a clear reply, nothing stored. */
export function assertNoteLength(note: string, locale: Locale): void {
  const zh = locale === 'zh-CN';
  const length = [...note.trim()].length;
  if (length === 0) throw new BotError('note_empty', zh ? '拜访纪要是空的。请写一句话，例如：拜访 上海市实验中学：主任说服务器常宕机，下周三技术交流。' : 'The visit note is empty. Write a sentence, e.g.: visit Acme: their servers keep failing; tech session next Wednesday.');
  if (length > MAX_NOTE_CHARS) throw new BotError('note_too_long', zh ? `拜访纪要太长：${length} 字，最多 ${MAX_NOTE_CHARS} 字。请精简后再发。` : `The visit note is too long: ${length} characters, at most ${MAX_NOTE_CHARS}. Shorten it and send again.`);
}

export interface ConfirmCardInput {
  draftId: string;
  customer: Customer;
  stage: string;
  extraction: Extraction;
  note: string;
  status?: string;
}

export function confirmCardFor(company: Company, person: Person, d: ConfirmCardInput, version = 1): Card {
  const locale = localeOf(company, person);
  const e = d.extraction;
  const allowed = actionsAllowedAt(company.visits, d.stage);
  const notAllowed = e.nextAction && !allowed.some((a) => a.key === e.nextAction!.key);
  return visitConfirmCard(
    {
      draftId: d.draftId,
      customerName: d.customer.name,
      stageLabel: stageLabel(company, d.stage, locale),
      pains: e.painPoints.map((p) => `${painLabel(company, p.key, locale, d.customer.customerType)}（"${p.evidence}"）`),
      quantities: e.quantities.map((q) => quantityText(q, locale)),
      competitors: e.competitors.map((c) => competitorLabel(company, c.key, c.stance, locale)),
      ...(e.nextAction ? { action: actionWithDue(company, e.nextAction, locale) } : {}),
      ...(notAllowed ? { actionNotAllowed: allowed.map((a) => labelIn(a.label, locale)) } : {}),
      note: d.note,
      ...(d.status ? { status: d.status } : {}),
    },
    locale,
    version,
  );
}

/** `拜访 <customer>：<note>` (typed or spoken): the draft and its confirmation card, in one transaction. */
export async function draftFromNote(deps: ServiceDeps, actor: Person, customerName: string, note: string, via: VisitDraft['via'], origin: ReplyOrigin): Promise<VisitDraft> {
  const locale = localeOf(deps.company, actor);
  assertNoteLength(note, locale);
  const now = deps.now();
  const customer = await resolveCustomer(deps.db.kysely, deps.company, actor, customerName, 'act');
  const out = await deps.db.kysely.transaction().execute(async (trx) => {
    const { stage } = await visitStage(trx, deps.company, customer);
    const extraction = extractorOf(deps).extract(note.trim(), { now, timezone: deps.company.timezone, stage, customerType: customer.customerType });
    const [n] = await nextSequences(trx, 'visit_draft', 1);
    const draft: VisitDraft = { id: `VD-${n}`, repId: actor.id, customerId: customer.id, note: note.trim(), extraction, via, status: 'pending', visitId: null, createdAt: now };
    await insertDraft(trx, draft);
    await recordEvent(trx, { subject: draft.id, type: 'visit.draft', actor: actor.id, at: now, data: { customer: customer.id, via } });
    await replyInTx(trx, deps, origin, { kind: 'card', card: confirmCardFor(deps.company, actor, { draftId: draft.id, customer, stage, extraction, note: draft.note }) }, `draft:${draft.id}`, now);
    return draft;
  });
  deps.wakeOutbox();
  return out;
}
