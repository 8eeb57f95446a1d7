// Fixed UI strings of the console page in zh-CN and en; cards carry their own localised text.

/** `{ fields: 5, links: 2 }` → one phrase per kind left out, in a fixed order. */
function omittedParts(omitted, units, phrase) {
  return Object.keys(units).filter((k) => omitted[k] > 0).map((k) => phrase(omitted[k], units[k]));
}

const STRINGS = {
  'zh-CN': {
    people: '人员',
    others: '其他',
    pick: '在左侧选择一个人，以他的身份查看和操作卡片。',
    newLead: '新线索',
    commandPlaceholder: '输入命令，例如 help',
    send: '发送',
    empty: '还没有卡片 — 点击「新线索」发布一条线索，或运行 README 中的 curl 命令。',
    offline: '连接中断，正在重试…',
    unauthorized: '需要控制台令牌：请用 /console?token=… 打开本页。',
    unknownPerson: '此人不在公司配置中。',
    sending: '发送中…',
    sent: '已发送',
    failed: '发送失败',
    chooseOne: '请选择…',
    pickAtLeastOne: '请至少选择一项',
    pickAtMost: (n) => `最多选择 ${n} 项`,
    leadTitle: '新线索',
    leadSubmit: '提交线索',
    cancel: '取消',
    leadCreated: (id, who) => `已创建线索 ${id}${who ? `，分配给 ${who}` : ''}`,
    you: '我',
    // What a card left out (over the chat apps' limits), e.g. { fields: 5, links: 2 } → "… 还有 5 个字段、2 个链接未显示".
    omitted: (o) => `… 还有 ${omittedParts(o, { fields: '个字段', links: '个链接', buttons: '个按钮', inputs: '个输入项', options: '个选项' }, (n, unit) => `${n} ${unit}`).join('、')}未显示`,
    roles: { rep: '销售', supervisor: '主管', manager: '经理', finance: '财务', delivery: '交付', admin: '管理员' },
    lead: {
      company: '公司',
      contactName: '联系人',
      contactTitle: '职位',
      industry: '行业',
      budget: '预算（元）',
      websiteDwellSeconds: '官网停留（秒）',
      decisionChainSize: '决策链人数',
      interactionCount: '互动次数',
      source: '来源',
    },
  },
  en: {
    people: 'People',
    others: 'Others',
    pick: 'Pick a person on the left to see and act on their cards.',
    newLead: 'New lead',
    commandPlaceholder: 'Type a command, e.g. help',
    send: 'Send',
    empty: 'No cards yet — post a lead with the New lead button, or run the curl in the README.',
    offline: 'Connection lost, retrying…',
    unauthorized: 'Console token required: open this page as /console?token=…',
    unknownPerson: 'This person is not in the company file.',
    sending: 'Sending…',
    sent: 'Sent',
    failed: 'Failed',
    chooseOne: 'Choose…',
    pickAtLeastOne: 'Pick at least one',
    pickAtMost: (n) => `Pick at most ${n}`,
    leadTitle: 'New lead',
    leadSubmit: 'Post lead',
    cancel: 'Cancel',
    leadCreated: (id, who) => `Lead ${id} created${who ? `, assigned to ${who}` : ''}`,
    you: 'Me',
    omitted: (o) => `… ${omittedParts(o, { fields: 'field', links: 'link', buttons: 'button', inputs: 'input', options: 'option' }, (n, unit) => `${n} more ${unit}${n === 1 ? '' : 's'}`).join(', ')} not shown`,
    roles: { rep: 'Rep', supervisor: 'Supervisor', manager: 'Manager', finance: 'Finance', delivery: 'Delivery', admin: 'Admin' },
    lead: {
      company: 'Company',
      contactName: 'Contact name',
      contactTitle: 'Title',
      industry: 'Industry',
      budget: 'Budget (CNY)',
      websiteDwellSeconds: 'Website dwell (s)',
      decisionChainSize: 'Decision chain size',
      interactionCount: 'Interactions',
      source: 'Source',
    },
  },
};

let lang = 'zh-CN';

export function setLang(next) {
  lang = next === 'en' ? 'en' : 'zh-CN';
  document.documentElement.lang = lang;
}

/** A fixed string, or a function of its arguments. */
export function t(key, ...args) {
  const value = STRINGS[lang][key];
  return typeof value === 'function' ? value(...args) : value;
}

/** Localised `{ zh, en }` pair from the company file (team names). */
export function pick(pair) {
  return lang === 'en' ? pair.en : pair.zh;
}
