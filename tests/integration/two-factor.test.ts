import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner, MEMBER_PASSWORD } from '../support/tenants';

/** The code an authenticator app shows, `steps` time steps from now. */
const codeOf = (secret: string, steps = 0) =>
  generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

describe('two-factor sign-in', () => {
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

  async function auditActions(email: string): Promise<string[]> {
    const rows = await asOwner<{ action: string }>(
      database.ownerUrl,
      `SELECT a.action FROM audit_event a JOIN app_user u ON u.id = a.actor_user_id WHERE u.email = $1 ORDER BY a.occurred_at`,
      [email],
    );
    return rows.map((r) => r.action);
  }

  /** Signs up, turns two-factor sign-in on, and returns the secret and recovery codes. */
  async function enrolled(name: string) {
    const account = await signUpOrganisation(api.url, name);
    const enrolment = await account.client.post('/api/account/two-factor/enrolment');
    const confirm = await account.client.post('/api/account/two-factor/enrolment/confirm', {
      code: codeOf(enrolment.body.secret),
    });
    expect(confirm.status).toBe(200);
    return {
      ...account,
      secret: enrolment.body.secret as string,
      recoveryCodes: confirm.body.recoveryCodes as string[],
    };
  }

  async function passwordStep(email: string, password: string) {
    const client = new ApiClient(api.url);
    const response = await client.post('/api/auth/sign-in', { email, password });
    return { client, response };
  }

  it('enrols with a secret shown once as an otpauth URI, confirmed by a first code; the secret is sealed at rest and the recovery codes hashed', async () => {
    const { client, email } = await signUpOrganisation(api.url, 'Enrolling');
    expect((await client.get('/api/account/two-factor')).body).toMatchObject({
      enabled: false,
      recoveryCodesLeft: 0,
    });

    const enrolment = await client.post('/api/account/two-factor/enrolment');
    expect(enrolment.status).toBe(200);
    const secret: string = enrolment.body.secret;
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const uri = new URL(enrolment.body.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Kaizen Loop');

    // A wrong first code changes nothing.
    const wrong = await client.post('/api/account/two-factor/enrolment/confirm', {
      code: codeOf(secret) === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toMatchObject({ field: 'code', rule: 'valid' });
    expect((await client.get('/api/account/two-factor')).body.enabled).toBe(false);

    const confirm = await client.post('/api/account/two-factor/enrolment/confirm', { code: codeOf(secret) });
    expect(confirm.status).toBe(200);
    expect(confirm.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirm.body.recoveryCodes).size).toBe(10);
    expect((await client.get('/api/account/two-factor')).body).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
    });

    const [user] = await asOwner<{ totp_secret_sealed: string; totp_pending_secret_sealed: string | null }>(
      database.ownerUrl,
      'SELECT totp_secret_sealed, totp_pending_secret_sealed FROM app_user WHERE email = $1',
      [email],
    );
    expect(user.totp_secret_sealed).toBeTruthy();
    expect(user.totp_secret_sealed).not.toContain(secret);
    expect(Buffer.from(user.totp_secret_sealed, 'base64').toString('latin1')).not.toContain(secret);
    expect(user.totp_pending_secret_sealed).toBeNull();
    const stored = await asOwner<{ code_hash: Buffer }>(
      database.ownerUrl,
      'SELECT code_hash FROM recovery_code r JOIN app_user u ON u.id = r.user_id WHERE u.email = $1',
      [email],
    );
    expect(stored).toHaveLength(10);
    const hashes = stored.map((r) => r.code_hash.toString('hex'));
    for (const code of confirm.body.recoveryCodes as string[]) {
      expect(hashes.join()).not.toContain(Buffer.from(code).toString('hex'));
    }
    expect(await auditActions(email)).toContain('auth.two_factor_enrolled');
  });

  it('makes sign-in two steps: the password step gives a single-use challenge, not a session; a code from the secret completes it', async () => {
    const { email, password, secret } = await enrolled('Two steps');
    const { client, response } = await passwordStep(email, password);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ twoFactor: 'verify', expiresIn: 300 });
    expect(response.body.accessToken).toBeUndefined();
    expect(response.headers.get('set-cookie')).toBeNull();
    expect((await client.get('/api/auth/me')).status).toBe(401);

    // The next step's code: the enrolment used the current one.
    const second = await client.post('/api/auth/sign-in/second-factor', {
      challengeToken: response.body.challengeToken,
      code: codeOf(secret, 1),
    });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ tokenType: 'Bearer', role: 'org_admin' });
    expect(second.headers.get('set-cookie')).toMatch(/^kz_refresh=/);
    expect((await client.get('/api/auth/me')).body.email).toBe(email);

    // The challenge was used up.
    const again = await new ApiClient(api.url).post('/api/auth/sign-in/second-factor', {
      challengeToken: response.body.challengeToken,
      code: codeOf(secret, 1),
    });
    expect(again.status).toBe(400);
    expect(again.body.errors[0]).toMatchObject({ field: 'challengeToken', rule: 'valid' });
  });

  it('refuses a code replayed within its window, and an expired challenge; failures are audited', async () => {
    const { email, password, secret } = await enrolled('Replay');
    const code = codeOf(secret, 1);
    const first = await passwordStep(email, password);
    expect(
      (
        await first.client.post('/api/auth/sign-in/second-factor', {
          challengeToken: first.response.body.challengeToken,
          code,
        })
      ).status,
    ).toBe(200);
    const replay = await passwordStep(email, password);
    const replayed = await replay.client.post('/api/auth/sign-in/second-factor', {
      challengeToken: replay.response.body.challengeToken,
      code,
    });
    expect(replayed.status).toBe(401);
    expect(replayed.body.accessToken).toBeUndefined();
    expect(await auditActions(email)).toContain('auth.two_factor_failed');

    await asOwner(database.ownerUrl, `UPDATE sign_in_challenge SET expires_at = now() - interval '1 second'`);
    const late = await replay.client.post('/api/auth/sign-in/second-factor', {
      challengeToken: replay.response.body.challengeToken,
      code: codeOf(secret, -1),
    });
    expect(late.status).toBe(400);
  });

  it('signs in with a recovery code once; the same code never again', async () => {
    const { email, password, recoveryCodes } = await enrolled('Recovery');
    const first = await passwordStep(email, password);
    const used = await first.client.post('/api/auth/sign-in/second-factor', {
      challengeToken: first.response.body.challengeToken,
      recoveryCode: recoveryCodes[3].toUpperCase(),
    });
    expect(used.status).toBe(200);
    expect((await first.client.get('/api/account/two-factor')).body.recoveryCodesLeft).toBe(9);
    const second = await passwordStep(email, password);
    const reused = await second.client.post('/api/auth/sign-in/second-factor', {
      challengeToken: second.response.body.challengeToken,
      recoveryCode: recoveryCodes[3],
    });
    expect(reused.status).toBe(401);
    expect(await auditActions(email)).toEqual(
      expect.arrayContaining(['auth.recovery_code_used', 'auth.two_factor_failed']),
    );
  });

  it('limits second-factor attempts per account (ten per 15 minutes, the enrolment code included): then 429, even with the right code', async () => {
    const { email, password, secret } = await enrolled('Guessing');
    const { client, response } = await passwordStep(email, password);
    const right = codeOf(secret, 1);
    const wrongCode = right === '000000' ? '111111' : '000000';
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push(
        (
          await client.post('/api/auth/sign-in/second-factor', {
            challengeToken: response.body.challengeToken,
            code: wrongCode,
          })
        ).status,
      );
    }
    const blocked = await client.post('/api/auth/sign-in/second-factor', {
      challengeToken: response.body.challengeToken,
      code: right,
    });
    expect(statuses).toEqual([...Array(9).fill(401), 429]);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('asks members to enrol at their next sign-in once the organisation requires it; only admins set that', async () => {
    const { client: admin } = await signUpOrganisation(api.url, 'Strict');
    const organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    const member = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    expect((await member.client.put('/api/organisation/two-factor-policy', { required: true })).status).toBe(
      403,
    );
    expect((await admin.put('/api/organisation/two-factor-policy', { required: 'yes' })).status).toBe(400);
    expect((await admin.put('/api/organisation/two-factor-policy', { required: true })).body).toEqual({
      required: true,
    });
    expect((await member.client.get('/api/account/two-factor')).body.requiredByOrganisation).toBe(true);

    const { client, response } = await passwordStep(member.email, MEMBER_PASSWORD);
    expect(response.body).toMatchObject({ twoFactor: 'enrol' });
    expect(response.body.accessToken).toBeUndefined();
    // No session without a second factor, not even by skipping enrolment.
    const skipped = await client.post('/api/auth/sign-in/second-factor', {
      challengeToken: response.body.challengeToken,
      code: '123456',
    });
    expect(skipped.status).toBe(401);
    const enrolment = await client.post('/api/auth/two-factor/enrolment', {
      challengeToken: response.body.challengeToken,
    });
    expect(enrolment.status).toBe(200);
    const done = await client.post('/api/auth/sign-in/second-factor', {
      challengeToken: response.body.challengeToken,
      code: codeOf(enrolment.body.secret),
    });
    expect(done.status).toBe(200);
    expect(done.body.recoveryCodes).toHaveLength(10);
    expect((await client.get('/api/account/two-factor')).body).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
    });
    // A "verify" challenge cannot start an enrolment (which would replace the secret).
    const next = await passwordStep(member.email, MEMBER_PASSWORD);
    expect(next.response.body.twoFactor).toBe('verify');
    expect(
      (
        await next.client.post('/api/auth/two-factor/enrolment', {
          challengeToken: next.response.body.challengeToken,
        })
      ).status,
    ).toBe(400);
  });

  it('turns off only with the password and a code; sign-in is one step again, and it is audited', async () => {
    const { client, email, password, secret } = await enrolled('Turning off');
    const wrongPassword = await client.post('/api/account/two-factor/disable', {
      password: 'not the password',
      code: codeOf(secret, 1),
    });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body.errors[0]).toMatchObject({ field: 'password', rule: 'valid' });
    expect((await client.get('/api/account/two-factor')).body.enabled).toBe(true);

    expect(
      (await client.post('/api/account/two-factor/disable', { password, code: codeOf(secret, 1) })).status,
    ).toBe(204);
    expect((await client.get('/api/account/two-factor')).body).toMatchObject({
      enabled: false,
      recoveryCodesLeft: 0,
    });
    const { response } = await passwordStep(email, password);
    expect(response.body.accessToken).toBeTruthy();
    expect(await auditActions(email)).toEqual(
      expect.arrayContaining([
        'auth.two_factor_enrolled',
        'auth.two_factor_failed',
        'auth.two_factor_disabled',
      ]),
    );
  });

  it('asks an existing account with a second factor for it when it accepts an invitation, as at sign-in', async () => {
    const { email, password, secret } = await enrolled('Joining person');
    const { client: admin } = await signUpOrganisation(api.url, 'Inviting');
    const invitation = await admin.post('/api/invitations', { email, role: 'member' });
    expect(invitation.status).toBe(201);
    const [{ token }] = await asOwner<{ token: string }>(
      database.ownerUrl,
      `SELECT payload->'params'->>'link' AS token FROM outbox WHERE payload->>'to' = $1`,
      [email],
    );
    const accepting = new ApiClient(api.url);
    const accepted = await accepting.post('/api/auth/invitations/accept', {
      token: new URL(token).searchParams.get('token') ?? new URL(token).pathname.split('/').pop(),
      password,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ twoFactor: 'verify' });
    expect(accepted.body.accessToken).toBeUndefined();
    expect(accepted.headers.get('set-cookie')).toBeNull();
    const second = await accepting.post('/api/auth/sign-in/second-factor', {
      challengeToken: accepted.body.challengeToken,
      code: codeOf(secret, 1),
    });
    expect(second.status).toBe(200);
    expect((await accepting.get('/api/auth/me')).body.organisationId).toBe(
      (await admin.get('/api/auth/me')).body.organisationId,
    );
  });
});
