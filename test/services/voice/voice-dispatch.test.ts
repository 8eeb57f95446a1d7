/** The voice step in front of the dispatcher, with a stub channel and transcriber on a real database. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelAdapter, Interaction } from '../../../src/channels/channel.ts';
import { loadCompany } from '../../../src/config/company.ts';
import { createLogger } from '../../../src/log.ts';
import type { ServiceDeps } from '../../../src/services/deps.ts';
import { compileLeadRouting } from '../../../src/services/routing/compile.ts';
import { createVoiceDispatch } from '../../../src/services/voice/voice-dispatch.ts';
import { TranscriptionError, type Transcriber } from '../../../src/services/voice/transcriber.ts';
import { insertInboxBatch } from '../../../src/store/inbox.ts';
import { openTestDb, testDatabases } from '../../support/databases.ts';

const company = loadCompany('examples/company.yaml');
const AUDIO = Buffer.from('#!AMR\nframes');

describe.each(testDatabases)('voice dispatch on $name', (kind) => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let deps: ServiceDeps;
  let dispatched: Interaction[];
  let fetched: string[];
  const channel: ChannelAdapter = {
    name: 'wecom',
    recipientOf: (p) => p.wecomUserId,
    deliver: async () => ({}),
    routes: () => [],
    fetchMedia: async (mediaId) => {
      fetched.push(mediaId);
      return { data: AUDIO, contentType: 'audio/amr' };
    },
  };
  const inner = async (i: Interaction) => void dispatched.push(i);
  const voice = (userId: string, n: number): Interaction => ({ channel: 'wecom', dedupeKey: `msg-${n}`, userId, kind: 'command', via: 'voice', voice: { mediaId: `m-${n}`, format: 'amr' }, receivedAt: 1 });
  const run = async (i: Interaction, transcriber?: Transcriber) => {
    await insertInboxBatch(t.db.kysely, [i]);
    await createVoiceDispatch(inner, deps, { transcriber })(i);
  };
  const outbox = () => t.db.kysely.selectFrom('outbox').select(['id', 'recipient', 'payload']).execute();
  const inbox = (id: string) => t.db.kysely.selectFrom('inbox').select(['status', 'error']).where('id', '=', id).executeTakeFirstOrThrow();

  beforeEach(async () => {
    t = await openTestDb(kind);
    dispatched = [];
    fetched = [];
    deps = {
      db: t.db,
      company,
      channels: [channel],
      log: createLogger({ level: 'silent', pretty: false }),
      routing: compileLeadRouting(company),
      now: () => 1000,
      wakeOutbox: () => {},
      wakeScheduler: () => {},
    };
  });
  afterEach(() => t.cleanup());

  it('dispatches the transcript as a typed command marked via voice', async () => {
    const seen: [number, string, string][] = [];
    const stt: Transcriber = { transcribe: async (audio, format, locale) => (seen.push([audio.length, format, locale]), '拜访，客户：华东精密。') };
    await run(voice('ZhangWei', 1), stt);
    expect(fetched).toEqual(['m-1']);
    expect(seen).toEqual([[AUDIO.length, 'amr', 'zh']]);
    expect(dispatched).toEqual([expect.objectContaining({ kind: 'command', text: '拜访 客户：华东精密', via: 'voice', dedupeKey: 'msg-1' })]);
    expect(await outbox()).toEqual([]);
  });

  it('passes typed commands and other interactions straight through', async () => {
    const typed: Interaction = { channel: 'wecom', dedupeKey: 't1', userId: 'ZhangWei', kind: 'command', text: 'help', receivedAt: 1 };
    await createVoiceDispatch(inner, deps)(typed);
    expect(dispatched).toEqual([typed]);
  });

  it('without a transcriber: the 转文字 hint as a reply, the inbox row done, nothing fetched or dispatched', async () => {
    await run(voice('ChenJie', 2));
    const rows = await outbox();
    expect(rows).toEqual([{ id: 'reply:wecom:msg-2:voice:wecom:chen-jie', recipient: 'ChenJie', payload: expect.stringContaining('Convert to Text') }]);
    expect(await inbox('wecom:msg-2')).toEqual({ status: 'done', error: 'voice: no transcriber configured' });
    expect(fetched).toEqual([]);
    expect(dispatched).toEqual([]);
  });

  it('a failed transcription: a clear reply, the inbox row failed with the reason; running it again sends nothing new', async () => {
    const stt: Transcriber = { transcribe: async () => Promise.reject(new TranscriptionError('timeout', 'transcriber asr: no answer within 15 s')) };
    await run(voice('ZhangWei', 3), stt);
    await createVoiceDispatch(inner, deps, { transcriber: stt })(voice('ZhangWei', 3));
    const rows = await outbox();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.payload)).toEqual({ kind: 'text', text: expect.stringMatching(/^这条语音暂时无法转写，内容没有被处理。/) });
    expect(await inbox('wecom:msg-3')).toEqual({ status: 'failed', error: 'voice: transcriber asr: no answer within 15 s' });
    expect(dispatched).toEqual([]);
  });

  it('an empty transcript is answered, not dispatched as help', async () => {
    await run(voice('ZhangWei', 4), { transcribe: async () => ' 。' });
    expect(JSON.parse((await outbox())[0]!.payload).text).toMatch(/没有听清/);
    expect(dispatched).toEqual([]);
  });

  it('a stranger’s voice goes to the dispatcher’s usual answer, unfetched', async () => {
    await run(voice('Nobody', 5), { transcribe: async () => 'help' });
    expect(fetched).toEqual([]);
    expect(dispatched).toEqual([expect.objectContaining({ userId: 'Nobody', voice: { mediaId: 'm-5', format: 'amr' } })]);
  });
});
