/**
 * Traditional → Simplified Chinese (OpenCC's dictionaries via opencc-js), one converter per
 * process: building it loads the dictionaries (~250 ms), a conversion then costs microseconds.
 * @module
 */
import * as OpenCC from 'opencc-js/t2cn';

let convert: ((text: string) => string) | undefined;

/** The text in Simplified Chinese; other scripts pass through unchanged. Same length for CJK text. */
export function toSimplified(text: string): string {
  const run = (convert ??= OpenCC.Converter({ from: 't', to: 'cn' }) as (input: string) => string);
  return run(text);
}
