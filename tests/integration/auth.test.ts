import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUpOrganisation, uniqueEmail } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner, MEMBER_PASSWORD } from '../support/tenants';

describe('accounts and sessions', () => {
  let database: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('signs up an organisation and its first admin, with the refresh token only in a locked-down cookie', async () => {
    const client = new ApiClient(api.url);
    const email = uniqueEmail('founder');
    const response = await client.post('/api/auth/sign-up', {
      organisationName: 'Zorggroep Noord',
      displayName: 'Anna',
      email,
      password: 'a long enough password',
      locale: 'nl',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ tokenType: 'Bearer', role: 'org_admin', expiresIn: 600 });
    expect(JSON.stringify(response.body)).not.toMatch(/refresh/i);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^kz_refresh=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/auth/);

    const me = await client.get('/api/auth/me');
    expect(me.body).toMatchObject({ email, displayName: 'Anna', role: 'org_admin', locale: 'nl' });
    const organisation = await client.get('/api/organisation');
    expect(organisation.body).toMatchObject({
      name: 'Zorggroep Noord',
      timeZone: 'Europe/Amsterdam',
      locale: 'nl',
      currency: 'EUR',
    });

    // The web shows every amount in the organisation's currency and every time in its zone, which the session carries.
    const changed = await client.patch('/api/organisation', {
      version: organisation.body.version,
      currency: 'CHF',
    });
    expect(changed.body).toMatchObject({ currency: 'CHF' });
    expect((await client.get('/api/auth/me')).body.memberships).toEqual([
      {
        organisationId: organisation.body.id,
        organisationName: 'Zorggroep Noord',
        currency: 'CHF',
        timeZone: 'Europe/Amsterdam',
        role: 'org_admin',
      },
    ]);
  });

  it('hashes passwords with argon2id at OWASP’s parameters', async () => {
    const { email } = await signUpOrganisation(api.url, 'Hashing');
    const [user] = await asOwner<{ password_hash: string }>(
      database.ownerUrl,
      'SELECT password_hash FROM app_user WHERE email = $1',
      [email],
    );
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('refuses a second sign-up with the same email, naming the field, and creates nothing', async () => {
    const { email } = await signUpOrganisation(api.url, 'First');
    const organisationsBefore = await asOwner(database.ownerUrl, 'SELECT organisation_id FROM organisation');
    const again = await new ApiClient(api.url).post('/api/auth/sign-up', {
      organisationName: 'Second',
      displayName: 'Same',
      email: email.toUpperCase(),
      password: 'a long enough password',
    });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([
      { field: 'email', rule: 'unique', message: 'email already has an account' },
    ]);
    expect(await asOwner(database.ownerUrl, 'SELECT organisation_id FROM organisation')).toHaveLength(
      organisationsBefore.length,
    );
  });

  it('rejects bad input with the field and the rule, unknown fields included', async () => {
    const response = await new ApiClient(api.url).post('/api/auth/sign-up', {
      organisationName: 'X',
      displayName: '',
      email: 'not-an-email',
      password: 'short',
      organisationId: 'smuggled',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const fields = (response.body.errors as Array<{ field: string; rule: string }>)
      .map((e) => `${e.field}:${e.rule}`)
      .sort();
    expect(fields).toEqual([
      'displayName:isLength',
      'email:isEmail',
      'organisationId:unknownField',
      'organisationName:isLength',
      'password:minLength',
    ]);
  });

  it('signs in, and says the same thing for a wrong password and an unknown email; the failure is audited', async () => {
    const { client: admin, email, password } = await signUpOrganisation(api.url, 'Signing');
    const wrong = await new ApiClient(api.url).post('/api/auth/sign-in', {
      email,
      password: 'not the password',
    });
    const unknown = await new ApiClient(api.url).post('/api/auth/sign-in', {
      email: uniqueEmail('ghost'),
      password,
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    const right = await new ApiClient(api.url).post('/api/auth/sign-in', { email, password });
    expect(right.status).toBe(200);
    const actions = ((await admin.get('/api/audit-events')).body.items as Array<{ action: string }>).map(
      (e) => e.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['auth.sign_in_failed', 'auth.signed_in', 'organisation.created']),
    );
  });

  it('answers a refresh with who is signed in, as /auth/me does: a restored session needs no second round trip', async () => {
    const { client } = await signUpOrganisation(api.url, 'Restore');
    const refreshed = await client.post('/api/auth/refresh');
    expect(refreshed.status).toBe(200);
    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(refreshed.body.me).toEqual(me.body);
    expect(refreshed.body.organisationId).toBe(me.body.organisationId);
  });

  it('rotates the refresh token; a second use at once is another tab, a later one a theft that ends the whole family', async () => {
    const { client, email } = await signUpOrganisation(api.url, 'Rotation');
    const first = client.refreshCookie as string;
    const rotated = await client.post('/api/auth/refresh');
    expect(rotated.status).toBe(200);
    const second = client.refreshCookie as string;
    expect(second).not.toBe(first);

    // A second tab that refreshed with the same cookie a moment later is not a thief.
    const otherTab = new ApiClient(api.url);
    otherTab.refreshCookie = first;
    expect((await otherTab.post('/api/auth/refresh')).status).toBe(200);
    expect(otherTab.refreshCookie).not.toBe(first);
    expect(otherTab.refreshCookie).not.toBe(second);

    // The same old token a minute after its first use: it leaked.
    await asOwner(
      database.ownerUrl,
      `UPDATE refresh_token SET used_at = used_at - interval '1 minute' WHERE used_at IS NOT NULL AND user_id = (SELECT id FROM app_user WHERE email = $1)`,
      [email],
    );
    const thief = new ApiClient(api.url);
    thief.refreshCookie = first;
    expect((await thief.post('/api/auth/refresh')).status).toBe(401);
    // The reuse revoked the family: the legitimate newest tokens of both tabs are dead too.
    expect((await client.post('/api/auth/refresh')).status).toBe(401);
    expect((await otherTab.post('/api/auth/refresh')).status).toBe(401);
    const actions = (
      await asOwner<{ action: string }>(database.ownerUrl, `SELECT action FROM audit_event`)
    ).map((e) => e.action);
    expect(actions).toContain('auth.refresh_token_reused');
  });

  it('signs out: the refresh token stops working and the cookie is cleared', async () => {
    const { client } = await signUpOrganisation(api.url, 'Leaving');
    const cookie = client.refreshCookie;
    const out = await client.post('/api/auth/sign-out');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/kz_refresh=;/);
    const again = new ApiClient(api.url);
    again.refreshCookie = cookie;
    expect((await again.post('/api/auth/refresh')).status).toBe(401);
  });

  it('lets one account belong to several organisations and switch between them; each request acts in one', async () => {
    const { client: alpha } = await signUpOrganisation(api.url, 'Alpha Care');
    const { client: beta } = await signUpOrganisation(api.url, 'Beta Care');
    const betaOrg = (await beta.get('/api/auth/me')).body.organisationId;
    const person = await addMember(
      database.ownerUrl,
      api.url,
      (await alpha.get('/api/auth/me')).body.organisationId,
      'member',
    );
    const [user] = await asOwner<{ id: string }>(
      database.ownerUrl,
      'SELECT id FROM app_user WHERE email = $1',
      [person.email],
    );
    await asOwner(
      database.ownerUrl,
      `INSERT INTO membership (organisation_id, id, user_id, role) VALUES ($1, gen_random_uuid(), $2, 'team_lead')`,
      [betaOrg, user.id],
    );

    const me = (await person.client.get('/api/auth/me')).body;
    expect(me.memberships.map((m: { organisationName: string }) => m.organisationName).sort()).toEqual([
      'Alpha Care',
      'Beta Care',
    ]);
    expect((await person.client.get('/api/organisation')).body.name).toBe('Alpha Care');

    const switched = await person.client.post('/api/auth/switch', { organisationId: betaOrg });
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ organisationId: betaOrg, role: 'team_lead' });
    expect((await person.client.get('/api/organisation')).body.name).toBe('Beta Care');

    const elsewhere = await person.client.post('/api/auth/switch', {
      organisationId: '01a20000-0000-7000-8000-000000000000',
    });
    expect(elsewhere.status).toBe(404);
    const direct = await new ApiClient(api.url).post('/api/auth/sign-in', {
      email: person.email,
      password: MEMBER_PASSWORD,
      organisationId: betaOrg,
    });
    expect(direct.body).toMatchObject({ organisationId: betaOrg, role: 'team_lead' });
  });

  it('ends a deactivated person’s access at once, and keeps them on record', async () => {
    const { client: admin } = await signUpOrganisation(api.url, 'Deactivation');
    const organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    const person = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    expect((await person.client.get('/api/organisation')).status).toBe(200);

    const member = (await admin.get(`/api/members/${person.membershipId}`)).body;
    const deactivated = await admin.patch(`/api/members/${person.membershipId}`, {
      version: member.version,
      status: 'deactivated',
    });
    expect(deactivated.body).toMatchObject({ status: 'deactivated' });

    expect((await person.client.get('/api/organisation')).status).toBe(401);
    expect((await person.client.post('/api/auth/refresh')).status).toBe(401);
    const list = (await admin.get('/api/members')).body.items as Array<{
      id: string;
      status: string;
      displayName: string;
    }>;
    expect(list.find((m) => m.id === person.membershipId)).toMatchObject({
      status: 'deactivated',
      displayName: 'A member',
    });
  });

  it('keeps at least one active admin, and refuses a stale update with 409', async () => {
    const { client: admin } = await signUpOrganisation(api.url, 'Last admin');
    const me = (await admin.get('/api/auth/me')).body;
    const member = (await admin.get(`/api/members/${me.membershipId}`)).body;
    const demote = await admin.patch(`/api/members/${me.membershipId}`, {
      version: member.version,
      role: 'member',
    });
    expect(demote.status).toBe(409);

    const settings = (await admin.get('/api/organisation')).body;
    expect(
      (await admin.patch('/api/organisation', { version: settings.version, timeZone: 'Europe/London' }))
        .status,
    ).toBe(200);
    const stale = await admin.patch('/api/organisation', {
      version: settings.version,
      timeZone: 'Asia/Tokyo',
    });
    expect(stale.status).toBe(409);
    expect((await admin.get('/api/organisation')).body.timeZone).toBe('Europe/London');
    const badZone = await admin.patch('/api/organisation', {
      version: settings.version + 1,
      timeZone: 'Mars/Olympus',
    });
    expect(badZone.body.errors).toEqual([expect.objectContaining({ field: 'timeZone', rule: 'isTimeZone' })]);
  });

  it('limits sign-in attempts per email: 429 with Retry-After', async () => {
    const { email } = await signUpOrganisation(api.url, 'Limited');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 11; attempt++) {
      const response = await new ApiClient(api.url).post('/api/auth/sign-in', {
        email,
        password: 'wrong password!',
      });
      statuses.push(response.status);
      retryAfter = response.headers.get('retry-after');
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
