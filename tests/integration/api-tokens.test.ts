import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner } from '../support/tenants';

/** A client that speaks with an API token instead of a session. */
function withToken(baseUrl: string, token: string): ApiClient {
  const client = new ApiClient(baseUrl);
  client.accessToken = token;
  return client;
}

describe('API tokens', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let admin: ApiClient;
  let organisationId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    ({ client: admin } = await signUpOrganisation(api.url, 'Tokens'));
    organisationId = (await admin.get('/api/auth/me')).body.organisationId;
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('shows an organisation token once, stores only its hash, and lets it act within its scopes only', async () => {
    const created = await admin.post('/api/organisation-tokens', {
      name: 'Reporting',
      scopes: ['experiments.read', 'members.read'],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/organisation-tokens/${created.body.id}`);
    expect(created.body.token).toMatch(/^kzl_[\w-]{65}$/);
    expect(created.body).toMatchObject({
      kind: 'organisation',
      status: 'active',
      hint: `kzl_…${created.body.token.slice(-4)}`,
      lastUsedAt: null,
    });
    const [stored] = await asOwner<{ token_hash: Buffer }>(
      database.ownerUrl,
      `SELECT token_hash FROM api_token WHERE id = $1`,
      [created.body.id],
    );
    expect(stored.token_hash.toString('hex')).not.toContain(Buffer.from(created.body.token).toString('hex'));
    expect(stored.token_hash).toHaveLength(32);
    // The list never shows the token again.
    const list = await admin.get('/api/organisation-tokens');
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([created.body.id]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    const integration = withToken(api.url, created.body.token);
    const members = await integration.get('/api/members');
    expect(members.status).toBe(200);
    expect((await integration.get('/api/experiments')).status).toBe(200);

    const outside = await integration.post('/api/experiments', {
      title: 'Not mine to start',
      teamId: organisationId,
    });
    expect(outside.status).toBe(403);
    expect(outside.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(outside.body.detail).toBe("The API token's scopes do not include experiments.write");
    // Routes for people signed in (their account, their tokens) are closed to every token.
    const mint = await integration.post('/api/personal-tokens', { name: 'x', scopes: ['experiments.read'] });
    expect(mint.status).toBe(403);
    expect((await integration.get('/api/auth/me')).status).toBe(403);

    const after = (await admin.get('/api/organisation-tokens')).body.items[0];
    expect(after.lastUsedAt).not.toBeNull();
  });

  it('refuses scopes the person’s role lacks, and tokens.manage for any token, naming the field', async () => {
    const member = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    const tooMuch = await member.client.post('/api/personal-tokens', { name: 'x', scopes: ['audit.read'] });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors).toEqual([expect.objectContaining({ field: 'scopes', rule: 'grantable' })]);
    const minting = await admin.post('/api/organisation-tokens', { name: 'x', scopes: ['tokens.manage'] });
    expect(minting.status).toBe(400);
    expect((await member.client.get('/api/organisation-tokens')).status).toBe(403);

    const own = await member.client.post('/api/personal-tokens', {
      name: 'My sync',
      scopes: ['experiments.read'],
    });
    expect(own.status).toBe(201);
    expect(own.body.kind).toBe('personal');
    // A person sees only their own personal tokens; an admin does not see them among the organisation's.
    expect((await admin.get('/api/personal-tokens')).body.items).toEqual([]);
    expect(
      (await admin.get('/api/organisation-tokens')).body.items.map((t: { id: string }) => t.id),
    ).not.toContain(own.body.id);
    expect((await admin.delete(`/api/personal-tokens/${own.body.id}`)).status).toBe(404);
    expect((await withToken(api.url, own.body.token).get('/api/experiments')).status).toBe(200);
  });

  it('stops a token at once when it is revoked, when it expires, or when its person is deactivated', async () => {
    const make = async () =>
      (await admin.post('/api/organisation-tokens', { name: 'Short', scopes: ['experiments.read'] })).body;
    const revoked = await make();
    expect((await withToken(api.url, revoked.token).get('/api/experiments')).status).toBe(200);
    expect((await admin.delete(`/api/organisation-tokens/${revoked.id}`)).status).toBe(204);
    const afterRevoke = await withToken(api.url, revoked.token).get('/api/experiments');
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.detail).toBe('The API token is unknown, expired or revoked');
    expect(
      (await admin.get('/api/organisation-tokens')).body.items.find(
        (t: { id: string }) => t.id === revoked.id,
      ),
    ).toMatchObject({ status: 'revoked' });

    const expired = await make();
    await asOwner(
      database.ownerUrl,
      `UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [expired.id],
    );
    expect((await withToken(api.url, expired.token).get('/api/experiments')).status).toBe(401);

    const member = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    const personal = (
      await member.client.post('/api/personal-tokens', { name: 'Mine', scopes: ['experiments.read'] })
    ).body;
    expect((await withToken(api.url, personal.token).get('/api/experiments')).status).toBe(200);
    const { version } = (await admin.get(`/api/members/${member.membershipId}`)).body;
    await admin.patch(`/api/members/${member.membershipId}`, { version, status: 'deactivated' });
    expect((await withToken(api.url, personal.token).get('/api/experiments')).status).toBe(401);

    // A forged token, a token with a foreign organisation part, and a truncated one are all simply unknown.
    const forged = `kzl_${'A'.repeat(65)}`;
    expect((await withToken(api.url, forged).get('/api/experiments')).status).toBe(401);
    expect((await withToken(api.url, revoked.token.slice(0, 30)).get('/api/experiments')).status).toBe(401);
  });

  it('rate-limits each token on its own, with Retry-After', async () => {
    const limited = (
      await admin.post('/api/organisation-tokens', {
        name: 'Chatty',
        scopes: ['experiments.read'],
        rateLimitPerMinute: 3,
      })
    ).body;
    const other = (
      await admin.post('/api/organisation-tokens', { name: 'Calm', scopes: ['experiments.read'] })
    ).body;
    const client = withToken(api.url, limited.token);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await client.get('/api/experiments'));
    // The fixed window may turn between two requests, but five requests never all fit under a limit of three.
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(4);
    for (const answer of refused) expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await withToken(api.url, other.token).get('/api/experiments')).status).toBe(200);
  });

  it('audits creation, revocation, and the first use of a token in each hour rather than every request', async () => {
    const token = (await admin.post('/api/organisation-tokens', { name: 'Audited', scopes: ['audit.read'] }))
      .body;
    const client = withToken(api.url, token.token);
    for (let i = 0; i < 3; i++) expect((await client.get('/api/experiments')).status).toBe(403);
    expect((await client.get('/api/audit-events')).status).toBe(200);
    const rows = await asOwner<{ action: string; details: { path?: string } }>(
      database.ownerUrl,
      `SELECT action, details FROM audit_event WHERE target_id = $1 ORDER BY occurred_at, id`,
      [token.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['api_token.created', 'api_token.used']);
    expect(rows[1].details.path).toBe('/api/experiments');

    // An hour later, the next use is written again.
    await asOwner(
      database.ownerUrl,
      `UPDATE api_token SET last_used_at = now() - interval '61 minutes' WHERE id = $1`,
      [token.id],
    );
    await client.get('/api/audit-events');
    const [{ count }] = await asOwner<{ count: number }>(
      database.ownerUrl,
      `SELECT count(*)::int AS count FROM audit_event WHERE target_id = $1 AND action = 'api_token.used'`,
      [token.id],
    );
    expect(count).toBe(2);
  });

  it('describes bearer tokens in the OpenAPI document', async () => {
    const document = await (await fetch(`${api.url}/api/docs/json`)).json();
    const schemes = Object.values(document.components.securitySchemes) as Array<Record<string, string>>;
    expect(schemes).toContainEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(JSON.stringify(schemes)).toContain('kzl_');
  });
});
