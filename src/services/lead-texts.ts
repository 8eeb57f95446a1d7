/** Chat replies of the lead flow, in zh-CN and en. */
import type { Localized } from '../i18n.ts';

type P = [leadId: string, ownerName: string, acceptedBy: string, at: string];

export const leadRefusals = {
  not_owner: {
    'zh-CN': (id, owner) => `线索 ${id} 分配给了 ${owner}，只有负责人或其主管可以操作。`,
    en: (id, owner) => `Lead ${id} is assigned to ${owner}; only the owner or their supervisor can act on it.`,
  },
  already_accepted: {
    'zh-CN': (id, _o, by, at) => `线索 ${id} 已由 ${by} 于 ${at} 接收，无需重复操作。`,
    en: (id, _o, by, at) => `Lead ${id} was already accepted by ${by} at ${at}.`,
  },
  inactive_actor: {
    'zh-CN': () => '你的账号已停用，请联系管理员。',
    en: () => 'Your account is deactivated; ask your admin.',
  },
  nobody_else: {
    'zh-CN': (id) => `线索 ${id} 暂无其他可接手的人，请联系主管。`,
    en: (id) => `Nobody else can take lead ${id} right now; ask your supervisor.`,
  },
  notFound: {
    'zh-CN': (id) => `找不到线索 ${id}。`,
    en: (id) => `Lead ${id} was not found.`,
  },
  not_supervisor: {
    'zh-CN': (id, owner) => `只有 ${owner} 的主管或管理员可以转交线索 ${id}。`,
    en: (id, owner) => `Only ${owner}'s supervisor or an admin can transfer lead ${id}.`,
  },
  reassigned: {
    'zh-CN': (id, owner) => `线索 ${id} 已改派给 ${owner}，这张卡片已失效，未做任何更改。`,
    en: (id, owner) => `Lead ${id} was reassigned to ${owner}; this card is no longer valid and nothing was changed.`,
  },
  acceptedForOwner: {
    'zh-CN': (id, owner) => `你已代 ${owner} 接收线索 ${id}。`,
    en: (id, owner) => `You accepted lead ${id} on behalf of ${owner}.`,
  },
} satisfies Record<string, Localized<P>>;

type Moved = [leadId: string, to: string, by: string];

/** Who is told what when a lead changes hands. */
export const reassignTexts: Record<'declined' | 'reclaimed' | 'transferred', { owner: Localized<Moved>; supervisor: Localized<Moved> }> = {
  declined: {
    owner: { 'zh-CN': (id, to) => `已将线索 ${id} 转给 ${to}。`, en: (id, to) => `Lead ${id} was passed to ${to}.` },
    supervisor: {
      'zh-CN': (id, to, from) => `${from} 表示线索 ${id} 不是他的，已按规则改派给 ${to}。`,
      en: (id, to, from) => `${from} said lead ${id} is not theirs; it was re-routed to ${to}.`,
    },
  },
  reclaimed: {
    owner: {
      'zh-CN': (id, to) => `线索 ${id} 超时未联系，已被收回并改派给 ${to}。`,
      en: (id, to) => `Lead ${id} had no first touch in time; it was reclaimed and reassigned to ${to}.`,
    },
    supervisor: {
      'zh-CN': (id, to, from) => `${from} 未在时限内联系线索 ${id}，已收回并改派给 ${to}。`,
      en: (id, to, from) => `${from} did not contact lead ${id} in time; it was reclaimed and reassigned to ${to}.`,
    },
  },
  transferred: {
    owner: {
      'zh-CN': (id, to, by) => `${by} 已将线索 ${id} 转交给 ${to}。`,
      en: (id, to, by) => `${by} transferred lead ${id} to ${to}.`,
    },
    supervisor: {
      'zh-CN': (id, to, from) => `线索 ${id} 已从 ${from} 转交给 ${to}。`,
      en: (id, to, from) => `Lead ${id} was transferred from ${from} to ${to}.`,
    },
  },
};

export const TOUCH_CHANNELS = {
  phone: { 'zh-CN': '电话', en: 'phone' },
  visit: { 'zh-CN': '拜访', en: 'visit' },
  wechat: { 'zh-CN': '微信', en: 'WeChat' },
  email: { 'zh-CN': '邮件', en: 'e-mail' },
} as const;
export type TouchChannel = keyof typeof TOUCH_CHANNELS;
