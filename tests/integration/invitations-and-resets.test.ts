import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { findLinks, startSmtpCatcher, type SmtpCatcher } from '../../tools/smtp-catcher.mjs';
import { ApiClient, signUpOrganisation, uniqueEmail } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, startWorker, type RunningApi } from '../support/running-apps';
import { asOwner } from '../support/tenants';

/** The token at the end of the one link in a mail to `to`. */
async function tokenMailedTo(
  smtp: SmtpCatcher,
  to: string,
  pathPart: string,
): Promise<{ token: string; subject: string }> {
  const mail = await smtp.waitFor((m) => m.to.includes(to), 15_000, `a mail to ${to}`);
  const link = findLinks(mail.text).find((l) => l.includes(pathPart));
  if (!link) throw new Error(`no ${pathPart} link in: ${mail.text}`);
  const url = new URL(link);
  return {
    token: url.searchParams.get('token') ?? (url.pathname.split('/').pop() as string),
    subject: mail.subject,
  };
}

describe('invitations and password resets, mailed through the queue', () => {
  let database: TestDatabase;
  let smtp: SmtpCatcher;
  let api: RunningApi;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpCatcher();
    const config = testConfig(database.url, 'postgres', {
      SMTP_URL: smtp.url,
      APP_URL: 'https://kaizen.example',
    });
    api = await startApi(config);
    worker = await startWorker(config);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await smtp?.stop();
    await database?.drop();
  });

  it('invites by email; the single-use link creates the account and the membership with the role', async () => {
    const { client: admin } = await signUpOrganisation(api.url, 'Inviting');
    const email = uniqueEmail('newcomer');
    const invitation = await admin.post('/api/invitations', { email, role: 'team_lead', locale: 'nl' });
    expect(invitation.status).toBe(201);
    expect(invitation.body).toMatchObject({ email, role: 'team_lead', state: 'open' });

    const { token, subject } = await tokenMailedTo(smtp, email, '/invitations/');
    expect(subject).toMatch(/nodigt je uit voor Inviting/);
    const preview = await new ApiClient(api.url).get(`/api/auth/invitations/${token}`);
    expect(preview.body).toMatchObject({
      organisationName: 'Inviting',
      email,
      role: 'team_lead',
      accountExists: false,
    });
    expect(preview.body.invitedBy).toBe('Admin of Inviting');

    const newcomer = new ApiClient(api.url);
    const missingName = await newcomer.post('/api/auth/invitations/accept', {
      token,
      password: 'a new password here',
    });
    expect(missingName.body.errors).toEqual([
      expect.objectContaining({ field: 'displayName', rule: 'required' }),
    ]);
    const accepted = await newcomer.post('/api/auth/invitations/accept', {
      token,
      password: 'a new password here',
      displayName: 'Nieuw',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ role: 'team_lead' });
    expect((await newcomer.get('/api/auth/me')).body).toMatchObject({
      email,
      displayName: 'Nieuw',
      role: 'team_lead',
    });

    expect(
      (
        await new ApiClient(api.url).post('/api/auth/invitations/accept', {
          token,
          password: 'x',
          displayName: 'Again',
        })
      ).status,
    ).toBe(404);
    expect((await admin.get('/api/invitations')).body.items[0]).toMatchObject({ email, state: 'accepted' });
    const actions = ((await admin.get('/api/audit-events')).body.items as Array<{ action: string }>).map(
      (e) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['invitation.created', 'invitation.accepted']));
  });

  it('links an existing account when its owner proves the password, and changes nothing when they cannot', async () => {
    const { client: other, email, password } = await signUpOrganisation(api.url, 'Elsewhere');
    const { client: admin } = await signUpOrganisation(api.url, 'Joining');
    await admin.post('/api/invitations', { email, role: 'member' });
    const { token } = await tokenMailedTo(smtp, email, '/invitations/');
    expect((await new ApiClient(api.url).get(`/api/auth/invitations/${token}`)).body.accountExists).toBe(
      true,
    );

    const wrong = await new ApiClient(api.url).post('/api/auth/invitations/accept', {
      token,
      password: 'not my password',
    });
    expect(wrong.status).toBe(401);
    expect((await admin.get('/api/members')).body.items).toHaveLength(1);

    const right = await other.post('/api/auth/invitations/accept', { token, password });
    expect(right.status).toBe(200);
    const me = (await other.get('/api/auth/me')).body;
    expect(me.memberships.map((m: { organisationName: string }) => m.organisationName).sort()).toEqual([
      'Elsewhere',
      'Joining',
    ]);
  });

  it('refuses revoked and expired invitations', async () => {
    const { client: admin } = await signUpOrganisation(api.url, 'Revoking');
    const revokedEmail = uniqueEmail('revoked');
    const revoked = (await admin.post('/api/invitations', { email: revokedEmail, role: 'member' })).body;
    const { token: revokedToken } = await tokenMailedTo(smtp, revokedEmail, '/invitations/');
    expect((await admin.delete(`/api/invitations/${revoked.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/invitations/${revoked.id}`)).status).toBe(409);
    expect((await new ApiClient(api.url).get(`/api/auth/invitations/${revokedToken}`)).status).toBe(404);

    const expiredEmail = uniqueEmail('expired');
    const expired = (await admin.post('/api/invitations', { email: expiredEmail, role: 'member' })).body;
    const { token: expiredToken } = await tokenMailedTo(smtp, expiredEmail, '/invitations/');
    await asOwner(
      database.ownerUrl,
      `UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [expired.id],
    );
    const late = await new ApiClient(api.url).post('/api/auth/invitations/accept', {
      token: expiredToken,
      password: 'whatever1234',
      displayName: 'Late',
    });
    expect(late.status).toBe(404);
    expect(
      await asOwner(database.ownerUrl, 'SELECT 1 FROM app_user WHERE email = $1', [expiredEmail]),
    ).toEqual([]);
  });

  it('resets a password by a mailed single-use link, and ends every session', async () => {
    const { client, email, password } = await signUpOrganisation(api.url, 'Forgetful');
    const cookie = client.refreshCookie;
    expect((await new ApiClient(api.url).post('/api/auth/password-reset', { email })).status).toBe(202);
    const { token } = await tokenMailedTo(smtp, email, '/reset-password');

    const weak = await new ApiClient(api.url).post('/api/auth/password-reset/confirm', {
      token,
      password: 'short',
    });
    expect(weak.body.errors).toEqual([expect.objectContaining({ field: 'password', rule: 'minLength' })]);
    expect(
      (
        await new ApiClient(api.url).post('/api/auth/password-reset/confirm', {
          token,
          password: 'my brand new password',
        })
      ).status,
    ).toBe(204);
    const reused = await new ApiClient(api.url).post('/api/auth/password-reset/confirm', {
      token,
      password: 'another new password',
    });
    expect(reused.body.errors).toEqual([expect.objectContaining({ field: 'token', rule: 'valid' })]);

    expect((await new ApiClient(api.url).post('/api/auth/sign-in', { email, password })).status).toBe(401);
    expect(
      (await new ApiClient(api.url).post('/api/auth/sign-in', { email, password: 'my brand new password' }))
        .status,
    ).toBe(200);
    const oldSession = new ApiClient(api.url);
    oldSession.refreshCookie = cookie;
    expect((await oldSession.post('/api/auth/refresh')).status).toBe(401);
  });

  it('answers an unknown email exactly like a known one, and mails nobody', async () => {
    const ghost = uniqueEmail('ghost');
    const response = await new ApiClient(api.url).post('/api/auth/password-reset', { email: ghost });
    expect(response.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.messages().filter((m) => m.to.includes(ghost))).toEqual([]);
  });
});
