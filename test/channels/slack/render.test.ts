import { describe, expect, it } from 'vitest';
import type { ActionsBlock, Button, ContextBlock, HeaderBlock, InputBlock, KnownBlock, SectionBlock, StaticSelect } from '@slack/types';
import type { Card, CardInput } from '../../../cards/card.ts';
import {
  baseActionId,
  blocksTextLength,
  cardKeyFromBlockId,
  clip,
  renderSlackMessage,
  renderSlackModal,
  slackModalMetadata,
  splitText,
} from '../../../cards/render/slack.ts';
import { validateBlocks, validateModal } from '../../fakes/slack-server.ts';

const base: Card = { key: 'lead:L-1001', version: 1, title: 'New lead: Acme' };
const opts = (n: number, label = 'Option') => Array.from({ length: n }, (_, i) => ({ value: `v${i}`, label: `${label} ${i}` }));

function blocksOf(card: Card): KnownBlock[] {
  const out = renderSlackMessage({ kind: 'card', card });
  expect(validateBlocks(out.blocks, 50)).toEqual([]);
  return out.blocks!;
}
const ofType = <T extends KnownBlock>(blocks: KnownBlock[], type: T['type']) => blocks.filter((b): b is T => b.type === type);

describe('renderSlackMessage — limits', () => {
  it('text messages: escaped fallback text, clipped at 40,000', () => {
    expect(renderSlackMessage({ kind: 'text', text: 'a < b & c > d' })).toEqual({ text: 'a &lt; b &amp; c &gt; d' });
    const long = renderSlackMessage({ kind: 'text', text: 'x'.repeat(50_000) });
    expect(long.text).toHaveLength(40_000);
    expect(long.text.endsWith('…')).toBe(true);
  });

  it('card: header ≤150 with tone, fallback text, status as context', () => {
    const blocks = blocksOf({ ...base, title: 'T'.repeat(200), tone: 'urgent', status: 'Accepted · Zhang Wei · 10:42' });
    const header = blocks[0] as HeaderBlock;
    expect(header.type).toBe('header');
    expect(header.text.text).toHaveLength(150);
    expect(header.text.text.startsWith('🚨 ')).toBe(true);
    expect(blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'plain_text', text: 'Accepted · Zhang Wei · 10:42' }] });
    const msg = renderSlackMessage({ kind: 'card', card: { ...base, subtitle: 'A & B' } });
    expect(msg.text).toBe('New lead: Acme — A &amp; B');
  });

  it('text longer than 3000 is split into several sections, never rejected or lost', () => {
    // ~9,700 characters: under the 12,000 total the size guard allows, so none of it is cut.
    const words = Array.from({ length: 1200 }, (_, i) => `word${i}`).join(' ');
    const sections = ofType<SectionBlock>(blocksOf({ ...base, text: words }), 'section');
    expect(sections.length).toBeGreaterThan(2);
    for (const s of sections) expect(s.text!.text.length).toBeLessThanOrEqual(3000);
    expect(sections.map((s) => s.text!.text).join(' ')).toBe(words);
    expect(splitText('a'.repeat(6001), 3000).map((c) => c.length)).toEqual([3000, 3000, 1]);
    expect(splitText('', 3000)).toEqual(['']);
  });

  it('fields: ≤10 per section, each ≤2000 chars; more fields → more sections', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: i === 0 ? 'v'.repeat(5000) : `<v${i}>` }));
    const sections = ofType<SectionBlock>(blocksOf({ ...base, fields }), 'section');
    expect(sections.map((s) => s.fields!.length)).toEqual([10, 10, 3]);
    expect(sections[0]!.fields![0]!.text).toHaveLength(2000);
    expect(sections[0]!.fields![1]!.text).toBe('*L1*\n&lt;v1&gt;');
  });

  it('links are mrkdwn <url|label> with &, <, > escaped', () => {
    const blocks = blocksOf({ ...base, links: [{ label: 'A & B <x>', url: 'https://x.test/?a=1&b=2' }, { label: 'Two', url: 'https://y.test/' }] });
    const [links] = ofType<SectionBlock>(blocks, 'section');
    expect(links!.text).toEqual({ type: 'mrkdwn', text: '<https://x.test/?a=1&amp;b=2|A &amp; B &lt;x&gt;> · <https://y.test/|Two>' });
  });

  it('buttons: text ≤75, value ≤2000, styles, url, stable block ids, 25 per block', () => {
    const actions = [
      { actionId: 'lead.accept', label: 'A'.repeat(100), value: 'x'.repeat(2500), style: 'primary' as const },
      { actionId: 'lead.reject', label: 'Reject', value: 'L-1001', style: 'danger' as const },
      { actionId: 'lead.open', label: 'Open', value: 'L-1001', url: 'https://crm.test/L-1001', style: 'default' as const },
      ...Array.from({ length: 27 }, (_, i) => ({ actionId: 'lead.pick', label: `P${i}`, value: `${i}` })),
    ];
    const blocks = ofType<ActionsBlock>(blocksOf({ ...base, actions }), 'actions');
    expect(blocks.map((b) => [b.block_id, b.elements.length])).toEqual([['actions:lead:L-1001', 25], ['actions#2:lead:L-1001', 5]]);
    const [accept, reject, open, pick0, pick1] = blocks[0]!.elements as Button[];
    expect(accept!.text.text).toHaveLength(75);
    expect(accept!.value).toHaveLength(2000);
    expect(accept!.style).toBe('primary');
    expect(accept!.action_id).toBe('lead.accept');
    expect(reject!.style).toBe('danger');
    expect(open).toMatchObject({ url: 'https://crm.test/L-1001', action_id: 'lead.open' });
    expect(open!.style).toBeUndefined();
    // Slack rejects duplicate action_ids within a block; the suffix is stripped on the way back in.
    expect([pick0!.action_id, pick1!.action_id]).toEqual(['lead.pick', 'lead.pick#2']);
    expect(baseActionId('lead.pick#2')).toBe('lead.pick');
    expect(cardKeyFromBlockId(blocks[1]!.block_id)).toBe('lead:L-1001');
    expect(cardKeyFromBlockId('actions:lead:L-1001')).toBe('lead:L-1001');
    expect(cardKeyFromBlockId('xyz')).toBeUndefined();
  });

  it('message forms: selects in a form actions block (≤100 options, option text/value ≤75), text as input blocks', () => {
    const inputs: CardInput[] = [
      { kind: 'select', id: 'stage', label: 'Stage', options: [{ value: 'q'.repeat(90), label: 'L'.repeat(90) }, ...opts(149)], initial: 'v3' },
      { kind: 'multiselect', id: 'pains', label: 'Pains', options: opts(12), initial: ['v1', 'nope'], max: 3 },
      { kind: 'text', id: 'note', label: 'Note', multiline: true, maxLength: 9000 },
    ];
    const blocks = blocksOf({ ...base, form: { inputs, submit: { actionId: 'visit.submit', label: 'Submit', value: 'L-1001' } } });
    const input = ofType<InputBlock>(blocks, 'input')[0]!;
    expect(input).toMatchObject({ block_id: 'note', element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: 3000 }, optional: true });
    const form = ofType<ActionsBlock>(blocks, 'actions')[0]!;
    expect(form.block_id).toBe('form:lead:L-1001');
    const [stage, pains, submit] = form.elements as [StaticSelect, KnownBlock & { type: string; initial_options: unknown[]; max_selected_items: number }, Button];
    expect(stage.options).toBeUndefined();
    expect(stage.option_groups!.map((g) => g.options.length)).toEqual([100, 50]);
    expect(stage.option_groups![0]!.options[0]!.text.text).toHaveLength(75);
    expect(stage.option_groups![0]!.options[0]!.value).toHaveLength(75);
    expect(stage.initial_option!.value).toBe('v3');
    expect(stage.placeholder!.text).toBe('Stage');
    expect(pains).toMatchObject({ type: 'multi_static_select', max_selected_items: 3, initial_options: [{ value: 'v1' }] });
    expect(submit).toMatchObject({ type: 'button', action_id: 'visit.submit', value: 'L-1001', style: 'primary' });
  });

  it('message forms: dates as datepicker input blocks with initial_date, text pre-filled with initial_value', () => {
    const inputs: CardInput[] = [
      { kind: 'date', id: 'visitedOn', label: 'Visited on', initial: '2026-12-03', min: '2026-01-01', required: true },
      { kind: 'date', id: 'bad', label: 'Bad day', initial: '2026-02-30' },
      { kind: 'text', id: 'note', label: 'Note', initial: 'x'.repeat(80), maxLength: 50 },
      { kind: 'select', id: 'stage', label: 'Stage', options: opts(3) },
    ];
    const blocks = blocksOf({ ...base, form: { inputs, submit: { actionId: 'visit.submit', label: 'Submit', value: 'L-1001' } } });
    const [visited, bad, note] = ofType<InputBlock>(blocks, 'input');
    expect(visited).toEqual({
      type: 'input',
      block_id: 'visitedOn',
      label: { type: 'plain_text', text: 'Visited on' },
      element: { type: 'datepicker', action_id: 'visitedOn', initial_date: '2026-12-03' },
      optional: false,
    });
    // Slack would refuse the whole message over one malformed day: it is left out.
    expect(bad!.element).toEqual({ type: 'datepicker', action_id: 'bad' });
    expect(note!.element).toMatchObject({ type: 'plain_text_input', max_length: 50, initial_value: `${'x'.repeat(49)}…` });
    const form = ofType<ActionsBlock>(blocks, 'actions')[0]!;
    expect(form.elements.map((e) => e.type)).toEqual(['static_select', 'button']);
  });

  it('modal forms: the same datepicker and initial_value; the fake refuses a malformed initial_date', () => {
    const card: Card = {
      ...base,
      form: {
        inputs: [
          { kind: 'date', id: 'visitedOn', label: 'Visited on', initial: '2026-12-03' },
          { kind: 'text', id: 'note', label: 'Note', multiline: true, initial: 'Met the CFO' },
        ],
        submit: { actionId: 'visit.submit', label: 'Save', value: 'V-9' },
      },
    };
    const view = renderSlackModal(card, { callbackId: 'visit', privateMetadata: slackModalMetadata(card) });
    expect(validateModal(view)).toEqual([]);
    expect(ofType<InputBlock>(view.blocks as KnownBlock[], 'input').map((b) => b.element)).toEqual([
      { type: 'datepicker', action_id: 'visitedOn', initial_date: '2026-12-03' },
      { type: 'plain_text_input', action_id: 'note', multiline: true, initial_value: 'Met the CFO', max_length: 3000 },
    ]);
    const forged = [{ type: 'input', block_id: 'd', label: { type: 'plain_text', text: 'D' }, element: { type: 'datepicker', action_id: 'd', initial_date: '3.12.2026' } }];
    expect(validateBlocks(forged, 50)).toEqual([expect.stringContaining('initial_date')]);
  });

  it('more than 50 blocks: visible "… N more", buttons kept', () => {
    const fields = Array.from({ length: 600 }, (_, i) => ({ label: `L${i}`, value: `${i}` }));
    const card: Card = { ...base, text: 'x '.repeat(2000), fields, actions: [{ actionId: 'lead.accept', label: 'Accept', value: 'L-1001' }] };
    const blocks = blocksOf(card);
    expect(blocks).toHaveLength(50);
    const marker = blocks[48] as ContextBlock;
    expect(marker.type).toBe('context');
    const total = 1 + splitText(card.text!, 3000).length + 60 + 1;
    expect(marker.elements[0]).toEqual({ type: 'mrkdwn', text: `… ${total - 49} more` });
    expect(blocks[49]).toMatchObject({ type: 'actions', block_id: 'actions:lead:L-1001' });
  });

  it('over 12,000 characters in all (msg_blocks_too_long): the longest text is cut visibly, fields and buttons kept', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ label: `L${i}`, value: `value ${i}` }));
    const actions = [{ actionId: 'lead.accept', label: 'Accept', value: 'L-1001' }, { actionId: 'lead.decline', label: 'Not mine', value: 'L-1001' }];
    const card: Card = { ...base, subtitle: 'Visit V-9', text: 'word '.repeat(4000), fields, actions };
    const blocks = blocksOf(card);
    expect(blocksTextLength(blocks)).toBeLessThanOrEqual(12_000);
    expect(blocksTextLength(blocks)).toBeGreaterThan(11_900); // cut only as much as needed
    const sections = ofType<SectionBlock>(blocks, 'section');
    const text = sections.filter((s) => s.text?.type === 'plain_text').map((s) => s.text!.text).join(' ');
    expect(text.endsWith('…')).toBe(true);
    expect('word '.repeat(4000).startsWith(text.slice(0, -1))).toBe(true);
    expect(sections.flatMap((s) => s.fields ?? [])).toHaveLength(30);
    expect(blocks[1]).toEqual({ type: 'context', elements: [{ type: 'plain_text', text: 'Visit V-9' }] });
    expect(ofType<ActionsBlock>(blocks, 'actions')[0]!.elements).toHaveLength(2);
  });

  it('over 12,000 characters even with every text cut short: trailing blocks give way to "… N more", buttons kept', () => {
    const fields = Array.from({ length: 400 }, (_, i) => ({ label: `Label ${i}`, value: `${'v'.repeat(60)} ${i}` }));
    const card: Card = { ...base, text: 'x '.repeat(45_000), fields, actions: [{ actionId: 'lead.accept', label: 'Accept', value: 'L-1001' }] };
    const blocks = blocksOf(card);
    expect(blocksTextLength(blocks)).toBeLessThanOrEqual(12_000);
    expect(blocks.at(-2)).toMatchObject({ type: 'context', elements: [{ type: 'mrkdwn', text: expect.stringMatching(/^… \d+ more$/) }] });
    expect(blocks.at(-1)).toMatchObject({ type: 'actions', block_id: 'actions:lead:L-1001' });
  });
});

describe('renderSlackModal — limits', () => {
  const form: Card['form'] = {
    inputs: [
      { kind: 'multiselect', id: 'pains', label: 'Pain points', options: opts(10), required: true, initial: ['v2'] },
      { kind: 'multiselect', id: 'competitors', label: 'Competitors', options: opts(11) },
      { kind: 'select', id: 'stage', label: 'Stage', options: opts(3) },
      { kind: 'text', id: 'note', label: 'Note', placeholder: 'What happened?', required: true },
    ],
    submit: { actionId: 'visit.submit', label: 'Submit the visit report now', value: 'L-1001' },
  };

  it('title/submit/close ≤24, inputs with stable block_id = action_id = input id, checkboxes only ≤10', () => {
    const card: Card = { ...base, title: 'Visit report for Acme Medical Devices', form };
    const view = renderSlackModal(card, { callbackId: 'visit', privateMetadata: slackModalMetadata(card), close: 'Cancel this report please' });
    expect(validateModal(view)).toEqual([]);
    expect(view.title.text).toHaveLength(24);
    expect(view.submit!.text).toHaveLength(24);
    expect(view.close!.text).toHaveLength(24);
    expect(JSON.parse(view.private_metadata!)).toEqual({ actionId: 'visit.submit', value: 'L-1001', cardKey: 'lead:L-1001' });
    // The clipped title is repeated in full as a header.
    expect(view.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Visit report for Acme Medical Devices' } });
    const inputs = ofType<InputBlock>(view.blocks as KnownBlock[], 'input');
    expect(inputs.map((b) => [b.block_id, b.element.action_id, b.element.type, b.optional])).toEqual([
      ['pains', 'pains', 'checkboxes', false],
      ['competitors', 'competitors', 'multi_static_select', true],
      ['stage', 'stage', 'static_select', true],
      ['note', 'note', 'plain_text_input', false],
    ]);
    expect(inputs[0]!.element).toMatchObject({ initial_options: [{ value: 'v2' }] });
  });

  it('more than 100 blocks: truncated visibly, inputs kept', () => {
    const card: Card = { ...base, text: 'y '.repeat(200_000), form };
    const view = renderSlackModal(card, { callbackId: 'visit', privateMetadata: '{}' });
    expect(validateModal(view)).toEqual([]);
    expect(view.blocks).toHaveLength(100);
    expect(view.blocks[95]).toMatchObject({ type: 'context', elements: [{ text: expect.stringMatching(/^… \d+ more$/) }] });
    expect(view.blocks.slice(96).map((b) => b.type)).toEqual(['input', 'input', 'input', 'input']);
  });
});

describe('clip', () => {
  it('never splits a surrogate pair', () => {
    expect(clip('ab😀cd', 4)).toBe('ab…');
    expect(clip('short', 10)).toBe('short');
  });
});
