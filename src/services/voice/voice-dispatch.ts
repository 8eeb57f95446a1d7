/**
 * Voice messages in front of the dispatcher: a voice interaction is fetched from its platform,
 * transcribed, and dispatched exactly as if the person had typed the transcript (marked
 * `via: 'voice'`). Without a transcriber, or when transcription fails, the person gets a reply
 * saying what to do instead, and the inbox row is closed: the message is processed once, never
 * silently dropped and never retried behind their back.
 * @module
 */
import { findCommand } from '../../../commands/index.ts';
import type { Interaction } from '../../channels/channel.ts';
import { localeOf, type Person } from '../../config/company.ts';
import { inboxId, markInbox } from '../../store/inbox.ts';
import type { ServiceDeps } from '../deps.ts';
import type { Dispatch } from '../dispatcher.ts';
import { notify } from '../notify.ts';
import type { Transcriber } from './transcriber.ts';
import { commandText } from './voice-text.ts';
import { voiceText, type VoiceText } from './voice-texts.ts';

export interface VoiceDispatchOptions {
  /** Unset: voice messages are answered with how to convert them to text in the app. */
  transcriber?: Transcriber;
  /** Whether a word is a command (default: the registered commands). */
  isCommand?: (word: string) => boolean;
}

/** A voice message still to be transcribed (one the platform already turned into text is a plain command). */
export function needsTranscription(interaction: Interaction): interaction is Interaction & { voice: { mediaId: string; format: string } } {
  return interaction.kind === 'command' && interaction.voice !== undefined && !interaction.text;
}

export function createVoiceDispatch(inner: Dispatch, deps: ServiceDeps, options: VoiceDispatchOptions = {}): Dispatch {
  const isCommand = options.isCommand ?? ((word: string) => findCommand(word) !== undefined);
  return async function dispatch(interaction) {
    if (interaction.kind !== 'command' || interaction.via !== 'voice') return inner(interaction);
    // Text the platform recognised itself (a WeCom Recognition field) only needs the spoken punctuation tidied.
    if (!needsTranscription(interaction)) return inner({ ...interaction, text: commandText(interaction.text ?? '', isCommand) });
    const person = resolvePerson(deps, interaction);
    // A stranger gets the dispatcher's usual answer; their audio is never fetched.
    if (!person) return inner(interaction);
    const id = inboxId(interaction);
    const locale = localeOf(deps.company, person);
    const finish = async (kind: VoiceText, status: 'done' | 'failed', note: string) => {
      await notify(deps.db.kysely, deps, { personId: person.id, message: { kind: 'text', text: voiceText(kind, locale) }, id: `reply:${id}:voice`, only: interaction.channel, now: deps.now() });
      deps.wakeOutbox();
      await markInbox(deps.db.kysely, id, status, deps.now(), note);
    };
    try {
      const channel = deps.channels.find((c) => c.name === interaction.channel);
      if (!options.transcriber || !channel?.fetchMedia) return await finish('noTranscriber', 'done', 'voice: no transcriber configured');
      let transcript: string;
      try {
        const media = await channel.fetchMedia(interaction.voice.mediaId);
        transcript = await options.transcriber.transcribe(media.data, interaction.voice.format, locale === 'zh-CN' ? 'zh' : 'en');
      } catch (err) {
        deps.log.warn({ err, inbox: id }, 'voice message could not be transcribed');
        return await finish('failed', 'failed', `voice: ${err instanceof Error ? err.message : String(err)}`);
      }
      const text = commandText(transcript, isCommand);
      if (!text) return await finish('empty', 'done', 'voice: empty transcript');
      deps.log.info({ inbox: id, chars: text.length }, 'voice message transcribed');
      // From here on it is a typed command; the dispatcher replies and closes the inbox row.
      return await inner({ ...interaction, text, via: 'voice' });
    } catch (err) {
      deps.log.error({ err, inbox: id }, 'voice dispatch failed');
      await markInbox(deps.db.kysely, id, 'failed', deps.now(), err instanceof Error ? err.message : String(err)).catch(() => {});
    }
  };
}

/** The same lookup as the dispatcher's: the active person this platform user id belongs to. */
function resolvePerson(deps: ServiceDeps, interaction: Interaction): Person | undefined {
  const channel = deps.channels.find((c) => c.name === interaction.channel);
  if (!channel) return undefined;
  return deps.company.people.find((p) => p.active && channel.recipientOf(p) === interaction.userId);
}
