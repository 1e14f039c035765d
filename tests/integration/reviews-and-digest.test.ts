import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { DateTime } from 'luxon';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import { WebhookOutbox } from '@kaizen/api/data-access-notifications';
import { JobProducer } from '@kaizen/api/data-access-queue';
import { verifyWebhook } from '@kaizen/api/feature-notifications';
import { demoEmail, seedDemoOrganisation } from '../../apps/api/src/seed/demo-organisation';
import { startSmtpCatcher, type SmtpCatcher } from '../../tools/smtp-catcher.mjs';
import { ApiClient, signUpOrganisation } from '../support/api-client';
import { OffsetClock } from '../support/clock';
import { startApi, startWorker, type RunningApi } from '../support/running-apps';
import { addMember, asOwner } from '../support/tenants';
import { createTestDatabase, testConfig, until, type TestDatabase } from '../support/test-environment';

interface Person {
  client: ApiClient;
  membershipId: string;
  email: string;
}

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A webhook receiver on loopback that answers with whatever status the test sets. */
async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  answer: { status: number };
  stop: () => Promise<void>;
}> {
  const received: Received[] = [];
  const answer = { status: 200 };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(answer.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    answer,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.each(['postgres', 'redis'] as const)(
  'review cycles, webhooks and the weekly digest on the %s queue backend',
  (backend) => {
    let database: TestDatabase;
    let smtp: SmtpCatcher;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let api: RunningApi;
    let worker: INestApplicationContext;
    let clock: OffsetClock;
    let organisationId: string;
    let admin: ApiClient;
    let lead: Person;
    let member: Person;
    let head: Person;
    let rehabMember: Person;
    let departmentId: string;
    let teamId: string;
    let rehabId: string;
    let experimentId: string;
    let rehabExperimentId: string;
    let secret: string;
    let webhookId: string;

    // At least an hour ahead, however long the setup takes on a loaded machine: the start of the hour after next.
    const opening = DateTime.now().setZone('Europe/Amsterdam').plus({ hours: 2 }).startOf('hour');

    beforeAll(async () => {
      database = await createTestDatabase();
      smtp = await startSmtpCatcher();
      receiver = await startReceiver();
      const config = testConfig(database.url, backend, {
        SMTP_URL: smtp.url,
        APP_URL: 'https://kaizen.example',
        QUEUE_RETRY_DELAY_MS: '20',
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      });
      clock = new OffsetClock();
      api = await startApi(config, { clock });
      worker = await startWorker(config, { clock });
      ({ client: admin } = await signUpOrganisation(api.url, `Reviews ${backend}`));
      organisationId = (await admin.get('/api/auth/me')).body.organisationId;
      departmentId = (await admin.post('/api/departments', { name: 'Care' })).body.id;
      teamId = (await admin.post('/api/teams', { name: 'Nights', departmentId })).body.id;
      rehabId = (await admin.post('/api/teams', { name: 'Rehab', departmentId })).body.id;
      lead = await addMember(database.ownerUrl, api.url, organisationId, 'team_lead');
      member = await addMember(database.ownerUrl, api.url, organisationId, 'member');
      head = await addMember(database.ownerUrl, api.url, organisationId, 'department_head');
      rehabMember = await addMember(database.ownerUrl, api.url, organisationId, 'member');
      await admin.post(`/api/teams/${teamId}/members`, { membershipId: lead.membershipId, position: 'lead' });
      await admin.post(`/api/teams/${teamId}/members`, {
        membershipId: member.membershipId,
        position: 'member',
      });
      await admin.post(`/api/teams/${rehabId}/members`, {
        membershipId: rehabMember.membershipId,
        position: 'member',
      });
      await admin.post(`/api/departments/${departmentId}/heads`, { membershipId: head.membershipId });
      experimentId = await learnedExperiment(member, teamId, 'Fixed handover order');
      rehabExperimentId = (
        await rehabMember.client.post('/api/experiments', { title: 'Rehab draft', teamId: rehabId })
      ).body.id;
    });

    afterAll(async () => {
      await worker?.close();
      await api?.close();
      await receiver?.stop();
      await smtp?.stop();
      await database?.drop();
    });

    /** Hypothesis to lesson, refuted: the lesson lands in this week and this review period. */
    async function learnedExperiment(owner: Person, team: string, title: string): Promise<string> {
      const created = await owner.client.post('/api/experiments', {
        title,
        teamId: team,
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
      const id = created.body.id;
      const step = async (who: Person, transition: string, version: number, reason?: string) =>
        (await who.client.post(`/api/experiments/${id}/transitions`, { transition, version, reason })).body
          .version as number;
      let version = await step(owner, 'propose', created.body.version);
      version = await step(lead, 'approve', version, 'Go');
      version = await step(owner, 'start', version);
      version = (
        await owner.client.put(`/api/experiments/${id}/result`, {
          version,
          value: 4,
          verdict: 'refuted',
          evidence: 'Four weeks of reports',
          actualHours: 3,
          actualSpendMinor: 0,
        })
      ).body.version;
      version = await step(owner, 'conclude', version);
      const lesson = await owner.client.put(`/api/experiments/${id}/lesson`, {
        version,
        insight: 'The order of the handover matters more than its length.',
        recommendation: 'adapt',
        visibility: 'organisation',
      });
      expect(lesson.body.lessonId).toEqual(expect.any(String));
      await step(owner, 'learn', lesson.body.version);
      return id;
    }

    async function run(queue: 'reviews' | 'notifications', job: 'reconcile'): Promise<void> {
      await worker
        .get(JobProducer)
        .enqueue(queue, job, { organisationId }, { jobId: `${queue}-${job}-${Date.now()}` });
    }

    const deliveriesOf = (event: string) =>
      receiver.received.filter((r) => r.headers['x-kaizen-event'] === event);

    it('checks cadences field by field, and allows one per unit', async () => {
      const bad = await admin.post('/api/review-cadences', {
        unitType: 'team',
        teamId,
        frequency: 'daily',
        weekday: 8,
        hour: 24,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'frequency',
        'hour',
        'weekday',
      ]);
      const noTeam = await admin.post('/api/review-cadences', {
        unitType: 'team',
        frequency: 'weekly',
        hour: 9,
      });
      expect(noTeam.body.errors).toEqual([expect.objectContaining({ field: 'teamId' })]);
      const unknownTeam = await admin.post('/api/review-cadences', {
        unitType: 'team',
        teamId: departmentId,
        frequency: 'weekly',
        hour: 9,
      });
      expect(unknownTeam.body.errors).toEqual([expect.objectContaining({ field: 'teamId', rule: 'exists' })]);
      const badZone = await admin.post('/api/review-cadences', {
        unitType: 'organisation',
        frequency: 'weekly',
        hour: 9,
        timeZone: 'Mars/Olympus',
      });
      expect(badZone.body.errors).toEqual([expect.objectContaining({ field: 'timeZone' })]);
      expect(
        (
          await member.client.post('/api/review-cadences', {
            unitType: 'team',
            teamId,
            frequency: 'weekly',
            hour: 9,
          })
        ).status,
      ).toBe(403);
      expect((await admin.get('/api/review-cadences')).body.items).toEqual([]);

      const created = await admin.post('/api/review-cadences', {
        unitType: 'team',
        teamId,
        frequency: 'weekly',
        weekday: opening.weekday,
        hour: opening.hour,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        unitName: 'Nights',
        timeZone: 'Europe/Amsterdam',
        nextOpensAt: opening.toUTC().toISO(),
      });
      const again = await admin.post('/api/review-cadences', {
        unitType: 'team',
        teamId,
        frequency: 'monthly',
        hour: 9,
      });
      expect(again.status).toBe(409);
      const department = await admin.post('/api/review-cadences', {
        unitType: 'department',
        departmentId,
        frequency: 'weekly',
        weekday: opening.weekday,
        hour: opening.hour,
      });
      expect(department.status).toBe(201);
    });

    it('opens each cycle once, tells the unit, and gathers what awaits reflection and the lessons of the period', async () => {
      const hook = await admin.post('/api/webhooks', {
        name: 'Slack #improve',
        url: receiver.url,
        format: 'slack',
        events: ['review.opened', 'review.closed', 'lesson.captured'],
      });
      expect(hook.status).toBe(201);
      ({ secret, id: webhookId } = hook.body);
      expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect((await admin.get(`/api/webhooks/${webhookId}`)).body).not.toHaveProperty('secret');

      clock.moveTo(opening.plus({ minutes: 1 }).toJSDate());
      await run('reviews', 'reconcile');
      await run('reviews', 'reconcile'); // twice: still one review per cycle, one notification per person
      const reviews = await until(async () => {
        const items = (await head.client.get('/api/reviews')).body.items as Array<{
          id: string;
          unitType: string;
        }>;
        return items.length === 2 ? items : null;
      }, 15_000);
      const teamReview = reviews.find((r) => r.unitType === 'team') as { id: string };
      const departmentReview = reviews.find((r) => r.unitType === 'department') as { id: string };

      await until(async () => deliveriesOf('review.opened').length === 2, 15_000);
      for (const delivery of deliveriesOf('review.opened')) {
        expect(
          verifyWebhook(secret, delivery.body, String(delivery.headers['x-kaizen-signature']), clock.now()),
        ).toBe(true);
        expect(
          verifyWebhook(
            'not the secret',
            delivery.body,
            String(delivery.headers['x-kaizen-signature']),
            clock.now(),
          ),
        ).toBe(false);
        expect(JSON.parse(delivery.body)).toMatchObject({
          event: 'review.opened',
          text: expect.stringMatching(/Review opened: (Nights|Care)/),
        });
      }
      const memberInbox = await until(async () => {
        const items = (await member.client.get('/api/notifications')).body.items;
        return items.length === 2 ? items : null;
      });
      expect(memberInbox.map((n: { title: string }) => n.title).sort()).toEqual([
        'Review opened: Care',
        'Review opened: Nights',
      ]);
      expect(
        (await rehabMember.client.get('/api/notifications')).body.items.map(
          (n: { title: string }) => n.title,
        ),
      ).toEqual(['Review opened: Care']);
      expect(await asOwner(database.ownerUrl, `SELECT count(*)::int AS n FROM review`)).toEqual([{ n: 2 }]);

      // Another team's member sees the department's review, not the team's.
      expect(
        (await rehabMember.client.get('/api/reviews')).body.items.map((r: { id: string }) => r.id),
      ).toEqual([departmentReview.id]);
      expect((await rehabMember.client.get(`/api/reviews/${teamReview.id}`)).status).toBe(404);

      const detail = (await member.client.get(`/api/reviews/${teamReview.id}`)).body;
      expect(detail).toMatchObject({ unitName: 'Nights', status: 'open', canClose: false });
      expect(detail.awaitingReflection).toEqual([
        expect.objectContaining({ id: experimentId, status: 'learned', verdict: 'refuted' }),
      ]);
      expect(detail.lessons).toEqual([
        expect.objectContaining({
          insight: 'The order of the handover matters more than its length.',
          verdict: 'refuted',
        }),
      ]);
      expect(detail.innerReviews).toEqual([]);

      const reflected = await member.client.post(`/api/reviews/${teamReview.id}/reflections`, {
        body: 'We only saw it by writing the order down.',
        experimentId,
      });
      expect(reflected.status).toBe(201);
      expect(reflected.body.reflections).toEqual([
        expect.objectContaining({ body: 'We only saw it by writing the order down.', experimentId }),
      ]);
      const elsewhere = await member.client.post(`/api/reviews/${teamReview.id}/reflections`, {
        body: 'x',
        experimentId: rehabExperimentId,
      });
      expect(elsewhere.body.errors).toEqual([
        expect.objectContaining({ field: 'experimentId', rule: 'inUnit' }),
      ]);
      expect(
        (await member.client.post(`/api/reviews/${teamReview.id}/close`, { takeaways: ['mine'] })).status,
      ).toBe(403);
      expect(
        (await lead.client.post(`/api/reviews/${teamReview.id}/close`, { takeaways: [] })).body.errors,
      ).toEqual([expect.objectContaining({ field: 'takeaways' })]);

      const closed = await lead.client.post(`/api/reviews/${teamReview.id}/close`, {
        takeaways: ['Write the handover order on the board'],
      });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({
        status: 'closed',
        takeaways: ['Write the handover order on the board'],
        closedByName: 'A team_lead',
      });
      expect(
        (await member.client.post(`/api/reviews/${teamReview.id}/reflections`, { body: 'late' })).status,
      ).toBe(409);
      await until(async () => deliveriesOf('review.closed').length === 1, 15_000);
      expect(JSON.parse(deliveriesOf('review.closed')[0].body).text).toContain(
        'Write the handover order on the board',
      );

      // The retro of retros: the department's review gathers what its teams' reviews concluded.
      const departmentDetail = (await head.client.get(`/api/reviews/${departmentReview.id}`)).body;
      expect(departmentDetail).toMatchObject({ unitName: 'Care', canClose: true });
      expect(departmentDetail.innerReviews).toEqual([
        expect.objectContaining({ unitName: 'Nights', takeaways: ['Write the handover order on the board'] }),
      ]);
      expect(departmentDetail.lessons).toHaveLength(1);
    });

    it('retries a failing webhook with backoff and switches it off after five failed deliveries in a row, saying why', async () => {
      receiver.answer.status = 500;
      const transactions = worker.get(TenantTransactions);
      const outbox = worker.get(WebhookOutbox);
      for (let i = 1; i <= 5; i++) {
        await transactions.run({ organisationId }, () =>
          outbox.publish('review.closed', `failing-${i}`, {
            title: `Failing ${i}`,
            lines: [],
            link: 'https://kaizen.example/reviews',
          }),
        );
      }
      const webhook = await until(async () => {
        const body = (await admin.get(`/api/webhooks/${webhookId}`)).body;
        return body.active === false ? body : null;
      }, 30_000);
      expect(webhook.disabledReason).toMatch(
        /^Switched off after 5 failed deliveries in a row\. Last: HTTP 500 from 127\.0\.0\.1:\d+$/,
      );
      expect(webhook.deliveries.filter((d: { status: string }) => d.status === 'failed')).toHaveLength(5);
      expect(
        webhook.deliveries.find((d: { event: string; status: string }) => d.status === 'failed'),
      ).toMatchObject({ attempts: 6, lastStatusCode: 500 });
      const posted = receiver.received.length;

      // Switched off, it gets nothing; switched on again, it starts afresh.
      await transactions.run({ organisationId }, () =>
        outbox.publish('review.closed', 'while-off', {
          title: 'Off',
          lines: [],
          link: 'https://kaizen.example',
        }),
      );
      expect(receiver.received.length).toBe(posted);
      receiver.answer.status = 204;
      const { name, url, format, events, version } = webhook;
      const on = await admin.put(`/api/webhooks/${webhookId}`, {
        name,
        url,
        format,
        events,
        version,
        active: true,
      });
      expect(on.body).toMatchObject({ active: true, consecutiveFailures: 0, disabledReason: null });
    });

    it('sends "what we learned this week" once, celebrating the refuted hypothesis', async () => {
      // Monday morning after the week in which the lesson was captured.
      const monday = DateTime.now()
        .setZone('Europe/Amsterdam')
        .startOf('week')
        .plus({ weeks: 1 })
        .set({ hour: 9, minute: 30 });
      clock.moveTo(monday.toJSDate());
      await run('notifications', 'reconcile');
      const mail = await smtp.waitFor(
        (m) => m.to.includes(member.email) && m.subject.startsWith('What we learned this week'),
        15_000,
        'the digest',
      );
      expect(mail.text).toContain('1 lesson this week: 0 confirmed and 1 refuted hypothesis');
      expect(mail.text).toContain('A refuted hypothesis is not a failure');
      expect(mail.text).toContain(
        'Nights (refuted): The order of the handover matters more than its length.',
      );

      await run('notifications', 'reconcile');
      await until(
        async () =>
          (await asOwner(database.ownerUrl, `SELECT count(*)::int AS n FROM digest_run`))[0]?.n === 1,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const digests = await asOwner<{ n: number }>(
        database.ownerUrl,
        `SELECT count(*)::int AS n FROM notification WHERE kind = 'weekly_digest'`,
      );
      const members = await asOwner<{ n: number }>(
        database.ownerUrl,
        `SELECT count(*)::int AS n FROM membership WHERE status = 'active'`,
      );
      expect(digests[0].n).toBe(members[0].n);
      expect(
        smtp.messages().filter((m) => m.to.includes(member.email) && m.subject.startsWith('What we learned')),
      ).toHaveLength(1);

      // A lesson the whole organisation may read goes to the channel as well.
      await learnedExperiment(member, teamId, 'Second handover trial');
      await until(async () => deliveriesOf('lesson.captured').length === 1, 15_000);
      expect(JSON.parse(deliveriesOf('lesson.captured')[0].body).text).toContain(
        'Lesson captured: Second handover trial',
      );
    });

    const reviewsOf = (cadenceId: string) =>
      asOwner<{ opens_at: Date }>(
        database.ownerUrl,
        `SELECT opens_at FROM review WHERE cadence_id = $1 ORDER BY opens_at`,
        [cadenceId],
      );

    it('finding 5: after months without a worker, a weekly cadence opens only the latest missed cycle, and the next from now', async () => {
      const team = (await admin.post('/api/teams', { name: 'Late', departmentId })).body.id;
      await admin.post(`/api/teams/${team}/members`, {
        membershipId: rehabMember.membershipId,
        position: 'member',
      });
      const cadence = (
        await admin.post('/api/review-cadences', {
          unitType: 'team',
          teamId: team,
          frequency: 'weekly',
          weekday: 3,
          hour: 9,
        })
      ).body;
      const first = new Date(cadence.nextOpensAt);
      // The worker comes back 14 weeks later; the timer of the first opening is what it finds in the queue.
      const back = DateTime.fromJSDate(first, { zone: 'Europe/Amsterdam' }).plus({ weeks: 14, hours: 2 });
      clock.moveTo(back.toJSDate());
      await worker
        .get(JobProducer)
        .enqueue(
          'reviews',
          'open',
          { organisationId, cadenceId: cadence.id, opensAt: first.toISOString() },
          { jobId: `stale-${cadence.id}` },
        );
      await run('reviews', 'reconcile');
      await until(async () => (await reviewsOf(cadence.id)).length > 0, 15_000);
      await run('reviews', 'reconcile');
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // a flood would show within this
      const opened = await reviewsOf(cadence.id);
      expect(opened.map((r) => r.opens_at.toISOString())).toEqual([
        DateTime.fromJSDate(first, { zone: 'Europe/Amsterdam' }).plus({ weeks: 14 }).toUTC().toISO(),
      ]);
      const told = (await rehabMember.client.get('/api/notifications')).body.items.filter(
        (n: { title: string }) => n.title === 'Review opened: Late',
      );
      expect(told).toHaveLength(1);
      expect(
        (await admin.get('/api/review-cadences')).body.items.find((c: { id: string }) => c.id === cadence.id)
          .nextOpensAt,
      ).toBe(DateTime.fromJSDate(first, { zone: 'Europe/Amsterdam' }).plus({ weeks: 15 }).toUTC().toISO());
    });

    it('finding 6: a paused cadence, resumed, opens nothing for the moments of its pause', async () => {
      const team = (await admin.post('/api/teams', { name: 'Paused', departmentId })).body.id;
      const created = (
        await admin.post('/api/review-cadences', {
          unitType: 'team',
          teamId: team,
          frequency: 'weekly',
          weekday: 2,
          hour: 9,
        })
      ).body;
      const { id, version, nextOpensAt } = created;
      const { frequency, weekday, dayOfMonth, hour, minute, timeZone, anchorDate } = created;
      const settings = { frequency, weekday, dayOfMonth, hour, minute, timeZone, anchorDate };
      const paused = await admin.put(`/api/review-cadences/${id}`, { ...settings, version, active: false });
      expect(paused.status).toBe(200);
      // The pause spans the next opening; the cadence is resumed a day after it.
      clock.moveTo(DateTime.fromISO(nextOpensAt).plus({ days: 1 }).toJSDate());
      const resumed = await admin.put(`/api/review-cadences/${id}`, {
        ...settings,
        version: paused.body.version,
        active: true,
      });
      expect(resumed.status).toBe(200);
      expect(resumed.body.nextOpensAt).toBe(
        DateTime.fromISO(nextOpensAt, { zone: 'Europe/Amsterdam' }).plus({ weeks: 1 }).toUTC().toISO(),
      );
      await run('reviews', 'reconcile');
      await worker
        .get(JobProducer)
        .enqueue(
          'reviews',
          'open',
          { organisationId, cadenceId: id, opensAt: nextOpensAt },
          { jobId: `paused-${id}` },
        );
      await until(async () =>
        (await worker.get(JobProducer).queue('reviews').getJob(`paused-${id}`))?.isCompleted(),
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await reviewsOf(id)).toEqual([]);
    });

    it('gives the demo organisation cadences for every unit, and a team with a closed and an open review', async () => {
      await seedDemoOrganisation(database.ownerUrl, 'demo password 123');
      const signIn = async (key: string) => {
        const client = new ApiClient(api.url);
        expect(
          (await client.post('/api/auth/sign-in', { email: demoEmail(key), password: 'demo password 123' }))
            .status,
        ).toBe(200);
        return client;
      };
      const demoAdmin = await signIn('admin');
      const cadences = (await demoAdmin.get('/api/review-cadences')).body.items as Array<{
        unitType: string;
        nextOpensAt: string;
      }>;
      expect(cadences.map((c) => c.unitType).sort()).toEqual(
        ['department', 'organisation', ...Array(6).fill('team')].sort(),
      );
      expect(cadences.every((c) => new Date(c.nextOpensAt) > new Date())).toBe(true);
      const lead = await signIn('lead-north-day');
      const reviews = (await lead.get('/api/reviews')).body.items as Array<{
        id: string;
        unitName: string;
        status: string;
      }>;
      expect(reviews.map((r) => [r.unitName, r.status])).toEqual([
        ['Team Noord Dag', 'open'],
        ['Team Noord Dag', 'closed'],
      ]);
      expect((await lead.get(`/api/reviews/${reviews[0].id}`)).body).toMatchObject({
        canClose: true,
        reflections: [expect.objectContaining({ authorName: 'Yara Hoekstra' })],
      });
      const yara = await signIn('m1');
      expect((await yara.get('/api/notifications')).body.items[0]).toMatchObject({
        kind: 'review_opened',
        title: 'Terugblik geopend: Team Noord Dag',
      });
    });
  },
);
