/**
 * What a rep does with a draft or a form: 确认 saves what the bot understood, 放弃 drops it,
 * 修改 opens the form pre-filled, and a submitted form saves what it says. A draft is decided
 * once and a form saves once (dedupe key), so a double tap or a replayed callback is one visit.
 * A value the rep corrected on a draft's form is offered to the admin as a synonym, never applied.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Card } from '../../../cards/card.ts';
import { localeOf, type Person } from '../../config/company.ts';
import type { Customer } from '../../domain/customers/customer.ts';
import { formValuesOf, readVisitForm } from '../../domain/visits/form-values.ts';
import type { VisitValues } from '../../domain/visits/visit.ts';
import { BotError } from '../../errors.ts';
import { hhmm } from '../../i18n.ts';
import { recordEvent } from '../../store/audit.ts';
import { getCustomer } from '../../store/customers/customers.ts';
import { decideDraft, getDraft, type VisitDraft } from '../../store/visits/drafts.ts';
import { suggestPhrase } from '../../store/visits/lexicon-suggestions.ts';
import { getVisit } from '../../store/visits/visits.ts';
import { requireAccess } from '../access/access.ts';
import type { ServiceDeps } from '../deps.ts';
import { notify } from '../notify.ts';
import { replyInTx, type ReplyOrigin } from '../replies.ts';
import { confirmCardFor } from './notes.ts';
import { saveVisit, type Saved } from './save-visit.ts';
import { draftSubmitValue, parseSubmitValue, visitFormFor, visitStage } from './visit-form.ts';
import { valuesFromExtraction } from './visit-values.ts';
import { actionLabel, painLabel } from './labels.ts';
import { visitDraftCardKey } from '../../../cards/visits/visit-confirm.ts';

function badData(person: Person, deps: ServiceDeps): BotError {
  return new BotError('bad_action', localeOf(deps.company, person) === 'zh-CN' ? '这个按钮或表单的数据无效，未做任何更改。' : 'This button or form carries invalid data; nothing was changed.');
}

async function draftFor(db: Kysely<Database>, deps: ServiceDeps, actor: Person, draftId: string): Promise<{ draft: VisitDraft; customer: Customer }> {
  const draft = /^VD-\d+$/.test(draftId) ? await getDraft(db, draftId) : undefined;
  if (!draft) throw badData(actor, deps);
  const customer = await getCustomer(db, draft.customerId);
  if (!customer) throw badData(actor, deps);
  // A draft is its writer's; their supervisor may act on the customer but not confirm another's words.
  if (draft.repId !== actor.id) requireAccess(deps.company, actor, { kind: 'visit', label: draft.id, ownerId: draft.repId }, 'act');
  requireAccess(deps.company, actor, { kind: 'customer', label: customer.name, ownerId: customer.ownerId }, 'act');
  return { draft, customer };
}

/** The reply when a draft was decided before: what became of it. */
async function alreadyDecided(db: Kysely<Database>, deps: ServiceDeps, actor: Person, draft: VisitDraft): Promise<string> {
  const zh = localeOf(deps.company, actor) === 'zh-CN';
  if (draft.status === 'confirmed' && draft.visitId) {
    const v = await getVisit(db, draft.visitId);
    return zh ? `这条纪要已保存为拜访 ${draft.visitId}${v ? `（${hhmm(v.createdAt, deps.company.timezone)}）` : ''}。` : `This note was already saved as visit ${draft.visitId}.`;
  }
  return zh ? '这条纪要已放弃。如需记录，请重新发送。' : 'This note was discarded. Send it again to record it.';
}

async function updateDraftCard(trx: Kysely<Database>, deps: ServiceDeps, actor: Person, draft: VisitDraft, customer: Customer, status: string, now: number): Promise<void> {
  const { stage } = await visitStage(trx, deps.company, customer);
  const card = confirmCardFor(deps.company, actor, { draftId: draft.id, customer, stage, extraction: draft.extraction, note: draft.note, status }, 2);
  await notify(trx, deps, { personId: actor.id, op: 'update', id: `${visitDraftCardKey(draft.id)}:decided`, message: { kind: 'card', card }, now });
}

function savedText(deps: ServiceDeps, actor: Person, s: Saved, customer: Customer): string {
  const zh = localeOf(deps.company, actor) === 'zh-CN';
  if (!s.created) return zh ? `这次拜访已保存过（${s.visit.id}），没有重复记录。` : `This visit was already saved (${s.visit.id}); nothing was recorded twice.`;
  return zh
    ? `已保存拜访 ${s.visit.id}：${customer.name} · 商机 ${s.deal.id}。发送 deal ${s.deal.id} 查看。`
    : `Saved visit ${s.visit.id}: ${customer.name} · deal ${s.deal.id}. Send deal ${s.deal.id} to see it.`;
}

/** 确认: the draft as understood becomes a visit (refused with reasons if it breaks a rule; the draft stays pending). */
export async function confirmDraft(deps: ServiceDeps, actor: Person, draftId: string, origin: ReplyOrigin): Promise<Saved | null> {
  const now = deps.now();
  const out = await deps.db.kysely.transaction().execute(async (trx) => {
    const { draft, customer } = await draftFor(trx, deps, actor, draftId);
    if (draft.status !== 'pending') {
      await replyInTx(trx, deps, origin, await alreadyDecided(trx, deps, actor, draft), 'draft:decided', now);
      return null;
    }
    const values = valuesFromExtraction(deps.company.visits, draft.extraction, draft.note);
    const saved = await saveVisit(trx, deps, { customer, actor, values, via: draft.via, dedupeKey: `draft:${draft.id}`, visitedAt: draft.createdAt, now });
    if (!(await decideDraft(trx, draft.id, 'confirmed', saved.visit.id, now))) throw new Error(`draft ${draft.id} was decided concurrently`);
    const zh = localeOf(deps.company, actor) === 'zh-CN';
    await updateDraftCard(trx, deps, actor, draft, customer, zh ? `已确认 · 拜访 ${saved.visit.id} · ${hhmm(now, deps.company.timezone)}` : `Confirmed · visit ${saved.visit.id} · ${hhmm(now, deps.company.timezone)}`, now);
    await replyInTx(trx, deps, origin, savedText(deps, actor, saved, customer), 'draft:saved', now);
    return saved;
  });
  deps.wakeOutbox();
  return out;
}

/** 放弃: nothing is saved; the card says so. */
export async function discardDraft(deps: ServiceDeps, actor: Person, draftId: string, origin: ReplyOrigin): Promise<boolean> {
  const now = deps.now();
  const out = await deps.db.kysely.transaction().execute(async (trx) => {
    const { draft, customer } = await draftFor(trx, deps, actor, draftId);
    if (!(await decideDraft(trx, draft.id, 'discarded', null, now))) {
      await replyInTx(trx, deps, origin, await alreadyDecided(trx, deps, actor, (await getDraft(trx, draft.id))!), 'draft:decided', now);
      return false;
    }
    await recordEvent(trx, { subject: draft.id, type: 'visit.draft_discarded', actor: actor.id, at: now });
    const zh = localeOf(deps.company, actor) === 'zh-CN';
    await updateDraftCard(trx, deps, actor, draft, customer, zh ? `已放弃 · ${hhmm(now, deps.company.timezone)}` : `Discarded · ${hhmm(now, deps.company.timezone)}`, now);
    return true;
  });
  deps.wakeOutbox();
  return out;
}

/** 修改: the visit form pre-filled with what the bot understood; its submit decides the draft. */
export async function draftForm(deps: ServiceDeps, actor: Person, draftId: string, key: string): Promise<Card | string> {
  const db = deps.db.kysely;
  const { draft, customer } = await draftFor(db, deps, actor, draftId);
  if (draft.status !== 'pending') return alreadyDecided(db, deps, actor, draft);
  const initial = formValuesOf(valuesFromExtraction(deps.company.visits, draft.extraction, draft.note));
  return visitFormFor(db, deps.company, actor, customer, { key, submitValue: draftSubmitValue(draft.id), initial, now: deps.now() });
}

/** A submitted visit form (fresh, or 修改 of a draft). */
export async function submitVisitForm(deps: ServiceDeps, actor: Person, submitValue: string, values: Record<string, string | string[]>, origin: ReplyOrigin): Promise<Saved | null> {
  const parsed = parseSubmitValue(submitValue);
  if (!parsed) throw badData(actor, deps);
  const now = deps.now();
  const out = await deps.db.kysely.transaction().execute(async (trx) => {
    if (parsed.kind === 'customer') {
      const customer = await getCustomer(trx, parsed.customerId);
      if (!customer) throw badData(actor, deps);
      requireAccess(deps.company, actor, { kind: 'customer', label: customer.name, ownerId: customer.ownerId }, 'act');
      const v = readVisitForm(deps.company.visits, values);
      const saved = await saveVisit(trx, deps, { customer, actor, values: v, via: 'form', dedupeKey: `form:${origin.interaction.channel}:${parsed.nonce}`, visitedAt: now, now });
      await replyInTx(trx, deps, origin, savedText(deps, actor, saved, customer), 'form:saved', now);
      return saved;
    }
    const { draft, customer } = await draftFor(trx, deps, actor, parsed.draftId);
    if (draft.status !== 'pending') {
      await replyInTx(trx, deps, origin, await alreadyDecided(trx, deps, actor, draft), 'draft:decided', now);
      return null;
    }
    const base = valuesFromExtraction(deps.company.visits, draft.extraction, draft.note);
    const v = readVisitForm(deps.company.visits, values, base);
    const saved = await saveVisit(trx, deps, { customer, actor, values: v, via: draft.via, dedupeKey: `draft:${draft.id}`, visitedAt: draft.createdAt, now });
    if (!(await decideDraft(trx, draft.id, 'confirmed', saved.visit.id, now))) throw new Error(`draft ${draft.id} was decided concurrently`);
    const suggested = await suggestFromCorrections(trx, deps, actor, draft, base, v, saved.visit.id, now);
    const zh = localeOf(deps.company, actor) === 'zh-CN';
    await updateDraftCard(trx, deps, actor, draft, customer, zh ? `已修改并保存 · 拜访 ${saved.visit.id}` : `Modified and saved · visit ${saved.visit.id}`, now);
    const tail = suggested.length ? (zh ? `\n已把「${suggested.join('」「')}」提交管理员审核为新同义词。` : `\nSuggested "${suggested.join('", "')}" to the admin as new synonyms.`) : '';
    await replyInTx(trx, deps, origin, savedText(deps, actor, saved, customer) + tail, 'draft:saved', now);
    return saved;
  });
  deps.wakeOutbox();
  return out;
}

/** Clauses of a note: what a correction may point at. */
export function noteClauses(note: string): string[] {
  return note
    .split(/[，,。；;！!？?\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A pain or action the rep added that the bot missed, when exactly one clause of the note
 * explains nothing the bot found: that clause is offered to the admin as a synonym for it.
 * With several unexplained clauses the bot cannot tell which one meant it, so it offers none.
 */
export async function suggestFromCorrections(trx: Kysely<Database>, deps: ServiceDeps, actor: Person, draft: VisitDraft, base: VisitValues, v: VisitValues, visitId: string, now: number): Promise<string[]> {
  const evidence = [...draft.extraction.painPoints.map((p) => p.evidence), ...draft.extraction.competitors.map((c) => c.evidence), draft.extraction.nextAction?.evidence, ...draft.extraction.quantities.map((q) => q.evidence)].filter((e): e is string => Boolean(e));
  const unexplained = noteClauses(draft.note).filter((c) => !evidence.some((e) => c.includes(e) || e.includes(c)));
  if (unexplained.length !== 1) return [];
  const phrase = unexplained[0]!;
  if ([...phrase].length > 40) return [];
  const locale = localeOf(deps.company, actor);
  const out: string[] = [];
  for (const p of v.pains) {
    if (base.pains.some((b) => b.key === p.key)) continue;
    await suggestPhrase(trx, { kind: 'pain', key: p.key, phrase, by: actor.id, visitId, now });
    out.push(`${phrase} → ${painLabel(deps.company, p.key, locale)}`);
  }
  if (v.nextAction && v.nextAction.key !== base.nextAction?.key && !draft.extraction.nextAction) {
    await suggestPhrase(trx, { kind: 'action', key: v.nextAction.key, phrase, by: actor.id, visitId, now });
    out.push(`${phrase} → ${actionLabel(deps.company, v.nextAction.key, locale)}`);
  }
  return out;
}
