/** The WeCom access_token: cached in platform_tokens so every instance shares one, fetched single-flight per process. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';

export interface FetchedToken {
  value: string;
  expiresInSec: number;
}

export interface AccessTokenSource {
  get(): Promise<string>;
  /** Forgets `token` after WeCom called it invalid/expired, unless another instance already replaced it. */
  invalidate(token: string): Promise<void>;
}

export interface AccessTokenCacheOptions {
  db: Kysely<Database>;
  /** Row name, `wecom:${corpId}:${agentId}`: one token per app secret. */
  name: string;
  now: () => number;
  fetchToken: () => Promise<FetchedToken>;
}

/** Renew 5 minutes before WeCom's expiry; a very short TTL (tests) keeps half its life instead. */
export function tokenLifeMs(expiresInSec: number): number {
  return Math.max(expiresInSec - 300, expiresInSec / 2) * 1000;
}

export function createAccessTokenCache(o: AccessTokenCacheOptions): AccessTokenSource {
  let memory: { value: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  async function load(): Promise<string> {
    // Another instance may already hold a valid token: WeCom throttles frequent gettoken calls.
    const row = await o.db
      .selectFrom('platform_tokens')
      .select(['value', 'expires_at'])
      .where('name', '=', o.name)
      .executeTakeFirst();
    if (row && Number(row.expires_at) > o.now()) {
      memory = { value: row.value, expiresAt: Number(row.expires_at) };
      return row.value;
    }
    const fresh = await o.fetchToken();
    const expiresAt = o.now() + tokenLifeMs(fresh.expiresInSec);
    await o.db
      .insertInto('platform_tokens')
      .values({ name: o.name, value: fresh.value, expires_at: expiresAt })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: fresh.value, expires_at: expiresAt }))
      .execute();
    memory = { value: fresh.value, expiresAt };
    return fresh.value;
  }

  return {
    get() {
      if (memory && memory.expiresAt > o.now()) return Promise.resolve(memory.value);
      // Concurrent callers share one load (and so at most one gettoken call).
      inflight ??= load().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    async invalidate(token) {
      if (memory?.value === token) memory = undefined;
      await o.db.deleteFrom('platform_tokens').where('name', '=', o.name).where('value', '=', token).execute();
    },
  };
}
