/** What the bot says about voice messages, in the person's language. */
import type { Locale } from '../../config/company.ts';

export const VOICE_TEXTS = {
  noTranscriber: {
    'zh-CN': '暂未配置语音转写。请长按语音消息选择「转文字」，再把文字发给我（例如：拜访 客户名：……）。',
    en: 'Voice transcription is not set up. Long-press the voice message, choose "Convert to Text" (转文字), then send me the text (e.g. 拜访 customer name: …).',
  },
  failed: {
    'zh-CN': '这条语音暂时无法转写，内容没有被处理。请稍后再发一次，或长按语音消息选择「转文字」，再把文字发给我。',
    en: 'This voice message could not be transcribed, so nothing was done with it. Send it again later, or long-press it, choose "Convert to Text" (转文字) and send me the text.',
  },
  empty: {
    'zh-CN': '没有听清这条语音。请再说一次，或直接发送文字。',
    en: 'I could not make out any words in that voice message. Please say it again, or type it.',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type VoiceText = keyof typeof VOICE_TEXTS;

export function voiceText(kind: VoiceText, locale: Locale): string {
  return VOICE_TEXTS[kind][locale];
}
