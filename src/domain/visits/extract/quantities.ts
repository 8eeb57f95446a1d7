/**
 * Quantities: Arabic numbers (5, 3,000, 1.5万, 20%, $80k), Chinese numerals (五次, 两天, 俩,
 * 八十万, 一成半, 百分之二十, 三千多箱, 七八年) and English number words (five times, two days),
 * each with a contract unit (CNY USD percent times day week month year hour person session case
 * unit, or a plain English noun) and `approx` for ranges and hedges (七八年, 三千多, about 20%).
 * Numbers without a recognisable unit, dates, ordinals, model names (K3, 5G) and idioms whose
 * characters are numerals (一直, 万一, 十分, 三天两头 …) are not quantities.
 * @module
 */
import type { ExtractedQuantity } from '../extraction.ts';
import { findEnglishNumbers, parseZhNumber } from './numerals.ts';
import type { Span } from './negation.ts';

/** Words made of numeral characters that are not numbers. */
const ZH_IDIOMS = [
  '一直', '万一', '十分', '一定', '一起', '一样', '一般', '一些', '统一', '唯一', '一下', '一旦', '一切', '一致', '一点',
  '一方面', '一边', '一再', '一向', '一共', '一线', '一体', '一把手', '一期', '十足', '万万', '千万', '一时', '一部分',
  '一流', '之一', '一次性', '一对一', '一站式', '一会', '一开始', '一口气', '三天两头', '隔三差五', '一成不变', '一模一样',
  '一来', '一手', '一律', '一并', '一同', '一年到头', '一个劲', '一连', '三番五次', '乱七八糟', '七上八下', '一清二楚',
  '百分百', '一路', '一一', '一概', '一阵', '一心', '一块儿', '一早', '一度', '一目了然', '一头', '同一', '单一', '专一',
  '千方百计', '五花八门', '十全十美', '一举', '五金', '一如既往', '一天到晚', '一年四季', '不一', '一把', '一句', '一眼',
  '一趟子', '一带', '一方', '一季度', '二季度', '三季度', '四季度', '一楼', '二楼', '三楼', '一级', '二级', '三级', '三甲',
  '二甲', '一期', '二期', '三期', '一号', '万事', '一体机', '一线城市', '二线', '三线', '四线', '十一', '八成是', '九成是', '一遍', '一番', '一眼',
];

const UNIT_TABLE: [RegExp, string][] = [
  [/^(?:个)?(?:小时|钟头)/, 'hour'],
  [/^(?:个)?(?:工作日|天|日)/, 'day'],
  [/^(?:个)?(?:星期|礼拜|周)/, 'week'],
  [/^个(?:多|半)?月/, 'month'],
  [/^月(?!份|底|末|初|中|[0-9零一二三四五六七八九十])/, 'month-bare'],
  [/^年/, 'year'],
  [/^(?:次|回|遍|趟)/, 'times'],
  [/^(?:场|节课|节|课时|堂课)/, 'session'],
  [/^(?:个|名|位)?(?:人|老师|教师|医生|护士|学生|员工|工程师|销售|店员|导购|技术员|操作员|客户)/, 'person'],
  [/^(?:名|位)/, 'person'],
  [/^箱/, 'case'],
  [/^盒/, 'box'],
  [/^瓶/, 'bottle'],
  [/^吨/, 'ton'],
  [/^(?:公斤|千克|kg\b)/, 'kg'],
  [/^(?:托盘|托)/, 'pallet'],
  [/^(?:个|款)?sku/, 'sku'],
  [/^(?:家|个)?(?:门店|分店|店)/, 'store'],
  [/^(?:家|所)?医院/, 'hospital'],
  [/^(?:所)?学校|^所/, 'school'],
  [/^(?:间)?教室|^间/, 'classroom'],
  [/^(?:张)?(?:床位|床)/, 'bed'],
  [/^家(?:经销商|代理商|渠道|供应商)/, 'distributor'],
  [/^(?:台|套|件|部|支|个)/, 'unit'],
];

const EN_UNITS: [RegExp, string][] = [
  [/^(?:times)\b/, 'times'],
  [/^(?:hours?|hrs?)\b/, 'hour'],
  [/^(?:business |working )?days?\b/, 'day'],
  [/^weeks?\b/, 'week'],
  [/^months?\b/, 'month'],
  [/^years?\b/, 'year'],
  [/^(?:people|persons?|staff|users?|nurses?|teachers?|doctors?|engineers?|employees?|operators?|technicians?|students?|reps?)\b/, 'person'],
  [/^(?:sessions?|classes|class|workshops?|trainings?)\b/, 'session'],
  [/^(?:cases?|cartons?)\b/, 'case'],
  [/^box(?:es)?\b/, 'box'],
  [/^(?:units?|machines?|devices?|pieces?|sets?|pcs)\b/, 'unit'],
  [/^(?:stores?|shops?|outlets?|branches)\b/, 'store'],
  [/^beds?\b/, 'bed'],
  [/^schools?\b/, 'school'],
  [/^classrooms?\b/, 'classroom'],
  [/^(?:hospitals?|clinics?)\b/, 'hospital'],
  [/^skus?\b/, 'sku'],
  [/^pallets?\b/, 'pallet'],
  [/^(?:%|percent|per cent)/, 'percent'],
  [/^(?:dollars?|usd)\b/, 'USD'],
  [/^(?:yuan|rmb|cny)\b/, 'CNY'],
];

const MONEY_CONTEXT = /预算|拨款|钱|报价|价格|价钱|费用|金额|投入|资金|经费|合同额|成本|花了|花费|采购额|货款|欠款|回款|budget|price|cost|quote|spend|deal size|worth|invoice|fund|funding|grant/;
const APPROX_BEFORE = /(?:大概|大约|约|差不多|将近|接近|近|估计|预计|上|快|about|around|roughly|approximately|approx\.?|nearly|almost|some|over|more than|close to|~)\s*$/;
const APPROX_AFTER = /^\s*(?:左右|上下|来|or so|ish\b|\+)/;
/** After a duration: it is a date (三天后, two weeks ago), not a quantity. */
const DATE_AFTER_ZH = /^(?:后|以后|之后|内|以内|之内|前|以前|之前)/;

interface Raw {
  start: number;
  end: number;
  value: number;
  approx: boolean;
  /** The numeral carried a scale word (万, k, million) or 百分之. */
  scaled: boolean;
  percent?: boolean;
  currency?: 'CNY' | 'USD';
  /** A word that carries its own unit (twice). */
  unit?: string;
}

function maskWords(text: string, words: readonly string[]): string {
  let out = text;
  for (const w of words) if (out.includes(w)) out = out.split(w).join('#'.repeat(w.length));
  return out;
}

const ZH_RUN = /(?:百分之)?[零〇一二两俩三四五六七八九十百千万亿几]+(?:多|余|来)?(?:[零〇一二两三四五六七八九十百千万]+)?半?/g;
const AR_RUN = /([$¥￥]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s?(万|千|亿|w\b|k\b|m\b|million\b|thousand\b|bn\b|billion\b)?(多|余)?/g;

function zhRaw(run: string, start: number): Raw | undefined {
  let text = run;
  let percent = false;
  if (text.startsWith('百分之')) {
    percent = true;
    text = text.slice(3);
  }
  let approx = false;
  let half = false;
  if (text.endsWith('半')) {
    half = true;
    text = text.slice(0, -1);
  }
  if (/[多余来]/.test(text)) {
    // 三千多 = 3000+, 十几 = 10+ ; 三千多五 is not a number.
    // 五百多万 = 5,000,000+ : a scale after 多 multiplies.
    const [head, tail] = text.split(/[多余来]/);
    if (tail && !/^[万亿千]$/.test(tail)) return undefined;
    const base = parseZhNumber(head!);
    if (base === undefined) return undefined;
    approx = true;
    const v = base * (tail === '万' ? 10_000 : tail === '亿' ? 100_000_000 : tail === '千' ? 1000 : 1);
    return { start, end: start + run.length, value: v, approx, scaled: !!tail || /[万亿千]/.test(head!), percent };
  }
  if (text.includes('几')) {
    // 十几 = 10+, 三十几 = 30+, 十几万 = 100,000+
    const m = /^([一二三四五六七八九]?十)几([百千万亿]?)$/.exec(text);
    if (!m) return undefined;
    const v = parseZhNumber(m[1]!)! * (m[2] ? parseZhNumber('一' + m[2])! : 1);
    return { start, end: start + run.length, value: v, approx: true, scaled: !!m[2], percent };
  }
  // Adjacent digits are a range: 七八年 = 7–8, 两三次 = 2–3.
  const range = /^([一二两三四五六七八九])([二三四五六七八九])(十|百|千|万)?$/.exec(text);
  let value: number | undefined;
  if (range) {
    value = parseZhNumber(range[1]! + (range[3] ?? ''));
    approx = true;
  } else {
    if (!/[零〇一二两俩三四五六七八九十]/.test(text)) return half ? { start, end: start + run.length, value: 0.5, approx, scaled: false } : undefined;
    value = parseZhNumber(text);
  }
  if (value === undefined) return undefined;
  if (half) value += 0.5;
  return { start, end: start + run.length, value, approx, scaled: /[万亿千]/.test(text) || percent, percent };
}

/** Quantities in the normalised note, evidence taken from the original text. `exclude`: spans already read as dates. */
export function findQuantities(norm: string, original: string, exclude: readonly Span[] = []): ExtractedQuantity[] {
  const masked = maskWords(norm, ZH_IDIOMS);
  const raws: Raw[] = [];
  for (const m of masked.matchAll(ZH_RUN)) {
    const run = m[0];
    if (/^[百千万亿]+$/.test(run)) continue;
    if (run === '半' && /[了大一多]/.test(norm[m.index - 1] ?? '')) continue; // 等了半天 = a long while
    const r = zhRaw(run, m.index);
    if (r) raws.push(r);
  }
  for (const m of masked.matchAll(AR_RUN)) {
    const start = m.index;
    const before = norm[start - 1];
    if (!m[1] && before && /[a-z.#/:-]/.test(before)) continue; // K3, v2, 10:30, 2024-05
    const digitsEnd = start + (m[1]?.length ?? 0) + m[2]!.length + (m[3] ? m[3].length + 1 : 0);
    if (!m[4] && /[a-z]/.test(norm[digitsEnd] ?? '')) continue; // 5g, 3d
    let value = Number(m[2]!.replace(/,/g, '') + (m[3] ? `.${m[3]}` : ''));
    const scale = m[4];
    if (scale === '万' || scale === 'w') value *= 10_000;
    else if (scale === '千' || scale === 'k' || scale === 'thousand') value *= 1000;
    else if (scale === 'm' || scale === 'million') value *= 1_000_000;
    else if (scale === '亿') value *= 100_000_000;
    else if (scale === 'bn' || scale === 'billion') value *= 1_000_000_000;
    const currency = m[1] ? (m[1].trim() === '$' ? 'USD' : 'CNY') : undefined;
    raws.push({ start, end: start + m[0].length, value, approx: !!m[5], scaled: !!scale, currency });
  }
  for (const e of findEnglishNumbers(masked)) raws.push({ start: e.start, end: e.end, value: e.value, approx: false, scaled: e.value >= 1000 });
  for (const m of masked.matchAll(/\btwice\b/g)) raws.push({ start: m.index, end: m.index + 5, value: 2, approx: false, scaled: false, unit: 'times' });
  for (const m of masked.matchAll(/\ba couple of\b/g)) raws.push({ start: m.index, end: m.index + m[0].length, value: 2, approx: true, scaled: false });

  const out: (ExtractedQuantity & Span)[] = [];
  raws.sort((a, b) => a.start - b.start);
  for (const r of raws) {
    if (exclude.some((x) => r.start < x.end && x.start < r.end)) continue;
    if (out.some((q) => r.start < q.end && q.start < r.end)) continue;
    const q = resolveUnit(norm, r);
    if (q) out.push({ ...q, evidence: original.slice(q.start, q.end) });
  }
  return out.map(({ value, unit, approx, evidence }) => (approx ? { value, unit, approx, evidence } : { value, unit, evidence }));
}

function resolveUnit(norm: string, r: Raw): (Omit<ExtractedQuantity, 'evidence'> & Span) | undefined {
  const before = norm.slice(Math.max(0, r.start - 10), r.start);
  if (/第\s*$/.test(before)) return undefined;
  if (/(?:每|隔)$/.test(before) && r.value === 1) return undefined;
  let approx = r.approx || APPROX_BEFORE.test(before);
  let end = r.end;
  let rest = norm.slice(end);
  const RANGE = /^\s*(?:-|~|到|至|to)\s*(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)/;
  if (RANGE.test(rest)) {
    // 3-5天, 三到五次: a range, read as its lower bound
    const m = RANGE.exec(rest)!;
    end += m[0].length;
    rest = norm.slice(end);
    approx = true;
  }
  const word = r.value === 1 && /^(?:[次台个家天]?(?:都|也)(?:没|不))/.test(rest);
  if (word) return undefined; // 一次都没 = not once
  let unit: string | undefined;
  let unitLen = 0;
  if (r.unit) unit = r.unit;
  else if (r.percent) unit = 'percent';
  else if (r.currency) unit = r.currency;
  else {
    const t = rest.replace(/^\s+/, '');
    const pad = rest.length - t.length;
    const zh = pad === 0 ? /^(成|%|个点|个百分点)/.exec(t) : /^%/.exec(t);
    const money = /^(?:万元|万块|元|块钱|块|rmb|人民币|yuan)/.exec(t);
    const usd = /^(?:美元|美金|刀)/.exec(t);
    if (zh) {
      unit = 'percent';
      unitLen = pad + zh[0].length;
      if (zh[1] === '成') {
        const half = t[1] === '半';
        r = { ...r, value: r.value * 10 + (half ? 5 : 0) };
        if (half) unitLen++;
      }
    } else if (money) {
      unit = 'CNY';
      unitLen = pad + money[0].length;
      if (money[0].startsWith('万')) r = { ...r, value: r.value * 10_000 };
    } else if (usd) {
      unit = 'USD';
      unitLen = pad + usd[0].length;
    } else {
      // 120-day, 3-month: a hyphenated English unit
      const hyphen = /^-(?=[a-z])/.test(t) ? 1 : 0;
      const u0 = t.slice(hyphen);
      const table = /^[a-z%]/.test(u0) ? EN_UNITS : UNIT_TABLE;
      for (const [re, u] of table) {
        const m = re.exec(u0);
        if (m) {
          unit = u;
          unitLen = pad + hyphen + m[0].length;
          break;
        }
      }
      // 俩月, 两月 are durations; 3月 is March.
      if (unit === 'month-bare') unit = /[两俩几半]$/.test(norm.slice(r.start, r.end)) ? 'month' : undefined;
      // A bare 万 / 亿 amount (八十万, 五百多万) is money in a sales note.
      if (!unit && /[万亿]/.test(norm.slice(r.start, r.end))) unit = 'CNY';
      if (!unit && r.scaled) {
        const clause = norm.slice(Math.max(0, r.start - 16), Math.min(norm.length, r.end + 12));
        if (MONEY_CONTEXT.test(clause)) unit = 'CNY';
      }
    }
  }
  if (!unit) return undefined;
  // 3月 (March), 2023年 (a year), 3天后 (a date)
  if (unit === 'year' && r.value >= 1900 && r.value <= 2200) return undefined;
  const tail = norm.slice(end + unitLen);
  if (['day', 'week', 'month', 'year', 'hour'].includes(unit) && DATE_AFTER_ZH.test(tail)) return undefined;
  if (['day', 'week', 'month', 'year'].includes(unit) && /^\s*(?:ago|later|from now)\b/.test(tail)) return undefined;
  if (unit === 'day' && /月\s*$/.test(before)) return undefined;
  if (APPROX_AFTER.test(tail)) {
    approx = true;
    const m = /^\s*(?:左右|上下|来|or so|ish\b|\+)/.exec(tail)!;
    unitLen += m[0].length;
  }
  // 一个 is mostly an article (一个问题), not a count of one unit.
  if (r.value === 1 && unit === 'unit' && /^\s*个/.test(rest)) return undefined;
  if (unit === 'month' && /^\s*个半月/.test(rest)) r = { ...r, value: r.value + 0.5 };
  // 一个月要报修两三次: the period of a frequency
  if (r.value === 1 && ['day', 'week', 'month', 'year'].includes(unit) && /^[^，,。；;]{0,6}?[0-9零一二两三四五六七八九十几]+\s*(?:次|回)/.test(tail)) return undefined;
  // 一年就是 …, 一个月下来 …: the period of a total, not a quantity
  if (r.value === 1 && ['day', 'week', 'month', 'year'].includes(unit) && /^(?:就|下来|算下来|算)/.test(tail)) return undefined;
  // 一周两次: the period of a frequency, not a quantity of its own
  if (r.value === 1 && ['day', 'week', 'month', 'year'].includes(unit) && /^[0-9零一二两三四五六七八九十几]/.test(tail)) return undefined;
  if (/^半/.test(tail) && ['day', 'month', 'year', 'hour'].includes(unit)) {
    r = { ...r, value: r.value + 0.5 };
    unitLen++;
  }
  if (/^多/.test(tail) && ['day', 'week', 'year', 'times', 'hour'].includes(unit)) approx = true; // 三年多
  const hedged = /^\s*(?:多|余)/.test(norm.slice(r.end)) || approx;
  return { value: r.value, unit, approx: hedged || undefined, start: r.start, end: end + unitLen };
}
