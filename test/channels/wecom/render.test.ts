import { describe, expect, it } from 'vitest';
import type { Card, CardButton } from '../../../cards/card.ts';
import {
  FORM_LINK_TITLE,
  LINK_KEYNAME,
  renderWecomCardUpdate,
  renderWecomMessage,
  truncate,
  wecomTaskId,
  WecomRenderError,
} from '../../../cards/render/wecom.ts';
import { validateTemplateCard } from '../../fakes/wecom-server.ts';

const opts = { taskId: 'lead_L-1001-v1-zhangwei_0123456789abcdef' };
const base: Card = { key: 'lead:L-1001', version: 1, title: '新线索 L-1001', links: [{ label: '查看', url: 'https://ops.example.com/l/1001' }] };

function card(extra: Partial<Card>): Record<string, unknown> {
  const body = renderWecomMessage({ kind: 'card', card: { ...base, ...extra } }, opts);
  if (body.msgtype !== 'template_card') throw new Error(`expected a template_card, got ${body.msgtype}`);
  validateTemplateCard(body.template_card); // every rendered card passes the fake's WeCom checks
  return body.template_card;
}

const btn = (i: number, extra: Partial<CardButton> = {}): CardButton => ({ actionId: `act${i}`, label: `按钮${i}`, value: `v${i}`, ...extra });

describe('truncate', () => {
  it('cuts Chinese text to ≤2048 UTF-8 bytes on a character boundary with a visible …', () => {
    const body = renderWecomMessage({ kind: 'text', text: '线索跟进'.repeat(400) }, opts);
    expect(body.msgtype).toBe('text');
    const content = body.msgtype === 'text' ? body.text.content : '';
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(2048);
    expect(content.endsWith('…')).toBe(true);
    expect(Buffer.from(content, 'utf8').toString('utf8')).toBe(content);
    expect(content).not.toContain('\uFFFD');
  });

  it('never splits an emoji or a combined grapheme', () => {
    const out = truncate('ab👩‍👩‍👧cd', { chars: 4 });
    expect(out).toBe('ab👩‍👩‍👧…');
    expect(truncate('ab👩‍👩‍👧cd', { bytes: 10 })).toBe('ab…');
    expect(truncate('short', { chars: 10, bytes: 10 })).toBe('short');
  });

  it('keeps titles within 36 characters', () => {
    const c = card({ title: '华东某制造集团有限公司关于边缘网关与传感器整体解决方案的采购线索需要跟进确认', actions: [btn(1)] });
    const title = (c.main_title as { title: string }).title;
    expect([...new Intl.Segmenter().segment(title)].length).toBeLessThanOrEqual(36);
    expect(title.endsWith('…')).toBe(true);
  });
});

describe('wecomTaskId', () => {
  it('matches WeCom pattern, stays ≤128 bytes, and is unique and deterministic', () => {
    const ids = [
      wecomTaskId('lead:L-1001', 1, 'zhangwei'),
      wecomTaskId('lead_L-1001', 1, 'zhangwei'),
      wecomTaskId('lead:L-1001', 2, 'zhangwei'),
      wecomTaskId('x'.repeat(300) + 'a', 1, 'p'),
      wecomTaskId('x'.repeat(300) + 'b', 1, 'p'),
      wecomTaskId('线索:甲', 1, 'p'),
      wecomTaskId('线索:乙', 1, 'p'),
      wecomTaskId('a@v1', 2, 'p'),
      wecomTaskId('a', 1, 'v2@p'),
    ];
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_\-@]{1,128}$/);
      expect(Buffer.byteLength(id)).toBeLessThanOrEqual(128);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(wecomTaskId('lead:L-1001', 1, 'zhangwei')).toBe(ids[0]);
    expect(wecomTaskId('inv-0412', 1, 'lilei')).toBe('inv-0412@v1@lilei');
  });
});

describe('button cards', () => {
  it('renders button_interaction with keys actionId:value, styles and card_action', () => {
    const c = card({
      subtitle: '客户：华东某制造',
      fields: [{ label: '金额', value: '¥128,000' }],
      actions: [btn(1, { style: 'primary' }), btn(2, { style: 'danger' }), btn(3), btn(3), { actionId: 'open', label: '打开', value: '', url: 'https://x.example/o' }],
    });
    expect(c.card_type).toBe('button_interaction');
    expect(c.task_id).toBe(opts.taskId);
    expect(c.card_action).toEqual({ type: 1, url: 'https://ops.example.com/l/1001' });
    expect(c.horizontal_content_list).toEqual([
      { keyname: '金额', value: '¥128,000' },
      { keyname: '链接', value: '查看', type: 1, url: 'https://ops.example.com/l/1001' },
    ]);
    expect(c.jump_list).toBeUndefined();
    expect(c.button_list).toEqual([
      { text: '按钮1', style: 1, key: 'act1:v1' },
      { text: '按钮2', style: 3, key: 'act2:v2' },
      { text: '按钮3', style: 2, key: 'act3:v3' },
      { type: 1, text: '打开', style: 2, url: 'https://x.example/o' },
    ]);
  });

  it('shows at most 6 buttons: callbacks first, overflow links to link rows, the rest named visibly', () => {
    const buttons = [
      { actionId: 'l1', label: '链接1', value: '', url: 'https://x.example/1' },
      ...[1, 2, 3, 4, 5, 6, 7].map((i) => btn(i)),
    ];
    const c = card({ actions: buttons, links: undefined });
    const list = c.button_list as { key?: string }[];
    expect(list).toHaveLength(6);
    expect(list.map((b) => b.key)).toEqual(['act1:v1', 'act2:v2', 'act3:v3', 'act4:v4', 'act5:v5', 'act6:v6']);
    expect(c.jump_list).toBeUndefined();
    expect(c.horizontal_content_list).toEqual([{ keyname: '链接', value: '链接1', type: 1, url: 'https://x.example/1' }]);
    expect(c.sub_title_text).toContain('按钮7');
    expect(c.card_action).toEqual({ type: 1, url: 'https://x.example/1' });
  });

  describe('links on a button card (button_interaction has no jump_list)', () => {
    // A lead card as leadCard() builds it: 7 key facts, the reason, 3 matched case studies, 4 buttons.
    const lead: Card = {
      key: 'lead:L-1001',
      version: 1,
      title: '新线索：华东精密制造集团有限公司',
      subtitle: '线索 L-1001 · 请尽快接收',
      fields: [
        { label: '公司', value: '华东精密制造集团有限公司' },
        { label: '联系人', value: '王芳 · 采购总监' },
        { label: '行业', value: 'manufacturing' },
        { label: '预算', value: '¥1,280,000' },
        { label: '标签', value: '高意向、制造业' },
        { label: '来源', value: '官网表单' },
        { label: '地区', value: '华东' },
      ],
      text: '分配理由：华东制造业，预算匹配\n希望两周内安排现场演示。',
      links: [
        { label: '案例：某汽车零部件厂边缘网关改造', url: 'https://ops.example.com/cases/1' },
        { label: '案例：传感器产线升级', url: 'https://ops.example.com/cases/2' },
        { label: '案例：数字化工厂 SaaS', url: 'https://ops.example.com/cases/3' },
      ],
      actions: [
        { actionId: 'lead.accept', label: '接收', value: 'L-1001', style: 'primary' },
        { actionId: 'lead.contacted', label: '已联系', value: 'L-1001' },
        { actionId: 'lead.why', label: '为什么是我?', value: 'L-1001' },
        { actionId: 'lead.decline', label: '不是我的', value: 'L-1001' },
      ],
    };
    const render = (c: Card) => {
      const body = renderWecomMessage({ kind: 'card', card: c }, opts);
      if (body.msgtype !== 'template_card') throw new Error(`expected a template_card, got ${body.msgtype}`);
      validateTemplateCard(body.template_card);
      return body.template_card;
    };

    it('7 fields and 3 links: 3 field rows, then 3 type-1 link rows; the other fields visible in sub_title_text', () => {
      const c = render(lead);
      expect(c.card_type).toBe('button_interaction');
      expect(c).not.toHaveProperty('jump_list');
      expect(c.horizontal_content_list).toEqual([
        { keyname: '公司', value: '华东精密制造集团有限公司' },
        { keyname: '联系人', value: '王芳 · 采购总监' },
        { keyname: '行业', value: 'manufacturing' },
        { keyname: '链接', value: '案例：某汽车零部件厂边缘网关改造', type: 1, url: 'https://ops.example.com/cases/1' },
        { keyname: '链接', value: '案例：传感器产线升级', type: 1, url: 'https://ops.example.com/cases/2' },
        { keyname: '链接', value: '案例：数字化工厂 SaaS', type: 1, url: 'https://ops.example.com/cases/3' },
      ]);
      const sub = c.sub_title_text as string;
      expect([...new Intl.Segmenter().segment(sub)].length).toBeLessThanOrEqual(160);
      for (const line of ['预算：¥1,280,000', '标签：高意向、制造业', '来源：官网表单', '地区：华东']) expect(sub).toContain(line);
      expect(sub).toContain('分配理由');
      expect(sub).not.toContain('未显示'); // every link has a row
      expect(c.card_action).toEqual({ type: 1, url: 'https://ops.example.com/cases/1' });
      expect((c.button_list as unknown[]).length).toBe(4);
    });

    it('an English card gets "Link" rows; keynames stay within 5 characters', () => {
      const en = render({ ...lead, fields: lead.fields?.map((f, i) => ({ ...f, label: ['Company', 'Contact', 'Industry', 'Budget', 'Tags', 'Source', 'Region'][i] ?? f.label })) });
      const rows = en.horizontal_content_list as { keyname: string; type?: number }[];
      expect(rows.filter((r) => r.type === 1).map((r) => r.keyname)).toEqual([LINK_KEYNAME.en, LINK_KEYNAME.en, LINK_KEYNAME.en]);
      for (const k of Object.values(LINK_KEYNAME)) expect([...k].length).toBeLessThanOrEqual(5);
    });

    it('more links than rows: at most 6 rows, links beyond their share named as not shown', () => {
      const fields = Array.from({ length: 8 }, (_, i) => ({ label: `字段${i}`, value: `值${i}` }));
      const links = Array.from({ length: 5 }, (_, i) => ({ label: `链接${i}`, url: `https://x.example/${i}` }));
      const c = render({ ...base, fields, links, actions: [btn(1)], text: '说明' });
      const rows = c.horizontal_content_list as { keyname: string; value: string; type?: number }[];
      expect(rows).toHaveLength(6);
      expect(rows.map((r) => r.value)).toEqual(['值0', '值1', '值2', '链接0', '链接1', '链接2']);
      expect(c).not.toHaveProperty('jump_list');
      const sub = c.sub_title_text as string;
      expect(sub.split('\n')[0]).toBe('未显示 / Not shown: 链接3、链接4');
      for (let i = 3; i < 8; i++) expect(sub).toContain(`字段${i}：值${i}`);
    });

    it('the fake refuses jump_list on interactive cards as an unknown field (40058), as WeCom documents none there', () => {
      const rendered = render(lead);
      const jump_list = [{ type: 1, title: '案例', url: 'https://ops.example.com/cases/1' }];
      const errcodeOf = (card: Record<string, unknown>) => {
        try {
          validateTemplateCard(card);
          return 0;
        } catch (err) {
          return (err as { errcode?: number }).errcode;
        }
      };
      expect(() => validateTemplateCard({ ...rendered, jump_list })).toThrow(/jump_list \(unknown field for button_interaction\)/);
      expect(errcodeOf({ ...rendered, jump_list })).toBe(40058);
      const vote = card({ form: { inputs: [{ kind: 'select', id: 'a', label: 'A', options: [{ value: 'x', label: 'X' }] }], submit: { actionId: 's', label: '提交', value: '1' } } });
      expect(vote.card_type).toBe('vote_interaction');
      expect(errcodeOf({ ...vote, jump_list })).toBe(40058);
      expect(errcodeOf({ ...vote, horizontal_content_list: [{ keyname: '链接', value: 'x', type: 1, url: 'https://x.example' }] })).toBe(40058);
      // text_notice keeps its jump_list; a type-1 row needs its url.
      expect(errcodeOf({ card_type: 'text_notice', main_title: { title: 't' }, card_action: { type: 1, url: 'https://x.example' }, jump_list })).toBe(0);
      expect(errcodeOf({ ...rendered, horizontal_content_list: [{ keyname: '链接', value: 'x', type: 1 }] })).toBe(40058);
    });

    it('few fields leave links more rows; few links leave fields more rows', () => {
      const links = Array.from({ length: 5 }, (_, i) => ({ label: `链接${i}`, url: `https://x.example/${i}` }));
      const linksOnly = render({ ...base, links, actions: [btn(1)] });
      expect((linksOnly.horizontal_content_list as { type?: number }[]).filter((r) => r.type === 1)).toHaveLength(5);
      expect(linksOnly.sub_title_text).toBeUndefined();
      const oneLink = render({ ...lead, links: lead.links?.slice(0, 1) });
      const rows = oneLink.horizontal_content_list as { type?: number }[];
      expect(rows).toHaveLength(6);
      expect(rows.filter((r) => r.type === 1)).toHaveLength(1);
      expect(oneLink.sub_title_text).toContain('地区：华东');
    });
  });

  it('names hidden buttons first in sub_title_text and cuts the card text instead, visibly', () => {
    const text = '客户已确认预算，等待法务审核合同条款。'.repeat(8);
    const c = card({ text, links: undefined, actions: [...[1, 2, 3, 4, 5, 6].map((i) => btn(i)), btn(7, { label: '写跟进记录并同步到CRM'.repeat(5) }), btn(8)] });
    const sub = c.sub_title_text as string;
    expect([...new Intl.Segmenter().segment(sub)].length).toBeLessThanOrEqual(160);
    const [note, body] = sub.split('\n');
    // Hidden labels are cut to 20 characters each so several fit.
    expect(note).toBe('未显示 / Not shown: 写跟进记录并同步到CRM写跟进记录并同…、按钮8');
    expect(body!.endsWith('…')).toBe(true);
    expect(text.startsWith(body!.slice(0, -1))).toBe(true);
  });

  it('refuses a button key over 1024 bytes instead of cutting it (the click would not parse)', () => {
    expect(() => card({ actions: [btn(1, { value: '值'.repeat(400) })] })).toThrow(WecomRenderError);
  });
});

describe('acted-on cards', () => {
  it('renders text_notice with the status as emphasis_content and a card_action', () => {
    const c = card({ status: '已接收 · 张伟 · 10:42' });
    expect(c.card_type).toBe('text_notice');
    expect(c.emphasis_content).toEqual({ title: '已接收', desc: '张伟 · 10:42' });
    expect(c.card_action).toEqual({ type: 1, url: 'https://ops.example.com/l/1001' });
    expect(renderWecomCardUpdate({ ...base, status: '已接收 · 张伟 · 10:42' }, opts)).toEqual(c);
  });

  it('without any link: a text message for a send, a WecomRenderError for an update', () => {
    const acted: Card = { ...base, links: undefined, status: '已接收 · 张伟 · 10:42', fields: [{ label: '客户', value: '华东某制造' }] };
    const body = renderWecomMessage({ kind: 'card', card: acted }, opts);
    expect(body).toEqual({ msgtype: 'text', text: { content: '【新线索 L-1001】\n已接收 · 张伟 · 10:42\n客户：华东某制造' } });
    expect(() => renderWecomCardUpdate(acted, opts)).toThrow(WecomRenderError);
    expect(renderWecomCardUpdate(acted, { ...opts, formUrl: 'https://h5.example/c' }).card_action).toEqual({ type: 1, url: 'https://h5.example/c' });
  });
});

describe('forms', () => {
  const submit = { actionId: 'visit.submit', label: '提交', value: 'L-1042' };
  const options = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `o${i}`, label: `选项${i}` }));

  it('one multiselect → vote_interaction (mode 1) with submit_button', () => {
    const c = card({ form: { inputs: [{ kind: 'multiselect', id: 'lines', label: '产品线', options: options(3), initial: ['o1'] }], submit } });
    expect(c.card_type).toBe('vote_interaction');
    expect(c.checkbox).toEqual({
      question_key: 'lines',
      mode: 1,
      option_list: [
        { id: 'o0', text: '选项0', is_checked: false },
        { id: 'o1', text: '选项1', is_checked: true },
        { id: 'o2', text: '选项2', is_checked: false },
      ],
    });
    expect(c.submit_button).toEqual({ text: '提交', key: 'visit.submit:L-1042' });
    expect((c.main_title as { desc: string }).desc).toContain('产品线');
  });

  it('a select with up to 20 options → vote mode 0; up to 3 selects of ≤10 → multiple_interaction', () => {
    const vote = card({ form: { inputs: [{ kind: 'select', id: 'stage', label: '阶段', options: options(20) }], submit } });
    expect(vote.card_type).toBe('vote_interaction');
    expect((vote.checkbox as { mode: number }).mode).toBe(0);
    const multiple = card({
      form: {
        inputs: [
          { kind: 'select', id: 'a', label: 'A', options: options(10), initial: 'o2' },
          { kind: 'select', id: 'b', label: 'B', options: options(2) },
        ],
        submit,
      },
    });
    expect(multiple.card_type).toBe('multiple_interaction');
    expect(multiple.select_list).toHaveLength(2);
    expect((multiple.select_list as { selected_id?: string }[])[0]?.selected_id).toBe('o2');
  });

  it('text or date inputs, or too many options → text_notice linking to the H5 form', () => {
    const formUrl = 'https://h5.example/forms/visit?sig=abc';
    for (const inputs of [
      [{ kind: 'text' as const, id: 'notes', label: '纪要' }],
      [{ kind: 'date' as const, id: 'visitedOn', label: '拜访日期', initial: '2026-12-03' }],
      // One small select would be a native vote card; the date beside it needs the H5 page.
      [{ kind: 'select' as const, id: 'stage', label: '阶段', options: options(3) }, { kind: 'date' as const, id: 'due', label: '截止' }],
      [{ kind: 'multiselect' as const, id: 'x', label: 'X', options: options(25) }],
      [{ kind: 'select' as const, id: 'a', label: 'A', options: options(11) }, { kind: 'select' as const, id: 'b', label: 'B', options: options(2) }],
    ]) {
      const body = renderWecomMessage({ kind: 'card', card: { ...base, form: { inputs, submit } } }, { ...opts, formUrl });
      const c = body.msgtype === 'template_card' ? body.template_card : {};
      expect(c.card_type).toBe('text_notice');
      expect(c.card_action).toEqual({ type: 1, url: formUrl });
      expect((c.jump_list as unknown[])[0]).toEqual({ type: 1, title: FORM_LINK_TITLE, url: formUrl });
      validateTemplateCard(c);
    }
    expect(() => card({ form: { inputs: [{ kind: 'text', id: 'n', label: 'N' }], submit } })).toThrow(/formUrl/);
    expect(() => card({ form: { inputs: [{ kind: 'date', id: 'd', label: 'D' }], submit } })).toThrow(/formUrl/);
  });

  describe('a form with buttons (vote/multiple cards have no button_list, text_notice no buttons)', () => {
    const formUrl = 'https://h5.example/forms/visit?sig=abc';
    const vote = { inputs: [{ kind: 'multiselect' as const, id: 'lines', label: '产品线', options: options(3) }], submit };
    const actions = [btn(1, { label: '稍后提醒' }), btn(2, { label: '不是我的' }), { actionId: 'open', label: '打开 CRM', value: '', url: 'https://crm.example/o' }];

    it('with an H5 link: a button card with every button, the form as card_action and first link row', () => {
      for (const form of [vote, { inputs: [{ kind: 'text' as const, id: 'notes', label: '纪要' }], submit }]) {
        const body = renderWecomMessage({ kind: 'card', card: { ...base, form, actions } }, { ...opts, formUrl });
        const c = body.msgtype === 'template_card' ? body.template_card : {};
        validateTemplateCard(c);
        expect(c.card_type).toBe('button_interaction');
        expect(c.button_list).toEqual([
          { text: '稍后提醒', style: 2, key: 'act1:v1' },
          { text: '不是我的', style: 2, key: 'act2:v2' },
          { type: 1, text: '打开 CRM', style: 2, url: 'https://crm.example/o' },
        ]);
        expect(c.card_action).toEqual({ type: 1, url: formUrl });
        expect(c).not.toHaveProperty('jump_list');
        expect(c.horizontal_content_list).toEqual([
          { keyname: '链接', value: FORM_LINK_TITLE, type: 1, url: formUrl },
          { keyname: '链接', value: '查看', type: 1, url: 'https://ops.example.com/l/1001' },
        ]);
      }
    });

    it('with an H5 link and only link buttons: the native card stays, links named; an H5-only form puts them in jump_list', () => {
      const links = [actions[2]!];
      const native = card({ form: vote, actions: links });
      expect(native.card_type).toBe('vote_interaction');
      expect((native.main_title as { desc: string }).desc).toMatch(/^未显示 \/ Not shown: 打开 CRM · 产品线/);
      const body = renderWecomMessage({ kind: 'card', card: { ...base, form: { inputs: [{ kind: 'text', id: 'n', label: 'N' }], submit }, actions: links } }, { ...opts, formUrl });
      const c = body.msgtype === 'template_card' ? body.template_card : {};
      expect(c.card_type).toBe('text_notice');
      expect((c.jump_list as { title: string }[]).map((j) => j.title)).toEqual([FORM_LINK_TITLE, '查看', '打开 CRM']);
    });

    it('without an H5 link: the native card, its buttons named first in main_title.desc', () => {
      const c = card({ form: vote, actions });
      expect(c.card_type).toBe('vote_interaction');
      expect(c.button_list).toBeUndefined();
      expect((c.main_title as { desc: string }).desc).toBe('未显示 / Not shown: 稍后提醒、不是我的、打开 CRM · 产品线');
      const multiple = card({ form: { inputs: [{ kind: 'select', id: 'a', label: 'A', options: options(2) }, { kind: 'select', id: 'b', label: 'B', options: options(2) }], submit }, actions, subtitle: '客户：华东' });
      expect(multiple.card_type).toBe('multiple_interaction');
      expect((multiple.main_title as { desc: string }).desc).toBe('未显示 / Not shown: 稍后提醒、不是我的、打开 CRM · 客户：华东');
    });
  });
});
