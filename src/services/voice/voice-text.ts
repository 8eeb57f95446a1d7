/**
 * A transcript made ready to dispatch as a typed command. Speech engines punctuate ("Help.",
 * "拜访，客户：…。") and Chinese ones put no space after the command word ("拜访客户：…"), so the
 * command word is separated out the way a person typing would have done.
 * @module
 */

const END = /[\s。．.!！?？~～]+$/u;
/** Punctuation an engine puts right after the spoken command word. */
const AFTER_WORD = /^([^\s，,、：:；;。.]+)[，,、：:；;。.]+\s*/u;
const HAN_START = /^\p{Script=Han}+/u;

/**
 * @example
 * commandText('Help.', isCommand)             // → 'Help'
 * commandText('拜访客户：华东精密。', isCommand) // → '拜访 客户：华东精密' (when 拜访 is a command)
 */
export function commandText(transcript: string, isCommand: (word: string) => boolean): string {
  const text = transcript.trim().replace(/^\/+/, '').replace(END, '').trim();
  const [first = ''] = text.split(/\s+/, 1);
  if (first === '' || isCommand(first)) return text;
  const punctuated = AFTER_WORD.exec(text);
  if (punctuated?.[1] && isCommand(punctuated[1])) return `${punctuated[1]} ${text.slice(punctuated[0].length)}`.trim();
  // Chinese speech has no spaces: the longest leading Han run that names a command is the word.
  const han = HAN_START.exec(first)?.[0] ?? '';
  for (let n = Math.min(han.length, 8); n >= 1; n--) {
    const word = han.slice(0, n);
    if (isCommand(word)) return `${word} ${text.slice(n).replace(/^[\s，,、：:；;]+/u, '')}`.trim();
  }
  return text;
}
