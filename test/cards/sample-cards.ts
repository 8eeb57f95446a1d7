/**
 * The cards every renderer is run over by the contract suite: the real lead card plus the
 * shapes that hit platform limits (many fields, long text, many buttons, big forms, markup).
 * @module
 */
import type { Card, CardButton, CardField, CardOption, Message } from '../../cards/card.ts';
import { leadCard, type LeadCardState } from '../../cards/lead-assigned.ts';
import type { Locale } from '../../src/config/company.ts';
import type { Lead } from '../../src/domain/leads/lead.ts';

export interface SampleCard {
  name: string;
  message: Message;
}

/** `n` characters (graphemes) cycling through Chinese, emoji and a ZWJ emoji, a line break every 500. */
export function mixedText(n: number): string {
  const units = ['销', '售', '线', '索', '🚀', '跟', '进', '👩‍💻', '客', '户', '✅', '回', '款', '。'];
  return Array.from({ length: n }, (_, i) => (i % 500 === 499 ? '\n' : units[i % units.length])).join('');
}

const repeatTo = (s: string, n: number): string => Array.from({ length: n }, (_, i) => [...s][i % [...s].length]).join('');

const lead: Lead = {
  id: 'L-1001',
  company: '华东精密制造集团有限公司',
  contactName: '王芳',
  contactTitle: '采购总监',
  industry: 'manufacturing',
  budget: 1_280_000,
  websiteDwellSeconds: 420,
  decisionChainSize: 3,
  interactionCount: 2,
  source: '官网表单',
  region: '华东',
  notes: '希望两周内安排现场演示，关注边缘网关 & 传感器 <二期>。',
  custom: {},
  ownerId: 'zhang-wei',
  status: 'assigned',
  acceptedBy: null,
  acceptedAt: null,
  createdAt: 0,
  updatedAt: 0,
  tags: [],
  score: 0,
  ruleVersion: null,
  routeId: null,
  assignmentSeq: 1,
  firstAssignedAt: 0,
  assignedAt: 0,
  firstTouchAt: null,
  firstTouchBy: null,
  touchChannel: null,
  openedAt: null,
};

const base = (key: string, title: string, extra: Partial<Card> = {}): Card => ({ key, version: 1, title, ...extra });

const fields30: CardField[] = Array.from({ length: 30 }, (_, i) => ({ label: `字段${i + 1}`, value: `值 ${i + 1} · ¥${(i + 1) * 1000}` }));

const longLabel = (head: string) => repeatTo(head, 100);
const buttons12: CardButton[] = [
  { actionId: 'deal.stage', value: 'D-77:qualified', label: '资格确认', style: 'primary' },
  { actionId: 'deal.stage', value: 'D-77:proposal', label: '方案报价' },
  { actionId: 'deal.stage', value: 'D-77:negotiation', label: '商务谈判' },
  { actionId: 'deal.stage', value: 'D-77:won', label: 'Won 🎉' },
  { actionId: 'deal.lost', value: 'D-77', label: longLabel('Mark this deal as lost and notify the supervisor '), style: 'danger' },
  { actionId: 'deal.remind', value: 'D-77:1d', label: longLabel('明天上午提醒我再次跟进这个客户') },
  { actionId: 'deal.assign', value: 'D-77', label: '转给同事' },
  { actionId: 'deal.note', value: 'D-77', label: longLabel('写跟进记录并同步到CRM') },
  { actionId: 'open.crm', value: '', label: longLabel('在 CRM 中打开 '), url: 'https://crm.example.com/deals/D-77' },
  { actionId: 'open.contract', value: '', label: '合同草稿', url: 'https://ops.example.com/contracts/D-77?v=3&lang=zh' },
  { actionId: 'open.quote', value: '', label: longLabel('Open the quote PDF '), url: 'https://ops.example.com/quotes/D-77.pdf' },
  { actionId: 'open.visits', value: '', label: '拜访记录', url: 'https://ops.example.com/visits?deal=D-77' },
];

/** Over every platform's button cap (console 20, WeCom 6) yet one Slack actions block. */
const buttons25: CardButton[] = Array.from({ length: 25 }, (_, i) => ({ actionId: 'deal.stage', value: `D-25:s${i + 1}`, label: `阶段 ${i + 1}`, ...(i === 0 ? { style: 'primary' as const } : {}) }));
const links12 = Array.from({ length: 12 }, (_, i) => ({ label: `附件 ${i + 1} & 报价`, url: `https://ops.example.com/files/${i + 1}?deal=D-25` }));

const options = (n: number, prefix: string): CardOption[] =>
  Array.from({ length: n }, (_, i) => ({ value: `${prefix}-${i + 1}`, label: `${prefix.toUpperCase()} 产品线 ${i + 1}` }));

const submit = (value: string) => ({ actionId: 'visit.submit', label: '提交', value });

const leadSamples: SampleCard[] = (['zh-CN', 'en'] as Locale[]).flatMap((locale) =>
  (
    [
      ['open', { kind: 'open' }],
      ['accepted', { kind: 'accepted', byName: '张伟', at: '10:42' }],
    ] as [string, LeadCardState][]
  ).map(([state, s]) => ({ name: `lead card ${state} (${locale})`, message: { kind: 'card', card: leadCard(lead, locale, s) } })),
);

const cards: [string, Card][] = [
  ['minimal card', base('note:1', '你好')],
  ['30 fields', base('report:30', '线索周报', { fields: fields30, links: [{ label: '完整报表', url: 'https://ops.example.com/r/30' }] })],
  ['10,000 characters of Chinese and emoji', base('memo:long', '客户会议纪要', { subtitle: '拜访 V-9 · 张伟', text: mixedText(10_000) })],
  // Slack refuses ~13k characters across all blocks (msg_blocks_too_long) though no single block is over.
  [
    '10,000 characters, 30 fields and 12 buttons',
    base('memo:long-fields', '客户会议纪要与商机 D-77', { subtitle: '拜访 V-9 · 张伟', text: mixedText(10_000), fields: fields30, actions: buttons12 }),
  ],
  ['25 buttons and 12 links', base('deal:D-25', '商机 D-25 阶段', { subtitle: '选择阶段', links: links12, actions: buttons25 })],
  ['12 buttons incl. url buttons and 100-char labels', base('deal:D-77', '商机 D-77 下一步', { subtitle: '请选择', actions: buttons12 })],
  ['12 buttons under a 120-character note', base('deal:D-78', '商机 D-78 下一步', { text: repeatTo('客户已确认预算，等待法务审核合同条款。', 120), actions: buttons12 })],
  [
    '300-character Chinese title',
    base('lead:L-300', repeatTo('华东某制造集团关于边缘网关与传感器整体解决方案的采购线索', 300), {
      actions: [{ actionId: 'lead.accept', label: '接收', value: 'L-300', style: 'primary' }],
    }),
  ],
  [
    'form: multiselect of 25 options',
    base('visit:V-25', '本次拜访涉及的产品线', { form: { inputs: [{ kind: 'multiselect', id: 'lines', label: '产品线', options: options(25, 'p'), required: true }], submit: submit('V-25') } }),
  ],
  [
    'form: small multiselect (native WeCom vote)',
    base('visit:V-5', '拜访结果', { form: { inputs: [{ kind: 'multiselect', id: 'lines', label: '产品线', options: options(5, 'p'), initial: ['p-2'] }], submit: submit('V-5') } }),
  ],
  [
    'form: 3 selects of 12 options',
    base('visit:V-3x12', '拜访评估', {
      form: {
        inputs: ['stage', 'intent', 'next'].map((id) => ({ kind: 'select' as const, id, label: `${id} 选择`, options: options(12, id), initial: `${id}-3` })),
        submit: submit('V-3x12'),
      },
    }),
  ],
  [
    'form: 22 inputs, the first a select of 120 options',
    base('visit:V-22', '年度拜访问卷', {
      form: {
        inputs: [
          { kind: 'select', id: 'line', label: '主要产品线', options: options(120, 'l'), required: true },
          ...Array.from({ length: 21 }, (_, i) => ({ kind: 'text' as const, id: `q${i + 1}`, label: `问题 ${i + 1}` })),
        ],
        submit: submit('V-22'),
      },
    }),
  ],
  [
    'form + buttons: small multiselect with callback and link buttons',
    base('visit:V-6', '拜访结果', {
      form: { inputs: [{ kind: 'multiselect', id: 'lines', label: '产品线', options: options(5, 'p') }], submit: submit('V-6') },
      actions: [
        { actionId: 'visit.skip', label: '本次未拜访', value: 'V-6' },
        { actionId: 'visit.remind', label: '明天提醒我', value: 'V-6:1d' },
        { actionId: 'open.crm', label: '在 CRM 中打开', value: '', url: 'https://crm.example.com/visits/V-6' },
      ],
    }),
  ],
  [
    'form + buttons: text inputs with a callback button',
    base('visit:V-7', '填写拜访报告', {
      text: '请在今天下班前提交。',
      form: { inputs: [{ kind: 'text', id: 'summary', label: '拜访纪要', multiline: true, required: true }], submit: submit('V-7') },
      actions: [{ actionId: 'visit.skip', label: '本次未拜访', value: 'V-7', style: 'danger' }],
    }),
  ],
  [
    'form: text inputs',
    base('visit:V-text', '填写拜访报告', {
      subtitle: '客户：华东精密制造',
      form: {
        inputs: [
          { kind: 'text', id: 'summary', label: '拜访纪要', multiline: true, placeholder: '谈了什么、下一步是什么', required: true, maxLength: 5000 },
          { kind: 'text', id: 'contact', label: '对接人' },
        ],
        submit: submit('V-text'),
      },
    }),
  ],
  [
    'form: a date and pre-filled text (a visit to correct)',
    base('visit:V-date', '修改拜访记录', {
      subtitle: '客户：华东精密制造',
      form: {
        inputs: [
          { kind: 'date', id: 'visitedOn', label: '拜访日期', initial: '2026-12-03', min: '2026-01-01', required: true },
          { kind: 'text', id: 'summary', label: '拜访纪要', multiline: true, initial: '王总关注边缘网关 & 传感器 <二期>，\n下周三前回复报价。', required: true },
          { kind: 'text', id: 'contact', label: '对接人', initial: '王芳', maxLength: 50 },
          { kind: 'date', id: 'nextOn', label: '下次跟进' },
        ],
        submit: submit('V-date'),
      },
    }),
  ],
  [
    'form: pre-filled text longer than its maxLength',
    base('visit:V-long', 'Edit the visit note', {
      form: {
        inputs: [{ kind: 'text', id: 'summary', label: 'Summary', initial: mixedText(400), maxLength: 120 }],
        submit: submit('V-long'),
      },
    }),
  ],
  [
    'links with & < > in labels',
    base('deal:D-8', 'Q3 报价 & 合同', {
      links: [
        { label: 'Q3 报价 & 合同 <草稿>', url: 'https://ops.example.com/q?id=8&v=2' },
        { label: 'a < b > c && d', url: 'https://ops.example.com/x?a=<b>' },
      ],
    }),
  ],
  [
    'status-only card (acted on, no actions)',
    base('invoice:INV-0412', '发票待确认 INV-0412', {
      version: 3,
      tone: 'success',
      fields: [{ label: '金额', value: '¥128,000' }],
      status: '已确认 · 李雷 · 09:15',
      links: [{ label: '查看发票', url: 'https://ops.example.com/inv/0412' }],
    }),
  ],
];

/** Every message the contract suite renders, named for the test output. */
export const sampleMessages: SampleCard[] = [
  ...leadSamples,
  ...cards.map(([name, card]): SampleCard => ({ name, message: { kind: 'card', card } })),
  { name: 'plain text, short', message: { kind: 'text', text: '已为你分配线索 L-1001。' } },
  { name: 'plain text, 5,000 Chinese characters (15,000 bytes)', message: { kind: 'text', text: repeatTo('线索跟进回款', 5000) } },
];
