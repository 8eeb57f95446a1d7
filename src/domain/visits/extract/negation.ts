/**
 * Negation scoped to a clause: a phrase is negated when an odd number of negators precede it in
 * its clause (so 不是不… and 并不是没有… are double negatives and stay positive), or when a
 * dismissal follows it (…不是问题, …isn't the problem, …is fine). Words in which 不/没/无/非
 * are part of the word rather than a negation (不断, 不少, 不仅, 不够, 无法, 非常, 没想到 …) are
 * masked first, and so are other lexicon phrases (a pain phrase like 不会用 carries its own 不).
 * @module
 */

/** Words containing a negator character that do not negate what follows. */
const ZH_NON_NEGATING = [
  '不断', '不停', '不少', '不仅', '不但', '不光', '不只', '不久', '不管', '不论', '不得不', '不够', '不稳定', '不过',
  '不错', '不时', '不如', '不一', '不然', '不行', '不好', '不能', '不了', '不知', '不小心', '不得了', '差不多', '要不',
  '没想到', '没多久', '没过多久', '没几天', '没完没了', '没办法', '没法', '没人', '无论', '无数', '无法', '无奈', '无线',
  '无人', '毫无疑问', '非常', '除非', '莫非', '是非', '特别', '别的', '别人', '区别', '级别', '类别', '分别', '告别',
  '未来', '并且',
];
const ZH_NEGATOR = /[不没无未非别]/g;
const EN_NEGATOR = /\b(?:not|no|never|without|nobody|none|zero|hardly|barely)\b|n't\b/g;
const EN_NON_NEGATING = /\b(?:not only|no longer than|no doubt|not sure|no matter)\b/g;

/** Dismissals after the phrase that mean it is not a problem. */
const ZH_DISMISSAL = /^.{0,6}?(?:不是问题|不成问题|问题不大|不大|没问题|没什么问题|没啥问题|不是事|还好|还行|还可以|可以接受|能接受|挺好|不错|满意|没有再|没再|不高|不贵|不慢|不长|不多|很少|挺少|很快|挺快|及时|准时|已解决|解决了|好多了)/;
const EN_DISMISSAL =
  /^.{0,24}?\b(?:(?:is|are|was|were|has been|have been)(?: not|n't)(?: really)?(?: the| an| a)? (?:problem|issue|concern)|(?:not|never) (?:an?|the) (?:problem|issue|concern)|(?:is|are|has been|have been|was|were) (?:fine|ok|okay|acceptable|good|great|reasonable|rare|solved|fixed|under control)|no problem|never happens)\b/;

function mask(text: string, words: readonly string[]): string {
  let out = text;
  for (const w of words) if (out.includes(w)) out = out.split(w).join('#'.repeat(w.length));
  return out;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * Whether the phrase at [start, end) of the normalised note is negated within its clause.
 * `others`: spans of other lexicon phrases, masked so their own negators do not count.
 * `dismissals`: also read "… is not a problem" after the phrase (not for cue words: 评价不错).
 */
export function isNegated(norm: string, clause: Span, start: number, end: number, others: readonly Span[] = [], dismissals = true): boolean {
  const prefixStart = Math.max(clause.start, start - 40);
  let prefix = norm.slice(prefixStart, start);
  for (const o of others) {
    if (o.end <= prefixStart || o.start >= start || (o.start === start && o.end === end)) continue;
    const s = Math.max(o.start, prefixStart) - prefixStart;
    const e = Math.min(o.end, start) - prefixStart;
    prefix = prefix.slice(0, s) + '#'.repeat(e - s) + prefix.slice(e);
  }
  const zh = mask(prefix.slice(-12), ZH_NON_NEGATING);
  const en = prefix.replace(EN_NON_NEGATING, (m) => '#'.repeat(m.length));
  const count = (zh.match(ZH_NEGATOR)?.length ?? 0) + (en.match(EN_NEGATOR)?.length ?? 0);
  if (count % 2 === 1) return true;
  if (!dismissals) return false;
  const after = norm.slice(end, clause.end);
  return ZH_DISMISSAL.test(after) || EN_DISMISSAL.test(after);
}
