/** `closeloop lexicon review`: suggestions listed, accepted or rejected by the admin; accepted ones reach the extractor. */
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.ts';
import { loadCompany } from '../../src/config/company.ts';
import { runLexiconReview } from '../../src/cli/lexicon-review.ts';
import { acceptedLexicon, suggestPhrase, suggestionsWithStatus } from '../../src/store/visits/lexicon-suggestions.ts';
import { compileExtractor } from '../../src/domain/visits/extract/index.ts';
import { freshDbs, testDatabases } from '../support/databases.ts';

async function run(args: string[], url: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runLexiconReview(args, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: parseEnv({ DATABASE_URL: url, COMPANY_CONFIG: 'examples/company.yaml' }) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.each(testDatabases)('closeloop lexicon review on $name', (kind) => {
  const fresh = freshDbs(kind);

  it('lists, accepts and rejects; nothing is applied before the admin accepts it', async () => {
    const { db, url } = await fresh();
    expect((await run(['review'], url)).out).toBe('No synonym suggestions are waiting.');
    const phrase = '老是闹脾气';
    await suggestPhrase(db.kysely, { kind: 'pain', key: 'equipment_failure_high', phrase, by: 'zhang-wei', visitId: 'V-1001', now: 1 });
    await suggestPhrase(db.kysely, { kind: 'pain', key: 'equipment_failure_high', phrase, by: 'li-na', visitId: 'V-1002', now: 2 });
    await suggestPhrase(db.kysely, { kind: 'action', key: 'site_survey', phrase: '去机房转转', by: 'li-na', visitId: 'V-1003', now: 3 });
    const listed = await run(['review'], url);
    expect(listed.out).toContain(`pain equipment_failure_high (现有设备故障率高) ← "${phrase}"  ×2, first by 张伟`);

    const company = loadCompany('examples/company.yaml');
    const note = `客户说${phrase}`;
    const before = compileExtractor(company.visits, await acceptedLexicon(db.kysely)).extract(note, { now: 0, timezone: 'Asia/Shanghai' });
    expect(before.painPoints).toEqual([]);

    const [pain, action] = await suggestionsWithStatus(db.kysely, 'pending');
    const accepted = await run(['review', 'accept', pain!.id.slice(-8)], url);
    expect(accepted.err + accepted.out).toContain('accepted:');
    expect(accepted.code).toBe(0);
    expect(accepted.out).toContain('add "老是闹脾气" to visits.painPoints[2].synonyms');
    expect((await run(['review', 'reject', action!.id], url)).out).toContain('rejected: action site_survey');
    expect((await run(['review', 'accept', 'nonexistent-id'], url)).code).toBe(2);
    expect((await run(['review'], url)).out).toBe('No synonym suggestions are waiting.');

    const after = compileExtractor(company.visits, await acceptedLexicon(db.kysely)).extract(note, { now: 0, timezone: 'Asia/Shanghai' });
    expect(after.painPoints.map((p) => p.key)).toEqual(['equipment_failure_high']);
  });
});
