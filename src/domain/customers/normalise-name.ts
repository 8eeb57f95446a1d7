/**
 * The dedupe key of a customer name: two spellings of one company (full-width letters,
 * Traditional characters, spaces, 有限公司 / Co., Ltd. suffixes) give the same key.
 * @module
 */
import { toSimplified } from '../text/simplified.ts';

/** Legal-form suffixes that do not tell two companies apart, longest first. */
const SUFFIXES = [
  '股份有限公司', '有限责任公司', '集团有限公司', '有限公司', '股份公司', '责任公司', '公司',
  'coltd', 'companylimited', 'limited', 'ltd', 'inc', 'incorporated', 'corporation', 'corp', 'llc', 'gmbh', 'co',
];
const NOISE = /[\s\p{P}\p{S}]+/gu;

/**
 * @example normaliseCustomerName('上海市實驗中學') === normaliseCustomerName('上海市实验中学 ')
 * @example normaliseCustomerName('杭州某某科技有限公司') === normaliseCustomerName('杭州某某科技股份有限公司')
 */
export function normaliseCustomerName(name: string): string {
  let s = toSimplified(name.normalize('NFKC')).toLowerCase().replace(NOISE, '');
  // Strip legal forms repeatedly ("… Co., Ltd." is two of them), but never down to nothing.
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of SUFFIXES) {
      if (s.endsWith(suffix) && s.length > suffix.length) {
        s = s.slice(0, -suffix.length);
        changed = true;
        break;
      }
    }
  }
  return s;
}
