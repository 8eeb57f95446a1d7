import { describe, expect, it } from 'vitest';
import { commandText } from '../../../src/services/voice/voice-text.ts';

const commands = new Set(['help', '帮助', 'lead', '拜访', 'ooo']);
const isCommand = (w: string) => commands.has(w.toLowerCase());

describe('commandText: a transcript as the command a person would have typed', () => {
  it.each([
    ['help', 'help'],
    ['Help.', 'Help'],
    ['  /lead L-1001。 ', 'lead L-1001'],
    ['拜访 客户：华东精密，谈了边缘网关。', '拜访 客户：华东精密，谈了边缘网关'],
    ['拜访，客户：华东精密', '拜访 客户：华东精密'],
    ['拜访客户：华东精密', '拜访 客户：华东精密'],
    ['帮助。', '帮助'],
    ['今天天气不错', '今天天气不错'],
    ['hello there', 'hello there'],
    ['。', ''],
    ['', ''],
  ])('%j → %j', (transcript, expected) => {
    expect(commandText(transcript, isCommand)).toBe(expected);
  });
});
