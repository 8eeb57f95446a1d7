/**
 * Relative and absolute due dates in a note (今天 明天 后天 下周三 本周五 周五 这周 下周 月底
 * 下个月 月初 3月15日 15号 三天内 / today tomorrow next Wednesday by Friday next week end of month
 * in 3 days March 15), resolved against `now` in the company's time zone. Weeks start on Monday;
 * 下周三 and "next Wednesday" are the Wednesday of next week; a bare weekday (周五, by Friday) is
 * the next one on or after today; 下周 / next week is next Monday; 这周 / this week is this Friday.
 * @module
 */
import { isZhDigit, parseZhNumber } from './numerals.ts';

export interface DateHit {
  start: number;
  end: number;
  /** YYYY-MM-DD. */
  date: string;
}

/** A civil date: days since 1970-01-01 (UTC arithmetic, no time-zone effects). */
type Day = number;

const MS_DAY = 86_400_000;
const fromYmd = (y: number, m: number, d: number): Day => Math.floor(Date.UTC(y, m - 1, d) / MS_DAY);
const ymd = (day: Day) => {
  const dt = new Date(day * MS_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
};
/** ISO weekday, 1 = Monday … 7 = Sunday. */
const weekday = (day: Day) => ((new Date(day * MS_DAY).getUTCDay() + 6) % 7) + 1;
const iso = (day: Day) => new Date(day * MS_DAY).toISOString().slice(0, 10);
const lastOfMonth = (y: number, m: number): Day => fromYmd(y, m + 1, 1) - 1;

/** Today's civil date in `timeZone`. */
const formats = new Map<string, Intl.DateTimeFormat>();

export function todayIn(now: number, timeZone: string): Day {
  let format = formats.get(timeZone);
  if (!format) formats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' })));
  const parts = format.formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return fromYmd(get('year'), get('month'), get('day'));
}

const ZH_WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };
const EN_WEEKDAY: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
const EN_MONTH: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

function num(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  return [...s].every((c) => isZhDigit(c) || c === '十') ? parseZhNumber(s) : undefined;
}

interface Rule {
  re: RegExp;
  resolve(m: RegExpExecArray, today: Day): Day | undefined;
}

const monday = (today: Day) => today - weekday(today) + 1;
const upcoming = (today: Day, wd: number) => today + ((wd - weekday(today) + 7) % 7);
const addMonths = (today: Day, n: number) => {
  const { y, m, d } = ymd(today);
  const last = lastOfMonth(y, m + n);
  return Math.min(fromYmd(y, m + n, d), last);
};
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:uary|ruary|ch|il|e|y|ust|t|tember|ober|ember)?';
const ZN = '[0-9零一二两三四五六七八九十]';

const RULES: Rule[] = [
  { re: /大后天/g, resolve: (_m, t) => t + 3 },
  { re: /\b(?:the )?day after tomorrow\b/g, resolve: (_m, t) => t + 2 },
  { re: /后天/g, resolve: (_m, t) => t + 2 },
  { re: /明天|明日|明早|明儿|tomorrow|\btmrw?\b|\btmw\b/g, resolve: (_m, t) => t + 1 },
  { re: /今天|今日|今晚|today|tonight/g, resolve: (_m, t) => t },
  {
    re: /(?<![每一两二三四五六七八九十几])(下下|下个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天1-7])(?![次回天个])/g,
    resolve: (m, t) => {
      const wd = ZH_WEEKDAY[m[2]!]!;
      if (!m[1]) return upcoming(t, wd);
      const weeks = m[1] === '下下' ? 2 : m[1].startsWith('下') ? 1 : 0;
      return monday(t) + weeks * 7 + wd - 1;
    },
  },
  { re: /(下下|下个?|这个?|本)?周末/g, resolve: (m, t) => (m[1]?.startsWith('下') ? monday(t) + (m[1] === '下下' ? 14 : 7) + 5 : upcoming(t, 6)) },
  { re: /下下(?:个)?(?:周|星期|礼拜)/g, resolve: (_m, t) => monday(t) + 14 },
  { re: /下(?:个)?(?:周|星期|礼拜)/g, resolve: (_m, t) => monday(t) + 7 },
  { re: /(?:这|本)(?:个)?(?:周|星期|礼拜)/g, resolve: (_m, t) => Math.max(t, monday(t) + 4) },
  { re: /下(?:个)?月(?:底|末)/g, resolve: (_m, t) => { const { y, m } = ymd(t); return lastOfMonth(y, m + 1); } },
  { re: /(?:本|这个?)?月(?:底|末)/g, resolve: (_m, t) => { const { y, m } = ymd(t); return lastOfMonth(y, m); } },
  { re: /下(?:个)?月中/g, resolve: (_m, t) => { const { y, m } = ymd(t); return fromYmd(y, m + 1, 15); } },
  { re: /(?:下(?:个)?)?月初|下(?:个)?月/g, resolve: (_m, t) => { const { y, m } = ymd(t); return fromYmd(y, m + 1, 1); } },
  { re: /年底|年末|end of (?:the )?year|year[- ]end/g, resolve: (_m, t) => fromYmd(ymd(t).y, 12, 31) },
  {
    re: new RegExp(`(${ZN}{1,3})月(${ZN}{1,3})(?:日|号)`, 'g'),
    resolve: (m, t) => {
      const mo = num(m[1]!);
      const d = num(m[2]!);
      if (!mo || !d || mo > 12 || d > 31) return undefined;
      const y = ymd(t).y;
      const day = fromYmd(y, mo, d);
      return day < t ? fromYmd(y + 1, mo, d) : day;
    },
  },
  {
    re: new RegExp(`(?<![0-9零一二两三四五六七八九十月])(${ZN}{1,3})号(?![楼线机床院房])`, 'g'),
    resolve: (m, t) => {
      const d = num(m[1]!);
      if (!d || d > 31) return undefined;
      const { y, m: mo } = ymd(t);
      const day = fromYmd(y, mo, d);
      return day < t ? fromYmd(y, mo + 1, d) : day;
    },
  },
  {
    re: new RegExp(`(${ZN}{1,3}|半)个?(天|日|工作日|周|星期|礼拜|月)(?:后|以后|之后|内|以内|之内)`, 'g'),
    resolve: (m, t) => {
      const n = m[1] === '半' ? 0.5 : num(m[1]!);
      if (n === undefined) return undefined;
      if (m[2] === '月') return n === 0.5 ? t + 15 : addMonths(t, n);
      if (m[2] === '周' || m[2] === '星期' || m[2] === '礼拜') return t + Math.round(n * 7);
      return t + Math.round(n);
    },
  },
  {
    re: /\b(?:on|by|before) the (\d{1,2})(?:st|nd|rd|th)\b/g,
    resolve: (m, t) => {
      const d = Number(m[1]);
      if (d < 1 || d > 31) return undefined;
      const { y, m: mo } = ymd(t);
      const day = fromYmd(y, mo, d);
      return day < t ? fromYmd(y, mo + 1, d) : day;
    },
  },
  {
    re: /\b(next|this|on|by|coming|before)?\s*(mon|tue|wed|thu|fri|sat|sun)(?:day|s|nesday|sday|rsday|urday)?\b/g,
    resolve: (m, t) => {
      const wd = EN_WEEKDAY[m[2]!]!;
      if (m[1] === 'next') return monday(t) + 7 + wd - 1;
      return upcoming(t, wd);
    },
  },
  { re: /\bnext week\b/g, resolve: (_m, t) => monday(t) + 7 },
  { re: /\b(?:this week|end of (?:the )?week|week's end)\b/g, resolve: (_m, t) => Math.max(t, monday(t) + 4) },
  { re: /\b(?:end of next month)\b/g, resolve: (_m, t) => { const { y, m } = ymd(t); return lastOfMonth(y, m + 1); } },
  { re: /\b(?:end of (?:the |this )?month|month[- ]end)\b/g, resolve: (_m, t) => { const { y, m } = ymd(t); return lastOfMonth(y, m); } },
  { re: /\b(?:(?:early|beginning of|start of) )?next month\b/g, resolve: (_m, t) => { const { y, m } = ymd(t); return fromYmd(y, m + 1, 1); } },
  {
    re: /\b(?:in|within)\s+(\d+|a|one|two|three|four|five|six|seven|ten|fourteen)\s+(day|week|month|business day)s?\b/g,
    resolve: (m, t) => {
      const words: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, ten: 10, fourteen: 14 };
      const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : words[m[1]!]!;
      if (m[2] === 'week') return t + 7 * n;
      if (m[2] === 'month') return addMonths(t, n);
      return t + n;
    },
  },
  {
    re: new RegExp(`\\b${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b|\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\b`, 'g'),
    resolve: (m, t) => {
      const mo = EN_MONTH[(m[1] ?? m[4])!]!;
      const d = Number(m[2] ?? m[3]);
      if (d < 1 || d > 31) return undefined;
      const y = ymd(t).y;
      const day = fromYmd(y, mo, d);
      return day < t ? fromYmd(y + 1, mo, d) : day;
    },
  },
];

/** Date expressions in the normalised note, non-overlapping (earlier rules win ties), in order. */
export function findDates(norm: string, now: number, timeZone: string): DateHit[] {
  const today = todayIn(now, timeZone);
  const hits: DateHit[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(norm); m; m = rule.re.exec(norm)) {
      const start = m.index + (m[0].length - m[0].trimStart().length);
      const end = m.index + m[0].length;
      if (hits.some((h) => start < h.end && h.start < end)) continue;
      const day = rule.resolve(m, today);
      if (day !== undefined) hits.push({ start, end, date: iso(day) });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}
