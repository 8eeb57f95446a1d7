/**
 * Cue words the extractor reads around lexicon hits: competitor stance, integration targets,
 * references to a competitor ("their", 对方), our own side (我们, we), and future / past
 * markers for next actions. Kept as data so the rules stay general.
 * @module
 */
import type { Stance } from '../catalogue-schema.ts';

export type CueKey = Exclude<Stance, 'mentioned'> | 'integration' | 'pronoun' | 'ours' | 'compare' | 'future' | 'past';

export const CUES: Record<CueKey, string[]> = {
  incumbent: [
    '用的是', '用的都是', '在用', '一直用', '一直在用', '现有', '现在用', '目前用', '目前在用', '现用', '装的是', '上的是', '用了',
    '合同到期', '原来的', '原有', '老供应商', '维保', '续签', '续约', '之前买的', '买的是', '采购的是', '是用', '用着',
    'currently use', 'currently using', 'currently on', 'currently run', 'using', 'uses', 'incumbent', 'existing vendor',
    'current vendor', 'runs on', 'running on', 'installed', 'contract with', 'contract ends', 'contract expires', 'until',
    'renewal', 'locked in', 'have been with', 'been on', 'happy with', 'still run', 'still runs', 'run', 'runs', 'existing', 'current', 'old', '一直和', '做了很多年', '合作了', '主推', '代理的是', '在代理', '供货', '装了', '来修', '保修', '长期合作', '合作多年', '一直合作',
  ],
  evaluating: [
    '在看', '也在看', '试用', '样品', '样机', '对比', '比较', '评估', '报价', '报了价', '报过价', '考察', '接触', '测试', '演示',
    '来讲过', '交流过', '比选', '备选', '入围', '投标', '竞标', '在谈', '送测', '打样', '考虑', '了解', '推销', '来推',
    'trialing', 'trialling', 'trial', 'evaluating', 'evaluate', 'looking at', 'demo', 'pilot', 'comparing', 'compare',
    'quote', 'quoted', 'bid', 'bidding', 'shortlisted', 'shortlist', 'pitching', 'pitched', 'considering', 'talking to',
    'testing', 'in the running', 'proposal from', 'offered', 'offering', '在比', '在跟', '跟进中', '来谈过', '来过', '来访过', '拜访过', '给了', '给出', '给的', '倾向', '在推', '评价',
  ],
  ruled_out: [
    '没入围', '未入围', '淘汰', '排除', '放弃', '不考虑', '不再用', '不用了', '换掉', '出局', '落选', '踢掉', '弃用', '不合作',
    'pass了', '否了', '被否', '拒绝', '没选', '不选', '不要了', '不打算续', '不续了', '不再续', '不续约', '不再合作', '不做了', '不再代理',
    'ruled out', 'dropped', 'rejected', 'eliminated', 'not considering', "won't consider", 'no longer', 'replaced',
    'switched away from', 'out of the running', 'disqualified', 'passed on', 'said no to', 'lost out', 'not shortlisted',
  ],
  integration: [
    '对接', '集成', '接口', '打通', '联通', '兼容', '接入', '数据同步', 'integrate with', 'integrate into', 'integration with',
    'interface with', 'connect to', 'connect with', 'sync with', 'api', 'plug into',
  ],
  pronoun: ['他们家', '对方', '友商', '竞品', '竞争对手', '人家', 'their', 'theirs', 'competitor', 'the other vendor', 'the rival'],
  ours: ['我们', '我方', '咱们', '我司', '我们家', 'our', 'ours', 'we', 'us'],
  compare: ['比', '相比', '比起', 'than', 'compared to', 'compared with', 'versus', 'vs'],
  future: [
    '要', '将', '计划', '准备', '安排', '约', '约了', '约好', '下次', '回头', '打算', '需要', '希望', '让我们', '请我们', '邀请',
    '答应', '承诺', '尽快', '待办', '下一步', '过来', '再来', '先', '得',
    'will', "'ll", "'d", 'plan:', 'plan', 'planning', 'going to', 'schedule', 'scheduled', 'need to', 'needs to', 'asked us', 'wants us',
    'promised', 'next step', 'action item', 'agreed to', 'to do', 'todo',
  ],
  past: ['已经', '已', '上次', '上周', '昨天', '前天', '之前', '刚刚', '做过', '去年', '上个月', 'already', 'last week', 'yesterday', 'previously', 'last time', 'did a', 'had a', 'was done'],
};

/** Stance precedence when one competitor is met several times in a note. */
export const STANCE_RANK: Record<Stance, number> = { ruled_out: 4, incumbent: 3, evaluating: 2, mentioned: 1 };

/**
 * Pains about a seller's commercial terms: in a clause whose subject is a competitor they are
 * the competitor's (华为报价高, their lead time is long), not the customer's pain with us.
 */
export const SELLER_SIDE_PAINS = new Set(['price_too_high', 'delivery_delay']);

/** Breakage frequency without a lexicon phrase (三天两头坏, keeps breaking): equipment failure. */
export const FAILURE_FREQUENCY =
  /(?:三天两头|隔三差五|动不动就?|经常|老是|总是|时不时)(?:就|会)?(?:坏|停机|停|宕|死机|断网|断|掉线|崩|罢工|趴窝|出毛病)|\b(?:keeps?|always|constantly) (?:breaking|failing|crashing|going down)\b|\b(?:fail|fails|failing|break down|breaks down|crash|crashes|go down|goes down) (?:constantly|all the time|often|frequently|regularly)\b/g;
export const FAILURE_PAIN = 'equipment_failure_high';

/** We cost more than someone else (我们比锐捷贵一成, pricier than Huawei): our price is the pain. */
export const COMPARATIVE_PRICE = /比.{1,10}?(?:贵|价格高|报价高)|\b(?:more expensive|pricier|costlier) than\b/g;
export const PRICE_PAIN = 'price_too_high';
