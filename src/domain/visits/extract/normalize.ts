/**
 * Text normalisation shared by the lexicons and the notes: full-width → half-width, lowercase,
 * Traditional → Simplified. The result has exactly the length of the input, so an offset into
 * the normalised text is an offset into the original note (evidence spans come from the original).
 * @module
 */
import { toSimplified } from '../../text/simplified.ts';

/** Full-width ASCII (U+FF01–FF5E) and the ideographic space folded to ASCII, then lowercased. */
function foldWidthAndCase(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    else if (c === 0x3000) c = 0x20;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    out += String.fromCharCode(c);
  }
  return out;
}

const HAS_CJK = /[\u3400-\u9fff]/;
/** Simplified variants OpenCC leaves apart that notes use interchangeably (帐期 / 账期). */
const VARIANTS: Record<string, string> = { 帐: '账', 週: '周', 祇: '只' };
const foldVariants = (s: string) => s.replace(/[帐週祇]/g, (c) => VARIANTS[c] ?? c);

/** Normalised text of the same length as `text` (conversion falls back to per-character when a phrase rule changes length). */
export function normalize(text: string): string {
  const folded = foldWidthAndCase(text);
  if (!HAS_CJK.test(folded)) return folded;
  const simplified = toSimplified(folded);
  if (simplified.length === folded.length) return foldVariants(simplified);
  let out = '';
  for (const ch of folded) {
    const s = toSimplified(ch);
    out += s.length === ch.length ? s : ch;
  }
  return foldVariants(out);
}

/** True for ASCII letters and digits (the characters a Latin word is made of). */
export function isLatinWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[a-z0-9]/i.test(ch);
}
