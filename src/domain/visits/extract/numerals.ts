/**
 * Number words: Chinese numerals (八十万, 三千五, 一万二, 一成半's 一, 两/俩, 十几) and a small
 * English number-words parser (twenty-five, three hundred and fifty, a dozen, 1.5 million).
 * Written here rather than pulled from npm: the maintained options are either unmaintained
 * (words-to-numbers, last release 2018, babel-runtime 6) or a whole NLP library (compromise).
 * @module
 */

const ZH_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 俩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ZH_SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const ZH_BIG_UNITS: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

export const ZH_NUMERAL_CHARS = '零〇一二两俩三四五六七八九十百千万亿';

export function isZhDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch in ZH_DIGITS;
}

/**
 * Value of a run of Chinese numeral characters, or undefined when it is not a well-formed
 * number. Colloquial abbreviations count: 三千五 = 3500, 一万二 = 12000, 两百五 = 250.
 */
export function parseZhNumber(run: string): number | undefined {
  if (!run) return undefined;
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  let lastUnit = 0;
  for (const ch of run) {
    if (ch in ZH_DIGITS) {
      if (digit !== undefined && ch !== '零' && ch !== '〇') return undefined; // 二三 is a range, not a number
      digit = ZH_DIGITS[ch]!;
      if (digit === 0) {
        digit = undefined;
        lastUnit = 0;
      }
    } else if (ch in ZH_SMALL_UNITS) {
      const unit = ZH_SMALL_UNITS[ch]!;
      section += (digit ?? (unit === 10 ? 1 : undefined) ?? 1) * unit;
      digit = undefined;
      lastUnit = unit;
    } else if (ch in ZH_BIG_UNITS) {
      const unit = ZH_BIG_UNITS[ch]!;
      const value = (section + (digit ?? 0)) || 1;
      total = (total + value) * unit;
      section = 0;
      digit = undefined;
      lastUnit = unit;
    } else {
      return undefined;
    }
  }
  if (digit !== undefined) {
    // A trailing bare digit after a unit abbreviates the next lower unit (三千五 → 3500).
    section += lastUnit >= 10 ? digit * (lastUnit / 10) : digit;
  }
  return total + section;
}

const EN_ONES: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const EN_TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const EN_SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000, billion: 1_000_000_000 };

export interface EnglishNumber {
  value: number;
  /** Offsets (relative to the scanned text) of the number words. */
  start: number;
  end: number;
}

const WORD = /[a-z]+(?:-[a-z]+)?/g;

function wordValue(w: string): { kind: 'unit' | 'scale'; value: number } | undefined {
  if (w in EN_ONES) return { kind: 'unit', value: EN_ONES[w]! };
  if (w in EN_TENS) return { kind: 'unit', value: EN_TENS[w]! };
  if (w in EN_SCALES) return { kind: 'scale', value: EN_SCALES[w]! };
  if (w === 'dozen') return { kind: 'scale', value: 12 };
  const parts = w.split('-');
  if (parts.length === 2 && parts[0]! in EN_TENS && parts[1]! in EN_ONES && EN_ONES[parts[1]!]! < 10) {
    return { kind: 'unit', value: EN_TENS[parts[0]!]! + EN_ONES[parts[1]!]! };
  }
  return undefined;
}

/** English number-word phrases in lowercase text ("twenty-five", "three hundred and fifty", "a dozen"). */
export function findEnglishNumbers(text: string): EnglishNumber[] {
  const found: EnglishNumber[] = [];
  const words = [...text.matchAll(WORD)];
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    let first = wordValue(w[0]);
    let start = w.index;
    let j = i;
    // "a hundred", "a dozen", "a thousand"
    if (!first && w[0] === 'a' && words[i + 1] && wordValue(words[i + 1]![0])?.kind === 'scale') {
      j = i + 1;
      first = { kind: 'unit', value: 1 };
      start = w.index;
      const scale = wordValue(words[j]![0])!;
      first = { kind: 'unit', value: scale.value };
    }
    if (!first) {
      i++;
      continue;
    }
    let total = 0;
    let current = first.kind === 'scale' ? first.value : first.value;
    let end = words[j]!.index + words[j]![0].length;
    let k = j + 1;
    while (k < words.length) {
      const gap = text.slice(end, words[k]!.index);
      if (!/^\s+$/.test(gap) && !/^\s*-\s*$/.test(gap)) break;
      let word = words[k]![0];
      if (word === 'and' && words[k + 1] && wordValue(words[k + 1]![0])?.kind === 'unit') {
        k++;
        word = words[k]![0];
      }
      const v = wordValue(word);
      if (!v) break;
      if (v.kind === 'scale') {
        if (v.value >= 1000) {
          total += current * v.value;
          current = 0;
        } else current = (current || 1) * v.value;
      } else current += v.value;
      end = words[k]!.index + words[k]![0].length;
      k++;
    }
    found.push({ value: total + current, start, end });
    i = k;
  }
  return found;
}
