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
  acceptedForOwner: {
    'zh-CN': (id, owner) => `你已代 ${owner} 接收线索 ${id}。`,
    en: (id, owner) => `You accepted lead ${id} on behalf of ${owner}.`,
  },
} satisfies Record<string, Localized<P>>;
