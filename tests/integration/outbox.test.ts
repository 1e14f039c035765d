import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import { Notifier } from '@kaizen/api/data-access-notifications';
import { JobProducer } from '@kaizen/api/data-access-queue';
import type { SmtpCatcher } from '../../tools/smtp-catcher.mjs';
import { OutboxRetentionJobs } from '@kaizen/api/feature-notifications';
import { ApiClient, signUpOrganisation, uniqueEmail } from '../support/api-client';
import type { OffsetClock } from '../support/clock';
import {
  latestCheckInMoment,
  startDeliveryWorld,
  type DeliveryWorld,
  type Person,
} from '../support/delivery-world';
import type { RunningApi } from '../support/running-apps';
import { addMember, asOwner, seedRecipients } from '../support/tenants';
import { until, type TestDatabase } from '../support/test-environment';

/**
 * Whatever leaves the system is a row in PostgreSQL first: losing every job of the queue backend
 * (a flushed Redis, truncated bullmq tables) at any moment costs time, never a message. And quiet
 * hours hold at the moment of sending, whatever the plan said.
 */
describe.each(['redis', 'postgres'] as const)('the outbox on the %s queue backend', (backend) => {
  let world: DeliveryWorld;
  let database: TestDatabase;
  let smtp: SmtpCatcher;
  let clock: OffsetClock;
  let api: RunningApi;
  let organisationId: string;
  let teamId: string;
  let admin: ApiClient;
  let owner: Person;
  let lead: Person;

  beforeAll(async () => {
    // A slow SMTP server: mails go out one by one while the queue is wiped.
    world = await startDeliveryWorld(backend, {
      name: `Outbox ${backend}`,
      smtpDelayMs: 150,
      config: { WORKER_CONCURRENCY: '2' },
    });
    ({ database, smtp, clock, api, organisationId, teamId, admin, owner, lead } = world);
  });

  afterAll(async () => {
    await world?.close();
  });

  /** What the worker does every few minutes; here on demand, after the clock moved. */
  async function reconcile(): Promise<void> {
    const producer = (world.worker as INestApplicationContext).get(JobProducer);
    const id = `${Date.now()}-${Math.random()}`;
    await producer.enqueue(
      'reminders',
      'reconcile',
      { organisationId },
      { jobId: `reconcile-reminders-now-${id}` },
    );
    await producer.enqueue('schedules', 'reconcile-all', {}, { jobId: `reconcile-now-${id}` });
  }

  async function setPreferences(
    person: Person,
    timeZone: string | null,
    quietHours: { start: number; end: number },
  ): Promise<void> {
    const saved = await person.client.put('/api/notifications/preferences', {
      timeZone,
      quietHours,
      email: { reminders: true, reviews: true, digest: true },
    });
    expect(saved.status).toBe(200);
  }

  /** The latest weekly check-in moment (09:00 in the organisation's zone) at or before the clock's now. */
  const latestMoment = (): Date => latestCheckInMoment(clock.now()).toJSDate();

  /** Running experiments of `person`, each with one check-in reminder due at `due` (09:00 in Amsterdam), straight into the tables. */
  async function seedDueCheckIns(
    person: Pick<Person, 'membershipId'>,
    prefix: string,
    count: number,
    due: Date,
    fireAt = due,
  ): Promise<void> {
    const startedAt = new Date(due.getTime() - 7 * 86_400_000 + 3_600_000);
    await asOwner(
      database.ownerUrl,
      `WITH e AS (
         INSERT INTO experiment (organisation_id, id, team_id, owner_membership_id, title, status, check_in_cadence, started_at, created_at, updated_at)
         SELECT $1, gen_random_uuid(), $2, $3, $6 || ' ' || i, 'running', 'weekly', $4, $4, $4 FROM generate_series(1, $5) AS i
         RETURNING id)
       INSERT INTO reminder (organisation_id, id, kind, experiment_id, recipient_membership_id, due_at, fire_at)
       SELECT $1, gen_random_uuid(), 'check_in_due', e.id, $3, $7, $8 FROM e`,
      [organisationId, teamId, person.membershipId, startedAt, count, prefix, due, fireAt],
    );
  }

  const notificationsAbout = (prefix: string) =>
    asOwner<{ id: string; emailed_at: Date | null; title: string }>(
      database.ownerUrl,
      `SELECT id, emailed_at, params->>'experimentTitle' AS title FROM notification WHERE params->>'experimentTitle' LIKE $1 || ' %'`,
      [prefix],
    );

  const mailsAbout = (prefix: string) =>
    smtp.messages().filter((mail) => mail.subject.includes(`${prefix} `));

  it('finding 1: mails of 30 reminders all go out although the queue is wiped after the first, and none twice', async () => {
    // Thirty people, one reminder each: a person's reminders of one moment would be one mail.
    const people = await seedRecipients(database.ownerUrl, organisationId, 30);
    const prefix = `Wiped ${backend}`;
    // To go out a minute ago (not caught up after downtime). One statement, so a firing batch sees all or none.
    await asOwner(
      database.ownerUrl,
      `WITH e AS (
         INSERT INTO experiment (organisation_id, id, team_id, owner_membership_id, title, status, check_in_cadence, started_at, created_at, updated_at)
         SELECT $1, gen_random_uuid(), $2, p.id, $3 || ' ' || p.n, 'running', 'weekly', $4, $4, $4
           FROM unnest($5::uuid[]) WITH ORDINALITY AS p(id, n)
         RETURNING id, owner_membership_id)
       INSERT INTO reminder (organisation_id, id, kind, experiment_id, recipient_membership_id, due_at, fire_at)
       SELECT $1, gen_random_uuid(), 'check_in_due', e.id, e.owner_membership_id, $6, $7 FROM e`,
      [
        organisationId,
        teamId,
        prefix,
        new Date(latestMoment().getTime() - 7 * 86_400_000 + 3_600_000),
        people.map((person) => person.membershipId),
        latestMoment(),
        new Date(clock.now().getTime() - 60_000),
      ],
    );
    await reconcile();
    await smtp.waitFor((mail) => mail.subject.includes(prefix), 20_000, 'the first reminder mail');
    await world.stopWorker();
    await world.wipeQueue();
    await world.restartWorker(); // its boot reconciles
    await until(
      async () => (await notificationsAbout(prefix)).filter((n) => n.emailed_at).length === 30,
      60_000,
    ).catch(async (error) => {
      const rows = await notificationsAbout(prefix);
      throw new Error(
        `${rows.length} notifications, ${rows.filter((n) => n.emailed_at).length} emailed, ${mailsAbout(prefix).length} mails`,
        { cause: error },
      );
    });
    await until(async () => mailsAbout(prefix).length >= 30, 10_000);
    await reconcile();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const subjects = mailsAbout(prefix).map((mail) => mail.subject);
    expect(new Set(subjects).size).toBe(30);
    expect(subjects).toHaveLength(30);
    expect(new Set(mailsAbout(prefix).map((mail) => mail.to.join()))).toEqual(
      new Set(people.map((person) => person.email)),
    );
    expect(await notificationsAbout(prefix)).toHaveLength(30);
  });

  it('finding 2: an invitation and a password reset made just before the queue is wiped are still mailed', async () => {
    await world.stopWorker();
    const invited = uniqueEmail('invited');
    expect((await admin.post('/api/invitations', { email: invited, role: 'member' })).status).toBe(201);
    expect(
      (await new ApiClient(api.url).post('/api/auth/password-reset', { email: owner.email })).status,
    ).toBeLessThan(300);
    await world.wipeQueue();
    await world.restartWorker();
    await smtp.waitFor((mail) => mail.to.includes(invited), 30_000, 'the invitation');
    await smtp.waitFor(
      (mail) => mail.to.includes(owner.email) && /reset/i.test(mail.subject + mail.text),
      30_000,
      'the reset mail',
    );
    await reconcile();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.messages().filter((mail) => mail.to.includes(invited))).toHaveLength(1);
  });

  it('finding 3: new quiet hours saved while the queue is down still move what is pending', async () => {
    await setPreferences(lead, 'Europe/Amsterdam', { start: 0, end: 0 });
    const prefix = `Moved ${backend}`;
    // Due tomorrow at 09:00 in Amsterdam.
    const due = DateTime.fromJSDate(clock.now(), { zone: 'Europe/Amsterdam' })
      .plus({ days: 1 })
      .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
    await seedDueCheckIns(lead, prefix, 1, due.toJSDate());
    await world.stopWorker();
    await setPreferences(lead, 'Europe/Amsterdam', { start: 8, end: 11 });
    await world.wipeQueue();
    await world.restartWorker();
    const moved = due.set({ hour: 11 }).toJSDate();
    await until(async () => {
      const [row] = await asOwner<{ fire_at: Date }>(
        database.ownerUrl,
        `SELECT fire_at FROM reminder WHERE recipient_membership_id = $1 AND status = 'pending'`,
        [lead.membershipId],
      );
      return row?.fire_at.getTime() === moved.getTime();
    }, 20_000);
  });

  it('finding 4: a reminder due when it is planned, or caught up after downtime, waits for the end of quiet hours', async () => {
    const member = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    await admin.post(`/api/teams/${teamId}/members`, {
      membershipId: member.membershipId,
      position: 'member',
    });
    // Quiet hours in New York that cover now and end in two hours.
    const ny = DateTime.fromJSDate(clock.now(), { zone: 'America/New_York' });
    const quiet = { start: ny.hour, end: (ny.hour + 2) % 24 };
    await setPreferences(member, 'America/New_York', quiet);
    const quietEnds = ny.plus({ hours: 2 }).set({ minute: 0, second: 0, millisecond: 0 }).toJSDate();

    // Caught up after downtime: its moment passed while nothing ran, outside quiet hours then.
    const prefix = `Caught up ${backend}`;
    await seedDueCheckIns(member, prefix, 1, latestMoment());
    await reconcile();
    const pending = () =>
      asOwner<{ fire_at: Date; status: string }>(
        database.ownerUrl,
        `SELECT fire_at, status FROM reminder WHERE recipient_membership_id = $1 ORDER BY due_at`,
        [member.membershipId],
      );
    await until(
      async () =>
        (await pending()).some(
          (row) => row.status === 'pending' && row.fire_at.getTime() === quietEnds.getTime(),
        ),
      20_000,
    );
    expect(await notificationsAbout(prefix)).toHaveLength(0);
    expect(mailsAbout(prefix)).toHaveLength(0);

    // When quiet hours end, it goes out, once.
    clock.moveTo(new Date(quietEnds.getTime() + 60_000));
    await reconcile();
    await smtp.waitFor((mail) => mail.subject.includes(prefix), 20_000, 'the caught-up reminder');
    expect(await notificationsAbout(prefix)).toHaveLength(1);
  });

  it('finding 4: a notification e-mail due inside quiet hours waits for their end (checked when sending)', async () => {
    const member = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    const ny = DateTime.fromJSDate(clock.now(), { zone: 'America/New_York' });
    await setPreferences(member, 'America/New_York', { start: ny.hour, end: (ny.hour + 2) % 24 });
    const quietEnds = ny.plus({ hours: 2 }).set({ minute: 0, second: 0, millisecond: 0 }).toJSDate();
    // Told something now (a review opened): in-app at once, the e-mail only when their quiet hours end.
    const reviewId = randomUUID();
    const context = world.worker as INestApplicationContext;
    await context.get(TenantTransactions).run({ organisationId }, () =>
      context.get(Notifier).notify({
        recipientId: member.membershipId,
        kind: 'review_opened',
        dedupeKey: `review-${reviewId}`,
        subjectType: 'review',
        subjectId: reviewId,
        params: { reviewId, unitName: `Quiet ${backend}` },
      }),
    );
    const outboxRow = () =>
      asOwner<{ due_at: Date; status: string }>(
        database.ownerUrl,
        `SELECT due_at, status FROM outbox WHERE recipient_membership_id = $1`,
        [member.membershipId],
      );
    await until(async () => (await outboxRow())[0]?.due_at.getTime() === quietEnds.getTime(), 15_000);
    expect(smtp.messages().filter((mail) => mail.to.includes(member.email))).toEqual([]);
    clock.moveTo(new Date(Math.max(clock.now().getTime(), quietEnds.getTime() + 60_000)));
    await reconcile();
    await smtp.waitFor(
      (mail) => mail.to.includes(member.email) && mail.subject.includes(`Quiet ${backend}`),
      20_000,
      'the e-mail after quiet hours',
    );
    // Marked once the server answered (the catcher keeps a mail before it answers).
    await until(async () => (await outboxRow())[0]?.status === 'delivered');
  });

  it('catch-up: reminders overdue after downtime reach a person as one e-mail, and each stays its own in-app notification', async () => {
    const member = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    await setPreferences(member, null, { start: 0, end: 0 });
    const prefix = `Backlog ${backend}`;
    // Their moment was two hours ago: the worker was down since. One statement writes all three, so a firing
    // batch of this organisation still running from an earlier test sees them all or none.
    await seedDueCheckIns(member, prefix, 3, latestMoment(), new Date(clock.now().getTime() - 2 * 3_600_000));
    await reconcile();
    const mail = await smtp.waitFor((m) => m.to.includes(member.email), 20_000, 'the catch-up mail');
    expect(mail.subject).toBe('3 reminders are waiting for you');
    for (const n of [1, 2, 3]) expect(mail.text).toContain(`Time for a check-in: ${prefix} ${n}`);
    await until(async () => (await notificationsAbout(prefix)).filter((n) => n.emailed_at).length === 3);
    await reconcile();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.messages().filter((m) => m.to.includes(member.email))).toHaveLength(1);
    expect(await notificationsAbout(prefix)).toHaveLength(3);
  });

  it("due together: a person's reminders of one reason and due moment reach them as one e-mail, with a stable Message-ID; others keep their own", async () => {
    const busy = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    const single = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    await setPreferences(busy, null, { start: 0, end: 0 });
    await setPreferences(single, null, { start: 0, end: 0 });
    const prefix = `Monday ${backend}`;
    const lonely = `Alone ${backend}`;
    // A Monday's check-ins, sent a minute late: on time, not caught up after downtime.
    const sentAt = new Date(clock.now().getTime() - 60_000);
    await seedDueCheckIns(busy, prefix, 4, latestMoment(), sentAt);
    await seedDueCheckIns(single, lonely, 1, latestMoment(), sentAt);
    await reconcile();
    const mail = await smtp.waitFor((m) => m.to.includes(busy.email), 20_000, 'the merged mail');
    expect(mail.subject).toBe('4 reminders are due');
    for (const n of [1, 2, 3, 4]) expect(mail.text).toContain(`Time for a check-in: ${prefix} ${n}`);
    const own = await smtp.waitFor((m) => m.to.includes(single.email), 20_000, 'the single mail');
    expect(own.subject).toBe(`Time for a check-in: ${lonely} 1`);
    await until(async () => (await notificationsAbout(prefix)).filter((n) => n.emailed_at).length === 4);
    // The row's key names the message: a resend after a crash carries the same Message-ID.
    const [row] = await asOwner<{ dedupe_key: string }>(
      database.ownerUrl,
      `SELECT dedupe_key FROM outbox WHERE recipient_membership_id = $1`,
      [busy.membershipId],
    );
    expect(mail.messageId).toBe(`<${row.dedupe_key}@kaizen.example>`);
    await reconcile();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.messages().filter((m) => m.to.includes(busy.email))).toHaveLength(1);
    expect(await notificationsAbout(prefix)).toHaveLength(4);
  });

  it('retention: the daily sweep deletes rows delivered or skipped more than OUTBOX_RETENTION_DAYS ago, in batches, in every organisation, and keeps the rest', async () => {
    const context = world.worker as INestApplicationContext;
    const { client: other } = await signUpOrganisation(api.url, `Retention ${backend}`);
    const otherId: string = (await other.get('/api/auth/me')).body.organisationId;
    const day = 86_400_000;
    const old = new Date(clock.now().getTime() - 8 * day);
    const recent = new Date(clock.now().getTime() - 6 * day);
    const tag = `retention-${backend}-${randomUUID()}`;
    const byOrganisationAndName = (a: { organisation: string; name: string }, b: typeof a) =>
      `${a.organisation} ${a.name}` < `${b.organisation} ${b.name}` ? -1 : 1;
    // Per organisation: three delivered and one skipped long ago (to go), one delivered recently, one failed and
    // one pending long ago (to stay; the pending one is claimed by a run still sending, so no drain takes it now).
    for (const organisation of [organisationId, otherId]) {
      await asOwner(
        database.ownerUrl,
        `INSERT INTO outbox (organisation_id, id, channel, dedupe_key, payload, due_at, status, delivered_at, claimed_at)
         SELECT $1, gen_random_uuid(), 'mail', $2 || '-' || r.name || '-' || g, NULL, r.due_at, r.status, r.delivered_at, r.claimed_at
           FROM (VALUES ('delivered', $3::timestamptz, 'delivered', $3::timestamptz, NULL::timestamptz, 3),
                        ('skipped', $3, 'skipped', NULL, NULL, 1),
                        ('recent', $4, 'delivered', $4, NULL, 1),
                        ('failed', $3, 'failed', NULL, NULL, 1),
                        ('pending', $3, 'pending', NULL, $5, 1)) AS r(name, due_at, status, delivered_at, claimed_at, n),
                generate_series(1, r.n) AS g`,
        [organisation, tag, old, recent, clock.now()],
      );
    }
    await asOwner(
      database.ownerUrl,
      `INSERT INTO account_outbox (id, channel, dedupe_key, payload, due_at, status, delivered_at)
       VALUES (gen_random_uuid(), 'mail', $1 || '-old-1', NULL, $2, 'delivered', $2),
              (gen_random_uuid(), 'mail', $1 || '-old-2', NULL, $2, 'delivered', $2),
              (gen_random_uuid(), 'mail', $1 || '-recent', NULL, $3, 'delivered', $3)`,
      [tag, old, recent],
    );
    const left = () =>
      asOwner<{ organisation: string; name: string }>(
        database.ownerUrl,
        `SELECT organisation_id::text AS organisation, split_part(substr(dedupe_key, length($1) + 2), '-', 1) AS name
           FROM outbox WHERE dedupe_key LIKE $1 || '-%'
         UNION ALL SELECT 'account', split_part(substr(dedupe_key, length($1) + 2), '-', 1)
           FROM account_outbox WHERE dedupe_key LIKE $1 || '-%'`,
        [tag],
      ).then((rows) => rows.sort(byOrganisationAndName));
    expect(await left()).toHaveLength(2 * 7 + 3);

    // Batches of two: each outbox takes several statements, and the sweep goes on until a batch comes back short.
    const { deleted } = await context.get(OutboxRetentionJobs, { strict: false }).deleteFinished(2);
    expect(deleted).toBe(2 * 4 + 2);
    const expected = (organisation: string) =>
      ['failed', 'pending', 'recent'].map((name) => ({ organisation, name }));
    expect(await left()).toEqual(
      [...expected(organisationId), ...expected(otherId), { organisation: 'account', name: 'recent' }].sort(
        byOrganisationAndName,
      ),
    );
    // It runs daily.
    const schedulers = await context.get(JobProducer).queue('outbox').getJobSchedulers();
    expect(schedulers.map((scheduler) => scheduler.key)).toContain('daily-outbox-retention');
    await asOwner(database.ownerUrl, `DELETE FROM outbox WHERE dedupe_key LIKE $1 || '-%'`, [tag]);
  });

  it('restarting the worker twice after everything went out sends nothing again', async () => {
    const before = smtp.messages().length;
    await world.restartWorker();
    await world.restartWorker();
    await reconcile();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.messages()).toHaveLength(before);
  });
});
