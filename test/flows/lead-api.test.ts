/** POST /api/leads over real HTTP: auth, validation, idempotency, body limit — bad input writes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { demoLead, postLead, startApp, type RunningApp } from '../support/app-harness.ts';

const TOKEN = 'test-api-token-0123456789';

describe.each(testDatabases)('lead intake API on $name', (kind) => {
  let t: RunningApp;
  beforeAll(async () => {
    t = await startApp(kind, { API_TOKEN: TOKEN });
  });
  afterAll(async () => t.stop());

  const counts = async () => ({
    leads: (await t.app.db.kysely.selectFrom('leads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    outbox: (await t.app.db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  });

  it('401 without or with a wrong token, and nothing is stored', async () => {
    const before = await counts();
    expect((await postLead(t.url, undefined, demoLead)).status).toBe(401);
    expect((await postLead(t.url, 'wrong-token-wrong-token', demoLead)).status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('400 naming each bad field, 400 for malformed JSON, 413 over 1 MB; nothing is stored', async () => {
    const before = await counts();
    const bad = await postLead(t.url, TOKEN, { ...demoLead, budget: 'lots', decisionChainSize: -1, email: 'x' });
    expect(bad.status).toBe(400);
    const paths = (bad.body.issues as { path: string }[]).map((i) => i.path).sort();
    expect(paths).toEqual(['budget', 'decisionChainSize', 'email']);
    const malformed = await postLead(t.url, TOKEN, '{"company": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('malformed_json');
    const huge = await postLead(t.url, TOKEN, { ...demoLead, notes: 'x'.repeat(1024 * 1024 + 10) });
    expect(huge.status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  it('201 with id, tags, assignee and reason; the same externalId returns the same lead and sends no second card', async () => {
    const first = await postLead(t.url, TOKEN, { ...demoLead, externalId: 'crm-42' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      id: expect.stringMatching(/^L-\d+$/),
      created: true,
      tags: ['高意向-需技术协同', '中潜力-需案例背书'],
      score: 70,
      route: 'education-technical',
      ruleVersion: expect.stringMatching(/^r-[0-9a-f]{8}$/),
      assignee: { id: 'zhang-wei', name: '张伟' },
    });
    expect(String(first.body.reason)).toMatch(/预算 ≥ 50万/);
    const outboxAfterFirst = (await counts()).outbox;
    const again = await postLead(t.url, TOKEN, { ...demoLead, externalId: 'crm-42', budget: 1 });
    expect(again.status).toBe(200);
    // The stored lead as it stands, with its own reason: the resend's budget changes nothing.
    expect(again.body).toMatchObject({ id: first.body.id, created: false, assignee: { id: 'zhang-wei' }, reason: first.body.reason });
    expect((await counts()).outbox).toBe(outboxAfterFirst);
  });

  it('400 naming a custom field that fails the company file\'s declaration; nothing is stored', async () => {
    const before = await counts();
    const bad = await postLead(t.url, TOKEN, { ...demoLead, custom: { schoolSize: -3, colour: 'red' } });
    expect(bad.status).toBe(400);
    expect((bad.body.issues as { path: string }[]).map((i) => i.path).sort()).toEqual(['custom.colour', 'custom.schoolSize']);
    expect(await counts()).toEqual(before);
    const ok = await postLead(t.url, TOKEN, { ...demoLead, custom: { schoolSize: 2400 } });
    expect(ok.status).toBe(201);
  });

  it('serves /healthz and Prometheus /metrics', async () => {
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: kind.name });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/# TYPE \S+ /);
    expect(metrics).toMatch(/outbox/);
  });
});
