/** Buttons and forms of visits: 拜访 (form), 写拜访纪要, the form's submit, and 确认 / 修改 / 放弃 on a draft. */
import { VISIT_NOTE_FORM, VISIT_OPEN_FORM } from '../cards/deals/deal-card.ts';
import { VISIT_CONFIRM, VISIT_DISCARD, VISIT_MODIFY } from '../cards/visits/visit-confirm.ts';
import { VISIT_SUBMIT } from '../cards/visits/visit-form.ts';
import { NOTE_INPUT, VISIT_NOTE_SUBMIT, noteFormCard } from '../cards/visits/note-form.ts';
import { BotError } from '../src/errors.ts';
import { getCustomer } from '../src/store/customers/customers.ts';
import { requireCustomerAccess } from '../src/services/customers/customers.ts';
import { confirmDraft, discardDraft, draftForm, submitVisitForm } from '../src/services/visits/decide.ts';
import { openVisitForm, runVisitNote } from './visit.ts';
import type { ActionHandler, HandlerContext } from './command.ts';

function origin(ctx: HandlerContext) {
  return { personId: ctx.person.id, interaction: ctx.interaction };
}

function invalid(ctx: HandlerContext): BotError {
  return new BotError('bad_action', ctx.locale === 'zh-CN' ? '这个按钮的数据无效。' : 'This button carries invalid data.');
}

function customerIdOf(ctx: HandlerContext): string {
  const v = ctx.interaction.value ?? '';
  if (!/^C-\d+$/.test(v)) throw invalid(ctx);
  return v;
}

export const visitActions: Record<string, ActionHandler> = {
  [VISIT_OPEN_FORM]: (ctx) => openVisitForm(ctx, customerIdOf(ctx)),
  [VISIT_NOTE_FORM]: async (ctx) => {
    const customer = await getCustomer(ctx.deps.db.kysely, customerIdOf(ctx));
    if (!customer) throw invalid(ctx);
    await requireCustomerAccess(ctx.deps.db.kysely, ctx.deps.company, ctx.person, customer, 'act');
    const card = noteFormCard(ctx.locale, `visit-note-form:${customer.id}:${ctx.interaction.dedupeKey}`, customer.id, customer.name);
    if (await ctx.openForm(card)) return;
    await ctx.reply({ kind: 'card', card });
  },
  [VISIT_NOTE_SUBMIT]: async (ctx) => {
    const raw = ctx.interaction.values?.[NOTE_INPUT];
    const note = (Array.isArray(raw) ? raw.join(' ') : (raw ?? '')).trim();
    await runVisitNote(ctx, customerIdOf(ctx), note);
  },
  [VISIT_SUBMIT]: async (ctx) => {
    await submitVisitForm(ctx.deps, ctx.person, ctx.interaction.value ?? '', ctx.interaction.values ?? {}, origin(ctx));
  },
  [VISIT_CONFIRM]: async (ctx) => {
    await confirmDraft(ctx.deps, ctx.person, ctx.interaction.value ?? '', origin(ctx));
  },
  [VISIT_DISCARD]: async (ctx) => {
    await discardDraft(ctx.deps, ctx.person, ctx.interaction.value ?? '', origin(ctx));
  },
  [VISIT_MODIFY]: async (ctx) => {
    const form = await draftForm(ctx.deps, ctx.person, ctx.interaction.value ?? '', `visit-form:${ctx.interaction.value}:${ctx.interaction.dedupeKey}`);
    if (typeof form === 'string') return ctx.reply(form);
    if (await ctx.openForm(form)) return;
    await ctx.reply({ kind: 'card', card: form });
  },
};
