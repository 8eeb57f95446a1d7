/** The words of routing explanations in zh-CN and en: skip reasons, preferred-skill and outcome notes. @module */
import type { Locale } from '../../config/company.ts';
import { assertNever } from '../../errors.ts';
import { t, type Localized } from '../../i18n.ts';
import type { CandidateExplanation, PreferredOutcome, SkipReason, UnassignedReason } from './decision.ts';

/** "李娜已满 8/8" / "李娜 is full 8/8"; `long` adds what the cap counts, for the "Why me?" list. */
export function skipText(c: Pick<CandidateExplanation, 'name' | 'detail'>, reason: SkipReason, locale: Locale, long = false): string {
  const [zh, en] = skipWords(reason, c.detail ?? {}, long);
  return locale === 'zh-CN' ? `${c.name}${zh}` : `${c.name} ${en}`;
}

/** The zh-CN and en words after the person's name (no inner helpers: see formatCondition). */
function skipWords(reason: SkipReason, d: NonNullable<CandidateExplanation['detail']>, long: boolean): [zh: string, en: string] {
  const [open, today, cap, skill] = [d.open ?? '?', d.today ?? '?', d.cap ?? '?', d.skill ?? '?'];
  switch (reason) {
    case 'inactive':
      return ['已停用', 'is deactivated'];
    case 'previous_owner':
      return ['之前负责过此线索', 'had this lead before'];
    case 'time_off':
      return ['休假中', 'is on leave'];
    case 'off_duty':
      return ['不在工作时间', 'is off duty'];
    case 'missing_skill':
      return [`缺少『${skill}』技能`, `lacks the ${skill} skill`];
    case 'open_cap':
      return [`已满 ${open}/${cap}${long ? '（在跟进线索）' : ''}`, `is full ${open}/${cap}${long ? ' (open leads)' : ''}`];
    case 'daily_cap':
      return [`今日已满 ${today}/${cap}`, `is full for today ${today}/${cap}`];
    default:
      return assertNever(reason, 'skip reason');
  }
}

/** Why the lead went nowhere. */
export function unassignedText(reason: UnassignedReason, locale: Locale): string {
  switch (reason) {
    case 'no_candidates':
      return t(locale, { 'zh-CN': () => '规则没有候选人，也没有兜底负责人', en: () => 'The route names nobody and there is no fallback owner' });
    case 'nobody_eligible':
      return t(locale, { 'zh-CN': () => '无人可接，也没有兜底负责人', en: () => 'Nobody could take it and there is no fallback owner' });
    case 'fallback_previous_owner':
      return t(locale, { 'zh-CN': () => '无人可接；兜底负责人之前负责过此线索', en: () => 'Nobody could take it; the fallback owner had this lead before' });
    case 'fallback_inactive':
      return t(locale, { 'zh-CN': () => '无人可接；兜底负责人已停用', en: () => 'Nobody could take it; the fallback owner is deactivated' });
    default:
      return assertNever(reason, 'unassigned reason');
  }
}

/** How preferred skills shaped the choice, or undefined when the route has none. */
export function preferredText(outcome: PreferredOutcome, skills: readonly string[], top: number, locale: Locale): string | undefined {
  const list = skills.map((s) => (locale === 'zh-CN' ? `『${s}』` : s)).join(locale === 'zh-CN' ? '' : ', ');
  switch (outcome) {
    case 'not_configured':
      return undefined;
    case 'applied':
      return t(locale, { 'zh-CN': () => `偏好技能${list}：只在得分最高（${top} 项）的人中选`, en: () => `Preferred skills ${list}: only the best scorers (${top}) were considered` });
    case 'relaxed_nobody_has':
      return t(locale, { 'zh-CN': () => `可接的人都没有偏好技能${list}，已放宽`, en: () => `Nobody eligible has the preferred skills ${list}, so they were relaxed` });
    case 'relaxed_after_wait':
      return t(locale, { 'zh-CN': () => `等待已超时，偏好技能${list}已放宽`, en: () => `The wait is over, so the preferred skills ${list} were relaxed` });
    default:
      return assertNever(outcome, 'preferred outcome');
  }
}

export const TEXT = {
  haveSkills: {
    'zh-CN': (skills) => `你有${skills.map((s) => `『${s}』`).join('')}技能`,
    en: (skills) => `you have the ${andList(skills)} skill${skills.length > 1 ? 's' : ''}`,
  } satisfies Localized<[skills: string[]]>,
  rotation: { 'zh-CN': () => '按轮转分配', en: () => 'next in rotation' },
  fallback: { 'zh-CN': () => '无人可接，转兜底负责人', en: () => 'nobody on the route was free, so it went to the fallback owner' },
  unassigned: { 'zh-CN': () => '未分配', en: () => 'unassigned' },
  nobodyOnDuty: {
    'zh-CN': () => '此刻无人在工作时间内，按轮转照常分配',
    en: () => 'Nobody who could take it was on duty, so working hours did not narrow the choice',
  },
  moreSkipped: { 'zh-CN': (n) => `另有 ${n} 人不可接`, en: (n) => `${n} more unavailable` } satisfies Localized<[n: number]>,
  route: {
    'zh-CN': (label, conds) => `命中规则「${label}」${conds ? `：${conds}` : '（接收所有线索）'}`,
    en: (label, conds) => `Route "${label}" matched${conds ? `: ${conds}` : ' (it takes every lead)'}`,
  } satisfies Localized<[label: string, conditions: string]>,
  tags: { 'zh-CN': (tags) => `标签 ${tags.join('、')}`, en: (tags) => `tags ${tags.join(', ')}` } satisfies Localized<[tags: string[]]>,
  eligible: {
    'zh-CN': (name, chosen, note) => `${chosen ? '✓' : '·'} ${name}：${chosen ? '选中' : '可接'}（${note}）`,
    en: (name, chosen, note) => `${chosen ? '✓' : '·'} ${name}: ${chosen ? 'chosen' : 'eligible'} (${note})`,
  } satisfies Localized<[name: string, chosen: boolean, note: string]>,
  scoreWeight: {
    'zh-CN': (score, weight) => (score === undefined ? `权重 ${weight}` : `偏好技能 ${score} 项，权重 ${weight}`),
    en: (score, weight) => (score === undefined ? `weight ${weight}` : `preferred skills ${score}, weight ${weight}`),
  } satisfies Localized<[score: number | undefined, weight: number]>,
  noCandidates: { 'zh-CN': () => '该规则没有候选人', en: () => 'The route names nobody' },
  onlyOne: { 'zh-CN': (name) => `唯一人选：${name}`, en: (name) => `${name} was the only one left` } satisfies Localized<[name: string]>,
  rotated: {
    'zh-CN': (n, who, name) => `在 ${n} 位同等人选中按权重轮转（${who.join('、')}），轮到 ${name}`,
    en: (n, who, name) => `Weighted rotation among ${n} equals (${who.join(', ')}); it was ${name}'s turn`,
  } satisfies Localized<[n: number, who: string[], name: string]>,
  fallbackOwner: {
    'zh-CN': (name) => `无人可接，交给兜底负责人 ${name}`,
    en: (name) => `Nobody could take it; it went to the fallback owner ${name}`,
  } satisfies Localized<[name: string]>,
};

/** "a", "a and b", "a, b and c". */
function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
