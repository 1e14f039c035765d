import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { createQueueBackend, JobProducer } from '@kaizen/api/data-access-queue';
import type { SmtpCatcher } from '../../tools/smtp-catcher.mjs';
import type { ApiClient } from '../support/api-client';
import type { OffsetClock } from '../support/clock';
import {
  latestCheckInMoment,
  startDeliveryWorld,
  type DeliveryWorld,
  type Person,
} from '../support/delivery-world';
import { startPrivateRedis } from '../support/private-redis';
import { runBuilt } from '../support/processes';
import { startWorker, type RunningApi } from '../support/running-apps';
import { addMember, asOwner, seedRecipients } from '../support/tenants';
import { createTestDatabase, testConfig, until, type TestDatabase } from '../support/test-environment';
import type { AppConfig } from '@kaizen/shared/util-config';

interface ReminderRow {
  id: string;
  kind: string;
  status: string;
  due_at: Date;
  fire_at: Date;
}

describe.each(['redis', 'postgres'] as const)('reminders on the %s queue backend', (backend) => {
  let world: DeliveryWorld;
  let database: TestDatabase;
  let smtp: SmtpCatcher;
  let config: AppConfig;
  let api: RunningApi;
  let clock: OffsetClock;
  let organisationId: string;
  let teamId: string;
  let owner: Person;
  let lead: Person;
  let admin: ApiClient;

  beforeAll(async () => {
    world = await startDeliveryWorld(backend, { name: `Reminders ${backend}` });
    ({ database, smtp, config, api, clock, organisationId, teamId, owner, lead, admin } = world);
  });

  afterAll(async () => {
    await world?.close();
  });

  async function startRunning(title: string): Promise<string> {
    const created = await owner.client.post('/api/experiments', {
      title,
      teamId,
      problem: 'Handovers go wrong at night.',
      hypothesis: {
        change: 'a structured handover',
        outcome: 'fewer errors',
        measure: 'incidents drop below 2',
      },
      metric: { name: 'Incidents', unit: 'per week', baseline: 4, target: 2, direction: 'decrease' },
      plan: { start: '2026-12-01', end: '2027-02-28', checkInCadence: 'weekly' },
      request: { hours: 4, amountMinor: 0 },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    let version = (
      await owner.client.post(`/api/experiments/${id}/transitions`, {
        transition: 'propose',
        version: created.body.version,
      })
    ).body.version;
    version = (
      await lead.client.post(`/api/experiments/${id}/transitions`, {
        transition: 'approve',
        version,
        reason: 'Go',
      })
    ).body.version;
    const started = await owner.client.post(`/api/experiments/${id}/transitions`, {
      transition: 'start',
      version,
    });
    expect(started.body.status).toBe('running');
    return id;
  }

  const reminders = (experimentId: string) =>
    asOwner<ReminderRow>(
      database.ownerUrl,
      `SELECT id, kind, status, due_at, fire_at FROM reminder WHERE experiment_id = $1 ORDER BY due_at`,
      [experimentId],
    );

  const notificationsFor = (reminderId: string) =>
    asOwner<{ id: string; emailed_at: Date | null }>(
      database.ownerUrl,
      `SELECT id, emailed_at FROM notification WHERE dedupe_key = $1`,
      [`reminder-${reminderId}`],
    );

  const mailsAbout = (title: string) => smtp.messages().filter((mail) => mail.subject.includes(title));

  /** What the worker does every few minutes; here on demand, after the clock moved. */
  async function reconcile(): Promise<void> {
    await (world.worker as INestApplicationContext)
      .get(JobProducer)
      .enqueue('reminders', 'reconcile', { organisationId }, { jobId: `reconcile-now-${Date.now()}` });
  }

  async function pendingCheckIn(experimentId: string): Promise<ReminderRow> {
    return until(async () =>
      (await reminders(experimentId)).find((r) => r.kind === 'check_in_due' && r.status === 'pending'),
    );
  }

  it('reminds the owner of a check-in once, in their own time zone, after their quiet hours', async () => {
    const saved = await owner.client.put('/api/notifications/preferences', {
      timeZone: 'America/New_York',
      quietHours: { start: 20, end: 10 },
      email: { reminders: true, reviews: true, digest: true },
    });
    expect(saved.status).toBe(200);
    const badZone = await owner.client.put('/api/notifications/preferences', {
      ...saved.body,
      timeZone: 'Mars/Olympus',
    });
    expect(badZone.status).toBe(400);
    expect(badZone.body.errors).toEqual([expect.objectContaining({ field: 'timeZone', rule: 'isTimeZone' })]);

    const title = `Check-in ${backend}`;
    const id = await startRunning(title);
    const [startedAt] = (
      await asOwner<{ started_at: Date }>(
        database.ownerUrl,
        `SELECT started_at FROM experiment WHERE id = $1`,
        [id],
      )
    ).map((r) => r.started_at);
    const reminder = await pendingCheckIn(id);

    // Due a week after the start at 09:00 in the organisation's zone; that is 03:00 in New York, inside quiet hours until 10:00.
    const due = DateTime.fromJSDate(startedAt, { zone: 'Europe/Amsterdam' })
      .startOf('day')
      .plus({ weeks: 1 })
      .set({ hour: 9 });
    expect(reminder.due_at.toISOString()).toBe(due.toUTC().toISO());
    const inNewYork = due.setZone('America/New_York');
    expect(inNewYork.hour).toBeLessThan(10);
    expect(reminder.fire_at.toISOString()).toBe(inNewYork.set({ hour: 10, minute: 0 }).toUTC().toISO());
    const result = (await reminders(id)).find((r) => r.kind === 'result_overdue');
    expect(result?.due_at.toISOString()).toBe(
      DateTime.fromISO('2027-03-01T09:00', { zone: 'Europe/Amsterdam' }).toUTC().toISO(),
    );

    // Nothing reaches anyone before the moment.
    await reconcile();
    expect((await owner.client.get('/api/notifications/unread-count')).body).toEqual({ count: 0 });

    // The moment comes, and three sweeps race for it: the reconciler's and two more.
    clock.moveTo(new Date(reminder.fire_at.getTime() + 60_000));
    const producer = (world.worker as INestApplicationContext).get(JobProducer);
    await Promise.all([
      reconcile(),
      ...[1, 2].map((n) =>
        producer.enqueue('reminders', 'fire', { organisationId }, { jobId: `race-${reminder.id}-${n}` }),
      ),
    ]);
    const mail = await smtp.waitFor((m) => m.subject.includes(title), 15_000, 'the check-in reminder');
    expect(mail.to).toEqual([owner.email]);
    expect(mail.subject).toBe(`Time for a check-in: ${title}`);
    expect(mail.text).toContain(`https://kaizen.example/experiments/${id}`);

    const inbox = (await owner.client.get('/api/notifications')).body;
    expect(inbox.items).toEqual([
      expect.objectContaining({
        kind: 'check_in_due',
        title: `Time for a check-in: ${title}`,
        path: `/experiments/${id}`,
        readAt: null,
      }),
    ]);
    expect((await owner.client.get('/api/notifications/unread-count')).body).toEqual({ count: 1 });
    expect((await lead.client.post(`/api/notifications/${inbox.items[0].id}/read`)).status).toBe(404);
    expect((await owner.client.post(`/api/notifications/${inbox.items[0].id}/read`)).status).toBe(204);
    expect((await owner.client.get('/api/notifications/unread-count')).body).toEqual({ count: 0 });

    // The next moment is planned a week later.
    const next = await until(async () =>
      (await reminders(id)).find((r) => r.kind === 'check_in_due' && r.status === 'pending'),
    );
    expect(next.due_at.getTime()).toBe(due.plus({ weeks: 1 }).toMillis());

    // New preferences move what is already planned: back in Amsterdam, with no quiet hours, it comes at 09:00.
    const prefs = await owner.client.put('/api/notifications/preferences', {
      timeZone: null,
      quietHours: { start: 0, end: 0 },
      email: saved.body.email,
    });
    expect(prefs.body).toMatchObject({ timeZone: null, quietHours: { start: 0, end: 0 } });
    await until(async () =>
      (await reminders(id)).find((r) => r.id === next.id && r.fire_at.getTime() === next.due_at.getTime()),
    );

    // The job again, twice, under new ids: the reminder row says it went out, so nothing more does.
    for (const attempt of [1, 2]) {
      const jobId = `again-${reminder.id}-${attempt}`;
      await producer.enqueue('reminders', 'fire', { organisationId }, { jobId });
      await until(async () => (await producer.queue('reminders').getJob(jobId))?.isCompleted());
    }
    expect(await notificationsFor(reminder.id)).toHaveLength(1);
    expect(mailsAbout(title)).toHaveLength(1);
    expect((await reminders(id)).filter((r) => r.status === 'sent')).toHaveLength(1);
  });

  it('stays silent when the check-in came before the moment', async () => {
    const title = `Answered ${backend}`;
    const id = await startRunning(title);
    const reminder = await pendingCheckIn(id);
    expect(
      (await owner.client.post(`/api/experiments/${id}/check-ins`, { progress: 'Going fine', confidence: 4 }))
        .status,
    ).toBe(201);
    // The check-in answers this moment: the reminder is cancelled and the next one planned.
    await until(async () =>
      (await reminders(id)).find((r) => r.id === reminder.id && r.status === 'cancelled'),
    );
    const next = await pendingCheckIn(id);
    expect(next.due_at.getTime()).toBe(reminder.due_at.getTime() + 7 * 86_400_000);
    clock.moveTo(new Date(Math.max(clock.now().getTime(), reminder.fire_at.getTime()) + 60_000));
    await reconcile();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await notificationsFor(reminder.id)).toHaveLength(0);
    expect(mailsAbout(title)).toHaveLength(0);
  });

  it('escalates a proposal waiting past the SLA to the department head, and reminds of a missing lesson', async () => {
    const head = await addMember(database.ownerUrl, api.url, organisationId, 'department_head');
    const [{ department_id: departmentId }] = await asOwner<{ department_id: string }>(
      database.ownerUrl,
      `SELECT department_id FROM team WHERE id = $1`,
      [teamId],
    );
    await asOwner(
      database.ownerUrl,
      `INSERT INTO department_head (organisation_id, id, department_id, membership_id) VALUES ($1, gen_random_uuid(), $2, $3)`,
      [organisationId, departmentId, head.membershipId],
    );
    // The organisation sets its own approval time; a nonsense value is refused and names the field.
    const settings = (await admin.get('/api/organisation')).body;
    expect(settings).toMatchObject({ approvalSlaHours: 48, lessonReminderDays: 3 });
    const nonsense = await admin.patch('/api/organisation', {
      version: settings.version,
      approvalSlaHours: 0,
    });
    expect(nonsense.body.errors).toEqual([
      expect.objectContaining({ field: 'approvalSlaHours', rule: 'min' }),
    ]);
    const faster = await admin.patch('/api/organisation', {
      version: settings.version,
      approvalSlaHours: 24,
    });
    expect(faster.body).toMatchObject({ approvalSlaHours: 24 });
    const title = `Waiting ${backend}`;
    const created = await owner.client.post('/api/experiments', {
      title,
      teamId,
      problem: 'Beds are blocked.',
      hypothesis: {
        change: 'a discharge huddle',
        outcome: 'earlier discharges',
        measure: 'discharges before noon rise',
      },
      metric: { name: 'Discharges before noon', unit: '%', baseline: 20, target: 40, direction: 'increase' },
      plan: { start: '2026-12-01', end: '2027-01-31', checkInCadence: 'biweekly' },
      request: { hours: 2, amountMinor: 0 },
    });
    const id = created.body.id;
    const proposed = await owner.client.post(`/api/experiments/${id}/transitions`, {
      transition: 'propose',
      version: created.body.version,
    });
    const requestedAt = new Date(proposed.body.approvals[0].requestedAt);
    const escalation = await until(async () =>
      (await reminders(id)).find((r) => r.kind === 'approval_escalated'),
    );
    expect(escalation.due_at.getTime()).toBe(requestedAt.getTime() + 24 * 3_600_000);

    clock.moveTo(new Date(Math.max(clock.now().getTime(), escalation.fire_at.getTime()) + 60_000));
    await reconcile();
    const mail = await smtp.waitFor((m) => m.subject.includes(title), 15_000, 'the escalation');
    expect(mail.to).toEqual([head.email]);
    expect(mail.subject).toBe(`A proposal is waiting for a decision: ${title}`);
    expect((await head.client.get('/api/notifications')).body.items[0]).toMatchObject({
      kind: 'approval_escalated',
      path: '/approvals',
    });
    const [approval] = await asOwner<{ escalated_at: Date | null }>(
      database.ownerUrl,
      `SELECT escalated_at FROM approval WHERE experiment_id = $1`,
      [id],
    );
    expect(approval.escalated_at).not.toBeNull();

    // The head decides; nothing is due for the proposal any more.
    const approved = await head.client.post(`/api/experiments/${id}/transitions`, {
      transition: 'approve',
      version: proposed.body.version,
      reason: 'Go ahead',
    });
    expect(approved.body.status).toBe('approved');
    await until(async () => (await reminders(id)).every((r) => r.status !== 'pending'));

    // Stopped without a lesson: after the grace days the owner is asked what stopping taught.
    const started = await owner.client.post(`/api/experiments/${id}/transitions`, {
      transition: 'start',
      version: approved.body.version,
    });
    const stopped = await owner.client.post(`/api/experiments/${id}/transitions`, {
      transition: 'stop',
      version: started.body.version,
      reason: 'Ward closed for renovation',
    });
    expect(stopped.body.status).toBe('stopped');
    const lessonDue = await until(async () =>
      (await reminders(id)).find((r) => r.kind === 'lesson_missing' && r.status === 'pending'),
    );
    expect((await reminders(id)).filter((r) => r.status === 'pending').map((r) => r.kind)).toEqual([
      'lesson_missing',
    ]);
    clock.moveTo(new Date(Math.max(clock.now().getTime(), lessonDue.fire_at.getTime()) + 60_000));
    await reconcile();
    const lessonMail = await smtp.waitFor(
      (m) => m.subject === `What did "${title}" teach you?`,
      15_000,
      'the lesson reminder',
    );
    expect(lessonMail.to).toEqual([owner.email]);
  });

  it('loses no reminder and duplicates none when the queue is wiped and the worker restarts', async () => {
    const titles = [`Wiped A ${backend}`, `Wiped B ${backend}`];
    const ids = [await startRunning(titles[0]), await startRunning(titles[1])];
    const due = await Promise.all(ids.map(pendingCheckIn));

    await world.stopWorker();
    await world.wipeQueue();

    clock.moveTo(new Date(Math.max(clock.now().getTime(), ...due.map((r) => r.fire_at.getTime())) + 60_000));
    await world.restartWorker(); // its boot rebuilds every schedule from PostgreSQL
    for (const reminder of due)
      await until(async () => (await notificationsFor(reminder.id)).find((n) => n.emailed_at), 20_000);
    // Both check-ins are the owner's, of one moment: one mail names them both.
    const mentioning = (title: string) => smtp.messages().filter((m) => m.text.includes(title));
    for (const title of titles) await smtp.waitFor((m) => m.text.includes(title), 10_000, title);

    // A second rebuild finds everything in place and sends nothing twice.
    await reconcile();
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const reminder of due) expect(await notificationsFor(reminder.id)).toHaveLength(1);
    for (const title of titles) expect(mentioning(title)).toHaveLength(1);
    // And the next moments are scheduled again.
    for (const id of ids)
      expect(
        (await reminders(id)).filter((r) => r.status === 'pending' && r.kind === 'check_in_due'),
      ).toHaveLength(1);
  });

  it('reprocesses a job whose worker was killed with kill -9 mid-job, and still delivers once', async () => {
    const title = `Killed ${backend}`;
    const id = await startRunning(title);
    const reminder = await pendingCheckIn(id);
    await world.stopWorker();

    // Due now; and a lock held here makes the next worker stop inside the job, where it is killed.
    await asOwner(
      database.ownerUrl,
      `UPDATE reminder SET fire_at = now() - interval '1 minute' WHERE id = $1`,
      [reminder.id],
    );
    const holder = new Client({ connectionString: database.ownerUrl });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT id FROM reminder WHERE id = $1 FOR UPDATE`, [reminder.id]);

    const child = runBuilt('dist/apps/worker/main.js', {
      NODE_ENV: 'production',
      DATABASE_URL: config.DATABASE_URL,
      REDIS_URL: config.REDIS_URL,
      QUEUE_PREFIX: config.QUEUE_PREFIX,
      AUTH_SECRET: config.AUTH_SECRET,
      SMTP_URL: smtp.url,
      APP_URL: 'https://kaizen.example',
      QUEUE_LOCK_MS: '1000',
      LOG_LEVEL: 'info',
    });
    const backendForProbe = createQueueBackend(config);
    const reminderQueue = backendForProbe.createQueue('reminders');
    try {
      // Mid-job: the worker holds the job (it is active) and waits inside it for the row lock.
      await until(async () => (await reminderQueue.getActive()).some((job) => job.name === 'fire'), 20_000);
    } catch (error) {
      throw new Error(
        `the worker never took the job: ${child.output().slice(-1500)} ${child.errors().slice(-1500)}`,
        { cause: error },
      );
    } finally {
      child.child.kill('SIGKILL');
      await reminderQueue.close();
      await backendForProbe.close();
    }
    expect((await child.exited).signal).toBe('SIGKILL');
    await holder.query('ROLLBACK');
    await holder.end();
    expect(await notificationsFor(reminder.id)).toHaveLength(0);

    await world.restartWorker();
    await until(async () => (await notificationsFor(reminder.id)).find((n) => n.emailed_at), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a duplicate would show up within a lock period
    expect(await notificationsFor(reminder.id)).toHaveLength(1);
    expect(mailsAbout(title)).toHaveLength(1);
    expect((await reminders(id)).find((r) => r.id === reminder.id)?.status).toBe('sent');
  });

  it('fires a busy moment in batches: every reminder once, the next ones planned, no e-mail to someone who turned it off', async () => {
    const busy = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    await admin.post(`/api/teams/${teamId}/members`, { membershipId: busy.membershipId, position: 'member' });
    const prefs = await busy.client.put('/api/notifications/preferences', {
      timeZone: null,
      quietHours: { start: 0, end: 0 },
      email: { reminders: false, reviews: true, digest: true },
    });
    expect(prefs.status).toBe(200);

    // Several batches' worth due at one moment, as on a Monday morning: weekly check-ins whose first moment
    // is the latest 09:00 in the organisation's zone, seeded straight into the tables.
    const count = 1_234;
    const due = latestCheckInMoment(clock.now());
    const startedAt = due.minus({ weeks: 1 }).plus({ hours: 1 }).toJSDate();
    await asOwner(
      database.ownerUrl,
      `WITH e AS (
         INSERT INTO experiment (organisation_id, id, team_id, owner_membership_id, title, status, check_in_cadence, started_at, created_at, updated_at)
         SELECT $1, gen_random_uuid(), $2, $3, 'Busy ' || i, 'running', 'weekly', $4, $4, $4 FROM generate_series(1, $5) AS i
         RETURNING id)
       INSERT INTO reminder (organisation_id, id, kind, experiment_id, recipient_membership_id, due_at, fire_at)
       SELECT $1, gen_random_uuid(), 'check_in_due', e.id, $3, $6, $6 FROM e`,
      [organisationId, teamId, busy.membershipId, startedAt, count, due.toJSDate()],
    );
    const busyReminders = () =>
      asOwner<{ status: string; due_at: Date; n: number }>(
        database.ownerUrl,
        `SELECT status, due_at, count(*)::int AS n FROM reminder WHERE recipient_membership_id = $1 GROUP BY status, due_at ORDER BY due_at`,
        [busy.membershipId],
      );

    await reconcile();
    await until(
      async () => (await busyReminders()).find((row) => row.status === 'sent' && row.n === count),
      60_000,
    );
    // Twice more, racing: nothing goes out again.
    await Promise.all([reconcile(), reconcile()]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(await busyReminders()).toEqual([
      { status: 'sent', due_at: due.toJSDate(), n: count },
      { status: 'pending', due_at: due.plus({ weeks: 1 }).toJSDate(), n: count },
    ]);
    const [told] = await asOwner<{ notifications: number; reminders: number; emailed: number }>(
      database.ownerUrl,
      `SELECT count(*)::int AS notifications, count(DISTINCT dedupe_key)::int AS reminders, count(emailed_at)::int AS emailed
         FROM notification WHERE recipient_membership_id = $1`,
      [busy.membershipId],
    );
    expect(told).toEqual({ notifications: count, reminders: count, emailed: 0 });
    expect(smtp.messages().filter((mail) => mail.to.includes(busy.email))).toEqual([]);
    expect((await busy.client.get('/api/notifications/unread-count')).body).toEqual({ count });
  });

  it('sends each person one e-mail for their reminders of a busy moment, however the batches fall', async () => {
    // 1,200 check-ins for six people at one moment: more than two batches, so a batch ends partway through
    // someone's reminders unless it leaves them whole to the next, and two batches run side by side.
    const people = await seedRecipients(database.ownerUrl, organisationId, 6);
    const perPerson = 200;
    const due = latestCheckInMoment(clock.now());
    await asOwner(
      database.ownerUrl,
      `WITH e AS (
         INSERT INTO experiment (organisation_id, id, team_id, owner_membership_id, title, status, check_in_cadence, started_at, created_at, updated_at)
         SELECT $1, gen_random_uuid(), $2, p.id, 'Crowded ' || p.n || '.' || i, 'running', 'weekly', $3, $3, $3
           FROM unnest($4::uuid[]) WITH ORDINALITY AS p(id, n), generate_series(1, $5) AS i
         RETURNING id, owner_membership_id)
       INSERT INTO reminder (organisation_id, id, kind, experiment_id, recipient_membership_id, due_at, fire_at)
       SELECT $1, gen_random_uuid(), 'check_in_due', e.id, e.owner_membership_id, $6, $7 FROM e`,
      [
        organisationId,
        teamId,
        due.minus({ weeks: 1 }).plus({ hours: 1 }).toJSDate(),
        people.map((person) => person.membershipId),
        perPerson,
        due.toJSDate(),
        new Date(clock.now().getTime() - 60_000),
      ],
    );
    await reconcile();
    const mailsTo = (email: string) => smtp.messages().filter((mail) => mail.to.includes(email));
    await until(async () => people.every((person) => mailsTo(person.email).length > 0), 60_000);
    // Whatever is still being sent (a split would be a second mail) has gone once every notification is e-mailed.
    await until(async () => {
      const [row] = await asOwner<{ emailed: number }>(
        database.ownerUrl,
        `SELECT count(emailed_at)::int AS emailed FROM notification WHERE recipient_membership_id = ANY($1::uuid[])`,
        [people.map((person) => person.membershipId)],
      );
      return row.emailed === people.length * perPerson;
    }, 60_000);
    for (const person of people) {
      const mails = mailsTo(person.email);
      expect(mails.map((mail) => mail.subject)).toEqual([`${perPerson} reminders are due`]);
      expect(mails[0].text.match(/Time for a check-in: Crowded/g)).toHaveLength(perPerson);
    }
  });
});

describe('a worker on a Redis that may evict keys', () => {
  it('refuses to start, and says why', async () => {
    const database = await createTestDatabase();
    const redis = await startPrivateRedis(['--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru']);
    try {
      const config = testConfig(database.url, 'redis', { REDIS_URL: redis.url });
      await expect(startWorker(config)).rejects.toThrow(
        /maxmemory-policy is "allkeys-lru".*needs "noeviction"/,
      );
    } finally {
      await redis.stop();
      await database.drop();
    }
  });
});
