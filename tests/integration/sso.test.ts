import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUpOrganisation, uniqueEmail } from '../support/api-client';
import { OffsetClock } from '../support/clock';
import { startTestProvider, type TestProvider } from '../support/oidc-provider';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner, MEMBER_PASSWORD } from '../support/tenants';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';

/** APP_URL of the test config: the provider sends browsers back here, and the test delivers that to the API. */
const APP_URL = 'http://127.0.0.1:3000';
const CALLBACK = `${APP_URL}/api/auth/sso/callback`;

/**
 * A browser, as far as the redirects go: follows them by hand, keeps each host's cookies, and stops when
 * the provider sends it back to the app's callback.
 */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();
  readonly forwardedFor = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;

  constructor(private readonly api: RunningApi) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    const target = new URL(url.startsWith(APP_URL) ? this.api.url + url.slice(APP_URL.length) : url);
    const jar = this.jars.get(target.host) ?? new Map<string, string>();
    this.jars.set(target.host, jar);
    const response = await fetch(target, {
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
        'x-forwarded-for': this.forwardedFor,
        ...headers,
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1)];
      const expired = attributes.some((a) => /expires=.*1970/i.test(a) || /max-age=0/i.test(a.trim()));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  cookie(host: string, name: string): string | undefined {
    return this.jars.get(host)?.get(name);
  }

  setCookie(host: string, name: string, value: string): void {
    const jar = this.jars.get(host) ?? new Map<string, string>();
    this.jars.set(host, jar.set(name, value));
  }

  /** Starts SSO for the slug; answers the provider's authorisation URL (not yet visited). */
  async start(slug: string): Promise<string> {
    const response = await this.get(`${this.api.url}/api/auth/sso/${slug}/start`);
    expect(response.status, await response.clone().text()).toBe(303);
    return response.headers.get('location') ?? '';
  }

  /** Visits the provider until it sends the browser back to the app's callback; answers that URL. */
  async atProvider(authorisationUrl: string): Promise<string> {
    let location = authorisationUrl;
    for (let hops = 0; hops < 10; hops++) {
      if (location.startsWith(CALLBACK)) return location;
      const response = await this.get(location);
      const next = response.headers.get('location');
      if (!next)
        throw new Error(`the provider stopped at ${location}: ${response.status} ${await response.text()}`);
      location = new URL(next, location).toString();
    }
    throw new Error('the provider never sent the browser back');
  }

  /** Delivers the provider's answer to the API; a signed-in browser gets a client with the session. */
  async callback(callbackUrl: string, headers: Record<string, string> = {}) {
    const response = await this.get(callbackUrl, headers);
    const body = response.status === 303 ? null : await response.json();
    const refresh = this.cookie(new URL(this.api.url).host, 'kz_refresh');
    return { response, body, refresh };
  }

  /** The whole dance: start, provider, callback; then the app's first refresh, as the web does. */
  async signIn(slug: string): Promise<{ status: number; body: unknown; client?: ApiClient }> {
    const { response, body, refresh } = await this.callback(await this.atProvider(await this.start(slug)));
    if (response.status !== 303 || !refresh) return { status: response.status, body };
    expect(response.headers.get('location')).toBe(`${APP_URL}/`);
    const client = new ApiClient(this.api.url);
    client.refreshCookie = `kz_refresh=${refresh}`;
    const session = await client.post('/api/auth/refresh');
    expect(session.status).toBe(200);
    return { status: response.status, body, client };
  }

  /** Signs in and expects it to work: the app's signed-in client. */
  async signedIn(slug: string): Promise<ApiClient> {
    const { status, body, client } = await this.signIn(slug);
    if (!client) throw new Error(`SSO sign-in failed: ${status} ${JSON.stringify(body)}`);
    return client;
  }
}

describe('single sign-on with an OpenID provider run inside the test', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let provider: TestProvider;
  let otherProvider: TestProvider;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres', { SSO_ALLOW_HTTP_ISSUERS: 'true', APP_URL }));
    provider = await startTestProvider(CALLBACK);
    otherProvider = await startTestProvider(CALLBACK);
  });

  afterAll(async () => {
    await provider?.close();
    await otherProvider?.close();
    await api?.close();
    await database?.drop();
  });

  /** A new organisation whose SSO goes to `idp`, allowing one domain of its own. */
  async function ssoOrganisation(idp: TestProvider) {
    const { client: admin, email, password } = await signUpOrganisation(api.url, 'Zorggroep SSO');
    const me = (await admin.get('/api/auth/me')).body;
    const slug = `org-${randomBytes(4).toString('hex')}`;
    const domain = `${slug}.test`;
    const saved = await admin.put('/api/organisation/sso', {
      slug,
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      allowedDomains: [domain],
      defaultRole: 'member',
      required: false,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    return { admin, adminEmail: email, adminPassword: password, me, slug, domain, saved: saved.body };
  }

  async function users(email: string) {
    return asOwner(database.ownerUrl, 'SELECT id FROM app_user WHERE lower(email) = lower($1)', [email]);
  }

  async function auditActions(organisationId: string) {
    const rows = await asOwner<{ action: string }>(
      database.ownerUrl,
      'SELECT action FROM audit_event WHERE organisation_id = $1 ORDER BY occurred_at, id',
      [organisationId],
    );
    return rows.map((r) => r.action);
  }

  it('stores the settings with the secret sealed and never sends it back', async () => {
    const { admin, me, saved } = await ssoOrganisation(provider);
    expect(saved).toMatchObject({ issuer: provider.issuer, clientSecretSet: true, redirectUri: CALLBACK });
    expect(JSON.stringify(saved)).not.toContain(provider.clientSecret);
    expect(JSON.stringify((await admin.get('/api/organisation/sso')).body)).not.toContain(
      provider.clientSecret,
    );
    const [row] = await asOwner<{ client_secret_sealed: Buffer }>(
      database.ownerUrl,
      'SELECT client_secret_sealed FROM sso_connection WHERE organisation_id = $1',
      [me.organisationId],
    );
    expect(row.client_secret_sealed.toString('latin1')).not.toContain(provider.clientSecret);

    // Another organisation neither sees these settings nor takes their sign-in name.
    const { client: other } = await signUpOrganisation(api.url, 'Another');
    expect(await other.get('/api/organisation/sso')).toMatchObject({ status: 200, body: { settings: null } });
    const taken = await other.put('/api/organisation/sso', {
      slug: saved.slug,
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      allowedDomains: ['another.test'],
      defaultRole: 'member',
      required: false,
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ errors: [{ field: 'slug', rule: 'unique' }] });
    expect((await admin.get('/api/organisation/sso')).body.settings.allowedDomains).toEqual(
      saved.allowedDomains,
    );
  });

  it('signs a new person in just in time: an account and a membership with the default role, in the provider’s domain only', async () => {
    const { me, slug, domain } = await ssoOrganisation(provider);
    const email = `nina@${domain}`;
    provider.signInAs(provider.addAccount({ email, name: 'Nina Bakker' }));
    expect(await users(email)).toHaveLength(0);

    const client = await new Browser(api).signedIn(slug);
    const who = await client.get('/api/auth/me');
    expect(who.body).toMatchObject({
      email,
      displayName: 'Nina Bakker',
      organisationId: me.organisationId,
      role: 'member',
    });
    expect(await users(email)).toHaveLength(1);
    expect(await auditActions(me.organisationId)).toEqual(
      expect.arrayContaining(['sso.configured', 'auth.sso_account_created', 'auth.sso_signed_in']),
    );

    // The second time it is the same account and membership.
    const again = await new Browser(api).signedIn(slug);
    expect((await again.get('/api/auth/me')).body.membershipId).toBe(who.body.membershipId);

    // Sign-out ends the local session: its refresh cookie no longer works.
    expect((await client.post('/api/auth/sign-out')).status).toBe(204);
    expect((await client.post('/api/auth/refresh')).status).toBe(401);
  });

  it('refuses an e-mail domain the organisation does not allow, and creates nobody', async () => {
    const { slug } = await ssoOrganisation(provider);
    const email = uniqueEmail('outsider').replace('@example.test', '@elsewhere.test');
    provider.signInAs(provider.addAccount({ email }));
    const { status, body } = await new Browser(api).signIn(slug);
    expect(status).toBe(403);
    expect(body).toMatchObject({ errors: [{ field: 'email', rule: 'allowedDomain' }] });
    expect((body as { detail: string }).detail).toMatch(/elsewhere\.test is not an e-mail domain/);
    expect(await users(email)).toHaveLength(0);
  });

  it('sends a browser that asked for HTML back to the sign-in page, naming the rule', async () => {
    const { slug } = await ssoOrganisation(provider);
    provider.signInAs(provider.addAccount({ email: 'someone@elsewhere.test' }));
    const browser = new Browser(api);
    const { response } = await browser.callback(await browser.atProvider(await browser.start(slug)), {
      accept: 'text/html',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${APP_URL}/sign-in?sso=allowedDomain`);
  });

  it('refuses a wrong state before it trades the code', async () => {
    const { slug, domain } = await ssoOrganisation(provider);
    const email = `state@${domain}`;
    provider.signInAs(provider.addAccount({ email }));
    const browser = new Browser(api);
    const callback = new URL(await browser.atProvider(await browser.start(slug)));
    callback.searchParams.set('state', 'forged-state');
    const { response, body } = await browser.callback(callback.toString());
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(body).toMatchObject({ errors: [{ field: 'state', rule: 'matchesSignIn' }] });

    // Without the sealed cookie of the browser that began, the provider's real answer is refused too.
    const stranger = new Browser(api);
    const other = await stranger.callback(await browser.atProvider(await browser.start(slug)));
    expect(other.response.status).toBe(400);
    expect(await users(email)).toHaveLength(0);
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const { slug, domain } = await ssoOrganisation(provider);
    const email = `nonce@${domain}`;
    provider.signInAs(provider.addAccount({ email }));
    const browser = new Browser(api);
    const authorisation = new URL(await browser.start(slug));
    authorisation.searchParams.set('nonce', 'a-nonce-someone-else-chose');
    const { response, body } = await browser.callback(await browser.atProvider(authorisation.toString()));
    expect(response.status).toBe(401);
    expect(body).toMatchObject({ errors: [{ field: 'id_token.nonce', rule: 'matchesSignIn' }] });
    expect(await users(email)).toHaveLength(0);
  });

  it('refuses a code used twice (a replay)', async () => {
    const { slug, domain } = await ssoOrganisation(provider);
    provider.signInAs(provider.addAccount({ email: `replay@${domain}` }));
    const browser = new Browser(api);
    const callback = await browser.atProvider(await browser.start(slug));
    const pending = browser.cookie(new URL(api.url).host, 'kz_sso') ?? '';
    expect(pending).not.toBe('');
    expect((await browser.callback(callback)).response.status).toBe(303);

    const replay = new Browser(api);
    replay.setCookie(new URL(api.url).host, 'kz_sso', pending);
    const { response, body } = await replay.callback(callback);
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ errors: [{ field: 'code', rule: 'valid' }] });
  });

  it('refuses an answer from another issuer (a mix-up)', async () => {
    const { slug, domain } = await ssoOrganisation(provider);
    const email = `mixup@${domain}`;
    otherProvider.signInAs(otherProvider.addAccount({ email }));
    const browser = new Browser(api);
    const authorisation = new URL(await browser.start(slug));
    const elsewhere = new URL(authorisation.pathname + authorisation.search, otherProvider.issuer);
    elsewhere.searchParams.set('client_id', otherProvider.clientId);
    const { response, body } = await browser.callback(await browser.atProvider(elsewhere.toString()));
    expect(response.status).toBe(401);
    expect(body).toMatchObject({ errors: [{ field: 'iss', rule: 'matchesIssuer' }] });
    expect(await users(email)).toHaveLength(0);
  });

  it('ends the session at its next refresh once the person is disabled in the provider', async () => {
    const { me, slug, domain } = await ssoOrganisation(provider);
    const subject = provider.addAccount({ email: `leaver@${domain}` });
    provider.signInAs(subject);
    const client = await new Browser(api).signedIn(slug);
    // While the provider still knows the person, a refresh asks it and goes on.
    expect((await client.post('/api/auth/refresh')).status).toBe(200);

    provider.disable(subject);
    const refused = await client.post('/api/auth/refresh');
    expect(refused.status).toBe(401);
    expect((await client.post('/api/auth/refresh')).status).toBe(401);
    expect(await auditActions(me.organisationId)).toContain('auth.sso_session_ended');
  });

  it('with SSO required, refuses members’ passwords and resets, but lets the break-glass admin in, audited', async () => {
    const { admin, me, adminEmail, adminPassword, saved } = await ssoOrganisation(provider);
    const member = await addMember(database.ownerUrl, api.url, me.organisationId, 'member');
    const settings = {
      slug: saved.slug,
      issuer: saved.issuer,
      clientId: saved.clientId,
      allowedDomains: saved.allowedDomains,
      defaultRole: saved.defaultRole,
    };
    const required = await admin.put('/api/organisation/sso', {
      ...settings,
      required: true,
      breakGlassMembershipId: me.membershipId,
    });
    expect(required.status).toBe(200);

    const signIn = await new ApiClient(api.url).post('/api/auth/sign-in', {
      email: member.email,
      password: MEMBER_PASSWORD,
    });
    expect(signIn.status).toBe(403);
    expect(signIn.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(signIn.body).toMatchObject({ errors: [{ field: 'password', rule: 'ssoRequired' }] });

    const reset = await new ApiClient(api.url).post('/api/auth/password-reset', { email: member.email });
    expect(reset.status).toBe(403);
    expect(reset.body).toMatchObject({ errors: [{ field: 'email', rule: 'ssoRequired' }] });
    expect(
      await asOwner(database.ownerUrl, 'SELECT 1 FROM password_reset WHERE user_id = $1', [member.userId]),
    ).toHaveLength(0);

    const breakGlass = await new ApiClient(api.url).post('/api/auth/sign-in', {
      email: adminEmail,
      password: adminPassword,
    });
    expect(breakGlass.status).toBe(200);
    expect(await auditActions(me.organisationId)).toContain('auth.break_glass_signed_in');

    // Switching in from another organisation's password session is signing in too.
    const elsewhere = await signUpOrganisation(api.url, 'Elsewhere');
    const visitor = (await elsewhere.client.get('/api/auth/me')).body;
    await asOwner(
      database.ownerUrl,
      `INSERT INTO membership (organisation_id, id, user_id, role) VALUES ($1, gen_random_uuid(), $2, 'member')`,
      [me.organisationId, visitor.userId],
    );
    const switched = await elsewhere.client.post('/api/auth/switch', { organisationId: me.organisationId });
    expect(switched.status).toBe(403);
    expect(switched.body).toMatchObject({ errors: [{ field: 'password', rule: 'ssoRequired' }] });
    expect((await elsewhere.client.get('/api/auth/me')).body.organisationId).toBe(visitor.organisationId);

    // Turning the requirement off gives members their passwords back.
    const off = await admin.put('/api/organisation/sso', { ...settings, required: false });
    expect(off.status).toBe(200);
    const again = await new ApiClient(api.url).post('/api/auth/sign-in', {
      email: member.email,
      password: MEMBER_PASSWORD,
    });
    expect(again.status).toBe(200);
  });

  it('refuses a misconfigured issuer when saving, naming the field, and saves nothing', async () => {
    const { client: admin } = await signUpOrganisation(api.url, 'Misconfigured');
    const closed = await startTestProvider(CALLBACK);
    await closed.close(); // nothing listens there any more
    const body = {
      slug: `bad-${randomBytes(3).toString('hex')}`,
      issuer: closed.issuer,
      clientId: 'x',
      clientSecret: 'y',
      allowedDomains: ['example.org'],
      defaultRole: 'member',
      required: false,
    };
    const unreachable = await admin.put('/api/organisation/sso', body);
    expect(unreachable.status).toBe(400);
    expect(unreachable.body).toMatchObject({ errors: [{ field: 'issuer', rule: 'discoverable' }] });

    // A discovery document that names another issuer is not this issuer's.
    const wrong = await admin.put('/api/organisation/sso', { ...body, issuer: `${provider.issuer}/other` });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ errors: [{ field: 'issuer', rule: 'discoverable' }] });
    expect((await admin.get('/api/organisation/sso')).body).toEqual({ settings: null });

    const noSecret = await admin.put('/api/organisation/sso', {
      ...body,
      issuer: provider.issuer,
      clientSecret: undefined,
    });
    expect(noSecret.body).toMatchObject({ errors: [{ field: 'clientSecret', rule: 'required' }] });
  });

  it('answers a start with 424 when the saved provider stops answering', async () => {
    const fleeting = await startTestProvider(CALLBACK);
    const { slug } = await ssoOrganisation(fleeting);
    await fleeting.close();
    const response = await fetch(`${api.url}/api/auth/sso/${slug}/start`, { redirect: 'manual' });
    expect(response.status).toBe(424);
    expect(await response.json()).toMatchObject({ errors: [{ field: 'issuer', rule: 'discoverable' }] });
    expect((await fetch(`${api.url}/api/auth/sso/no-such-org/start`, { redirect: 'manual' })).status).toBe(
      404,
    );
  });
});

describe('single sign-on when the clocks disagree', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let provider: TestProvider;
  const clock = new OffsetClock();

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres', { SSO_ALLOW_HTTP_ISSUERS: 'true', APP_URL }), {
      clock,
    });
    provider = await startTestProvider(CALLBACK);
  });

  afterAll(async () => {
    await provider?.close();
    await api?.close();
    await database?.drop();
  });

  it('accepts a few seconds of skew, and refuses an ID token outside the allowed window with a 4xx', async () => {
    const { client: admin } = await signUpOrganisation(api.url, 'Skewed');
    const slug = `skew-${randomBytes(3).toString('hex')}`;
    const saved = await admin.put('/api/organisation/sso', {
      slug,
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      allowedDomains: ['skew.test'],
      defaultRole: 'member',
      required: false,
    });
    expect(saved.status).toBe(200);
    provider.signInAs(provider.addAccount({ email: 'a@skew.test' }));

    clock.moveTo(new Date(Date.now() + 20_000));
    expect((await new Browser(api).signIn(slug)).status).toBe(303);

    // Two hours ahead: the provider's ID token (valid for one hour) has expired by our clock.
    clock.moveTo(new Date(Date.now() + 2 * 3600_000));
    const { status, body } = await new Browser(api).signIn(slug);
    expect(status).toBe(401);
    expect(body).toMatchObject({ errors: [{ rule: 'clockSkew' }] });
  });
});
