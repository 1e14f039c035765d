import type { INestApplicationContext } from '@nestjs/common';
import { strFromU8, unzipSync } from 'fflate';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, until, type TestDatabase } from '../support/test-environment';
import { startApi, startWorker, type RunningApi } from '../support/running-apps';
import { addMember, asOwner, MEMBER_PASSWORD } from '../support/tenants';

/** One organisation with an admin, a person with a trail of data, and a colleague whose data must stay out. */
async function organisationWithPeople(database: TestDatabase, api: RunningApi, name: string) {
  const { client: admin, email: adminEmail } = await signUpOrganisation(api.url, name);
  const me = (await admin.get('/api/auth/me')).body;
  const organisationId: string = me.organisationId;
  const person = await addMember(database.ownerUrl, api.url, organisationId, 'member');
  const colleague = await addMember(database.ownerUrl, api.url, organisationId, 'member');
  const department = (await admin.post('/api/departments', { name: `${name} care` })).body;
  const team = (await admin.post('/api/teams', { name: `${name} nights`, departmentId: department.id })).body;
  for (const member of [person, colleague])
    await admin.post(`/api/teams/${team.id}/members`, {
      membershipId: member.membershipId,
      position: 'member',
    });

  const experiment = (
    await person.client.post('/api/experiments', {
      title: `${name}: structured handover`,
      teamId: team.id,
      problem: 'Errors cluster around the handover.',
      hypothesis: {
        change: 'a structured handover',
        outcome: 'fewer errors',
        measure: 'errors drop below 2',
      },
      metric: { name: 'Errors', unit: 'per week', baseline: 3, target: 2, direction: 'decrease' },
      plan: { start: '2026-12-01', end: '2027-02-28', checkInCadence: 'weekly' },
      request: { hours: 10, amountMinor: 10_000 },
    })
  ).body;
  const colleagues = (
    await colleague.client.post('/api/experiments', {
      title: `${name}: the colleague's own experiment`,
      teamId: team.id,
      problem: 'Not about the person.',
      hypothesis: { change: 'x', outcome: 'y', measure: 'z' },
      metric: { name: 'm', unit: 'u', baseline: 1, target: 2, direction: 'increase' },
      plan: { start: '2026-12-01', end: '2027-02-28', checkInCadence: 'weekly' },
      request: { hours: 1, amountMinor: 0 },
    })
  ).body;
  await person.client.post(`/api/experiments/${experiment.id}/comments`, {
    body: 'My own comment on the plan',
  });
  await colleague.client.post(`/api/experiments/${experiment.id}/comments`, {
    body: "The colleague's private remark",
  });
  await asOwner(
    database.ownerUrl,
    `INSERT INTO check_in (organisation_id, id, experiment_id, author_membership_id, progress, confidence)
     VALUES ($1, $2, $3, $4, 'Handovers now take six minutes', 4)`,
    [organisationId, uuidv7(), experiment.id, person.membershipId],
  );
  await asOwner(
    database.ownerUrl,
    `INSERT INTO lesson (organisation_id, id, experiment_id, team_id, department_id, author_membership_id, insight, recommendation, visibility)
     VALUES ($1, $2, $3, $4, $5, $6, 'Short handovers stick when the lead runs them', 'adopt', 'team')`,
    [organisationId, uuidv7(), experiment.id, team.id, department.id, person.membershipId],
  );
  for (const [recipient, kind] of [
    [person.membershipId, 'person-notification'],
    [colleague.membershipId, 'colleague-notification'],
  ]) {
    await asOwner(
      database.ownerUrl,
      `INSERT INTO notification (organisation_id, id, recipient_membership_id, kind, dedupe_key) VALUES ($1, $2, $3, $4, md5(random()::text))`,
      [organisationId, uuidv7(), recipient, kind],
    );
  }
  return { admin, adminEmail, organisationId, person, colleague, experiment, colleagues, team };
}

function unzip(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

async function downloadBytes(client: ApiClient, id: string) {
  const response = await fetch(`${client.baseUrl}/api/account/data-exports/${id}/file`, {
    headers: { authorization: `Bearer ${client.accessToken}`, 'x-forwarded-for': client.forwardedFor },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

describe('data rights: export, erasure and retention', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, 'postgres');
    api = await startApi(config);
    worker = await startWorker(config);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await database?.drop();
  });

  it("exports a person's data as a ZIP of JSON and CSV, prepared by the worker with progress; nothing of a colleague or another organisation", async () => {
    const world = await organisationWithPeople(database, api, 'Exporting');
    const other = await organisationWithPeople(database, api, 'Elsewhere');
    const { person } = world;

    const requested = await person.client.post('/api/account/data-exports');
    expect(requested.status).toBe(201);
    expect(requested.headers.get('location')).toBe(`/api/account/data-exports/${requested.body.id}`);
    expect(requested.body).toMatchObject({ subjectMembershipId: person.membershipId, downloadable: false });

    const ready = await until(async () => {
      const current = await person.client.get(`/api/account/data-exports/${requested.body.id}`);
      return current.body.status === 'ready' ? current.body : null;
    }, 30_000);
    expect(ready).toMatchObject({ progress: 100, downloadable: true });
    expect(ready.size).toBeGreaterThan(0);
    const hoursValid = (Date.parse(ready.expiresAt) - Date.parse(ready.readyAt)) / 3600_000;
    expect(hoursValid).toBeCloseTo(24, 1);

    const list = await person.client.get('/api/account/data-exports');
    expect(list.body).toMatchObject({ nextCursor: null, items: [{ id: requested.body.id }] });

    const download = await downloadBytes(person.client, requested.body.id);
    expect(download.status).toBe(200);
    expect(download.type).toBe('application/zip');
    const files = unzip(download.bytes);
    expect(Object.keys(files).sort()).toEqual(
      [
        'README.txt',
        'profile.json',
        'memberships.json',
        'experiments.json',
        'experiments.csv',
        'check-ins.json',
        'check-ins.csv',
        'comments.json',
        'comments.csv',
        'lessons.json',
        'lessons.csv',
        'notifications.json',
        'notifications.csv',
        'notification-preferences.json',
        'audit-events.json',
        'audit-events.csv',
      ].sort(),
    );
    expect(files['README.txt']).toMatch(/scan answers are NOT in this archive/i);
    expect(JSON.parse(files['profile.json'])).toMatchObject({ email: person.email, displayName: 'A member' });
    expect(JSON.parse(files['memberships.json'])).toMatchObject({
      organisation: 'Exporting',
      role: 'member',
    });
    expect(JSON.parse(files['experiments.json'])).toEqual([
      expect.objectContaining({ id: world.experiment.id, involvement: 'owner' }),
    ]);
    expect(files['experiments.csv']).toContain('Exporting: structured handover');
    expect(JSON.parse(files['comments.json'])).toEqual([
      expect.objectContaining({ body: 'My own comment on the plan' }),
    ]);
    expect(JSON.parse(files['check-ins.json'])).toEqual([
      expect.objectContaining({ progress: 'Handovers now take six minutes' }),
    ]);
    expect(JSON.parse(files['lessons.json'])).toHaveLength(1);
    expect(JSON.parse(files['notifications.json'])).toEqual([
      expect.objectContaining({ kind: 'person-notification' }),
    ]);
    const audit = JSON.parse(files['audit-events.json']) as Array<{ action: string }>;
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['auth.signed_in', 'data_export.requested']),
    );
    const everything = Object.values(files).join('\n');
    for (const foreign of [
      world.colleague.email,
      "The colleague's private remark",
      world.colleagues.id,
      'colleague-notification',
      other.person.email,
      other.experiment.id,
      other.organisationId,
      world.adminEmail,
    ]) {
      expect(everything).not.toContain(foreign);
    }

    // Only the person who asked downloads it: another member, and another organisation's admin, get 404.
    expect((await downloadBytes(world.colleague.client, requested.body.id)).status).toBe(404);
    expect((await other.admin.get(`/api/account/data-exports/${requested.body.id}`)).status).toBe(404);
  });

  it('links the file for 24 hours: then 410, and the sweep deletes the row', async () => {
    const { person, organisationId } = await organisationWithPeople(database, api, 'Expiring');
    const requested = await person.client.post('/api/account/data-exports');
    await until(
      async () =>
        (await person.client.get(`/api/account/data-exports/${requested.body.id}`)).body.downloadable,
      30_000,
    );
    await asOwner(
      database.ownerUrl,
      `UPDATE data_export SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [requested.body.id],
    );
    expect((await downloadBytes(person.client, requested.body.id)).status).toBe(410);
    expect(
      (await person.client.get(`/api/account/data-exports/${requested.body.id}`)).body.downloadable,
    ).toBe(false);

    const { JobProducer } = await import('@kaizen/api/data-access-queue');
    await worker
      .get(JobProducer)
      .enqueue('data-rights', 'sweep-all', { retention: false }, { jobId: `sweep-${uuidv7()}` });
    await until(
      async () =>
        (
          await asOwner(database.ownerUrl, 'SELECT id FROM data_export WHERE organisation_id = $1', [
            organisationId,
          ])
        ).length === 0,
      30_000,
    );
    expect((await person.client.get(`/api/account/data-exports/${requested.body.id}`)).status).toBe(404);
  });

  it("lets an admin export a member's data, never another organisation's member (404)", async () => {
    const world = await organisationWithPeople(database, api, 'Subject request');
    const other = await organisationWithPeople(database, api, 'Other admin');
    expect((await other.admin.post(`/api/members/${world.person.membershipId}/data-exports`)).status).toBe(
      404,
    );
    expect(
      (await world.colleague.client.post(`/api/members/${world.person.membershipId}/data-exports`)).status,
    ).toBe(403);
    const requested = await world.admin.post(`/api/members/${world.person.membershipId}/data-exports`);
    expect(requested.status).toBe(201);
    await until(
      async () => (await world.admin.get(`/api/account/data-exports/${requested.body.id}`)).body.downloadable,
      30_000,
    );
    const files = unzip((await downloadBytes(world.admin, requested.body.id)).bytes);
    expect(JSON.parse(files['profile.json']).email).toBe(world.person.email);
    // The subject's own list does not show the admin's export.
    expect((await world.person.client.get('/api/account/data-exports')).body.items).toEqual([]);
  });

  it('erases a person: identity gone, sessions and pending mails and reminders removed, content kept as "Former member", the fact audited without identity', async () => {
    const world = await organisationWithPeople(database, api, 'Erasing');
    const other = await organisationWithPeople(database, api, 'Not yours');
    const { admin, person, organisationId, experiment } = world;
    const [{ user_id: userId }] = await asOwner<{ user_id: string }>(
      database.ownerUrl,
      'SELECT user_id FROM membership WHERE id = $1',
      [person.membershipId],
    );
    await asOwner(
      database.ownerUrl,
      `INSERT INTO reminder (organisation_id, id, experiment_id, recipient_membership_id, kind, due_at, fire_at)
       VALUES ($1, $2, $3, $4, 'check_in_due', now() + interval '1 day', now() + interval '1 day')`,
      [organisationId, uuidv7(), experiment.id, person.membershipId],
    );
    await asOwner(
      database.ownerUrl,
      `INSERT INTO outbox (organisation_id, id, channel, dedupe_key, payload, recipient_membership_id, due_at)
       VALUES ($1, $2, 'mail', md5(random()::text), $3, $4, now() + interval '1 hour')`,
      [organisationId, uuidv7(), JSON.stringify({ to: person.email, template: 'x' }), person.membershipId],
    );

    // Another organisation's admin: 404; a member: 403; a wrong name: 400, and nothing changes.
    expect(
      (await other.admin.post(`/api/members/${person.membershipId}/erasure`, { confirmName: 'A member' }))
        .status,
    ).toBe(404);
    expect(
      (
        await world.colleague.client.post(`/api/members/${person.membershipId}/erasure`, {
          confirmName: 'A member',
        })
      ).status,
    ).toBe(403);
    const wrongName = await admin.post(`/api/members/${person.membershipId}/erasure`, {
      confirmName: 'Someone else',
    });
    expect(wrongName.status).toBe(400);
    expect(wrongName.body.errors[0]).toMatchObject({ field: 'confirmName', rule: 'matches' });
    expect((await person.client.post('/api/auth/refresh')).status).toBe(200);

    expect(
      (await admin.post(`/api/members/${person.membershipId}/erasure`, { confirmName: ' a MEMBER ' })).status,
    ).toBe(204);

    const [account] = await asOwner<Record<string, unknown>>(
      database.ownerUrl,
      'SELECT * FROM app_user WHERE id = $1',
      [userId],
    );
    expect(account).toMatchObject({ display_name: 'Former member', totp_secret_sealed: null });
    expect(account['email']).not.toBe(person.email);
    expect(String(account['email'])).toMatch(/@erased\.invalid$/);
    expect(account['password_hash']).toBe('!erased');
    expect(account['erased_at']).not.toBeNull();
    expect(
      await asOwner(
        database.ownerUrl,
        'SELECT id FROM refresh_token WHERE user_id = $1 AND revoked_at IS NULL',
        [userId],
      ),
    ).toEqual([]);
    expect((await person.client.post('/api/auth/refresh')).status).toBe(401);
    expect(
      (
        await new ApiClient(api.url).post('/api/auth/sign-in', {
          email: person.email,
          password: MEMBER_PASSWORD,
        })
      ).status,
    ).toBe(401);
    expect(
      await asOwner(
        database.ownerUrl,
        `SELECT id FROM reminder WHERE recipient_membership_id = $1 AND status = 'pending'`,
        [person.membershipId],
      ),
    ).toEqual([]);
    expect(
      await asOwner(
        database.ownerUrl,
        `SELECT id FROM outbox WHERE recipient_membership_id = $1 AND status = 'pending'`,
        [person.membershipId],
      ),
    ).toEqual([]);
    expect(
      await asOwner(database.ownerUrl, 'SELECT id FROM notification WHERE recipient_membership_id = $1', [
        person.membershipId,
      ]),
    ).toEqual([]);

    // What they wrote stays, attributed to "Former member".
    const comments = (await admin.get(`/api/experiments/${experiment.id}/comments`)).body;
    const list = Array.isArray(comments) ? comments : comments.items;
    expect(list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ body: 'My own comment on the plan', authorName: 'Former member' }),
      ]),
    );
    expect((await admin.get(`/api/experiments/${experiment.id}`)).status).toBe(200);

    const erasedEvents = await asOwner<{
      actor_user_id: string;
      target_id: string;
      details: object;
      ip: string | null;
    }>(
      database.ownerUrl,
      `SELECT actor_user_id, target_id, details FROM audit_event WHERE action = 'member.erased' AND organisation_id = $1`,
      [organisationId],
    );
    expect(erasedEvents).toHaveLength(1);
    expect(erasedEvents[0].target_id).toBe(person.membershipId);
    expect(JSON.stringify(erasedEvents[0])).not.toContain(person.email);
    expect(JSON.stringify(erasedEvents[0])).not.toContain('A member');

    // Irreversible and once: a second erasure is a conflict.
    expect(
      (await admin.post(`/api/members/${person.membershipId}/erasure`, { confirmName: 'Former member' }))
        .status,
    ).toBe(409);
  });

  it('refuses to erase an account that also belongs to another organisation, and changes nothing', async () => {
    const world = await organisationWithPeople(database, api, 'Shared person');
    const other = await organisationWithPeople(database, api, 'Second home');
    const [{ user_id: userId }] = await asOwner<{ user_id: string }>(
      database.ownerUrl,
      'SELECT user_id FROM membership WHERE id = $1',
      [world.person.membershipId],
    );
    await asOwner(
      database.ownerUrl,
      `INSERT INTO membership (organisation_id, id, user_id, role) VALUES ($1, $2, $3, 'member')`,
      [other.organisationId, uuidv7(), userId],
    );
    const before = await asOwner(
      database.ownerUrl,
      'SELECT email, display_name, erased_at FROM app_user WHERE id = $1',
      [userId],
    );
    const refused = await world.admin.post(`/api/members/${world.person.membershipId}/erasure`, {
      confirmName: 'A member',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/another organisation/);
    expect(
      await asOwner(database.ownerUrl, 'SELECT email, display_name, erased_at FROM app_user WHERE id = $1', [
        userId,
      ]),
    ).toEqual(before);
    expect((await world.person.client.post('/api/auth/refresh')).status).toBe(200);
  });

  it('refuses to erase the last active admin', async () => {
    const { admin, organisationId } = await organisationWithPeople(database, api, 'Last admin');
    const me = (await admin.get('/api/auth/me')).body;
    const refused = await admin.post(`/api/members/${me.membershipId}/erasure`, {
      confirmName: 'Admin of Last admin',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/at least one active admin/);
    const [row] = await asOwner<{ erased_at: Date | null }>(
      database.ownerUrl,
      'SELECT erased_at FROM membership WHERE organisation_id = $1 AND id = $2',
      [organisationId, me.membershipId],
    );
    expect(row.erased_at).toBeNull();
  });

  it('applies retention daily: old notifications and audit entries go (through the narrow function), long-deactivated people are erased', async () => {
    const world = await organisationWithPeople(database, api, 'Retaining');
    const other = await organisationWithPeople(database, api, 'Retaining elsewhere');
    const { admin, organisationId, person, colleague } = world;
    expect((await admin.get('/api/organisation/retention')).body).toEqual({
      notificationDays: 365,
      auditDays: 730,
      deactivatedAccountDays: 730,
    });
    const tooShort = await admin.put('/api/organisation/retention', {
      notificationDays: 30,
      auditDays: 10,
      deactivatedAccountDays: 30,
    });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.errors[0]).toMatchObject({ field: 'auditDays', rule: 'min' });
    expect(
      (
        await person.client.put('/api/organisation/retention', {
          notificationDays: 30,
          auditDays: 180,
          deactivatedAccountDays: 30,
        })
      ).status,
    ).toBe(403);
    const set = await admin.put('/api/organisation/retention', {
      notificationDays: 30,
      auditDays: 180,
      deactivatedAccountDays: 30,
    });
    expect(set.body).toEqual({ notificationDays: 30, auditDays: 180, deactivatedAccountDays: 30 });

    // The application may not delete audit entries itself.
    await expect(
      asOwner(database.url, `DELETE FROM audit_event WHERE organisation_id = $1`, [organisationId]),
    ).rejects.toThrow(/permission denied/);

    for (const org of [organisationId, other.organisationId]) {
      await asOwner(
        database.ownerUrl,
        `UPDATE notification SET created_at = now() - interval '40 days' WHERE organisation_id = $1`,
        [org],
      );
      await asOwner(
        database.ownerUrl,
        `INSERT INTO audit_event (organisation_id, id, action, occurred_at) VALUES ($1, $2, 'old.event', now() - interval '200 days')`,
        [org, uuidv7()],
      );
    }
    await asOwner(
      database.ownerUrl,
      `UPDATE membership SET status = 'deactivated', deactivated_at = now() - interval '31 days' WHERE id = $1`,
      [colleague.membershipId],
    );
    await asOwner(
      database.ownerUrl,
      `UPDATE membership SET status = 'deactivated', deactivated_at = now() - interval '5 days' WHERE id = $1`,
      [person.membershipId],
    );

    const { JobProducer } = await import('@kaizen/api/data-access-queue');
    await worker
      .get(JobProducer)
      .enqueue('data-rights', 'sweep-all', { retention: true }, { jobId: `retention-${uuidv7()}` });
    await until(
      async () =>
        (
          await asOwner(
            database.ownerUrl,
            `SELECT id FROM audit_event WHERE organisation_id = $1 AND action = 'old.event'`,
            [organisationId],
          )
        ).length === 0,
      30_000,
    );
    expect(
      await asOwner(database.ownerUrl, 'SELECT id FROM notification WHERE organisation_id = $1', [
        organisationId,
      ]),
    ).toEqual([]);
    const [erased] = await asOwner<{ erased_at: Date | null; display_name: string }>(
      database.ownerUrl,
      'SELECT m.erased_at, u.display_name FROM membership m JOIN app_user u ON u.id = m.user_id WHERE m.id = $1',
      [colleague.membershipId],
    );
    expect(erased.erased_at).not.toBeNull();
    expect(erased.display_name).toBe('Former member');
    const [recent] = await asOwner<{ erased_at: Date | null }>(
      database.ownerUrl,
      'SELECT erased_at FROM membership WHERE id = $1',
      [person.membershipId],
    );
    expect(recent.erased_at).toBeNull();
    // Recent entries stay; the other organisation keeps its default periods.
    expect(
      (
        await asOwner(
          database.ownerUrl,
          `SELECT id FROM audit_event WHERE organisation_id = $1 AND action = 'organisation.created'`,
          [organisationId],
        )
      ).length,
    ).toBe(1);
    await until(async () => {
      const swept = await asOwner(
        database.ownerUrl,
        `SELECT id FROM audit_event WHERE organisation_id = $1 AND action = 'old.event'`,
        [other.organisationId],
      );
      const notifications = await asOwner(
        database.ownerUrl,
        'SELECT id FROM notification WHERE organisation_id = $1',
        [other.organisationId],
      );
      return swept.length === 1 && notifications.length === 2;
    });
  });
});
