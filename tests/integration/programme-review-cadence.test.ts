import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { JobProducer } from '@kaizen/api/data-access-queue';
import { type ApiClient, signUpOrganisation } from '../support/api-client';
import { OffsetClock } from '../support/clock';
import { startApi, startWorker, type RunningApi } from '../support/running-apps';
import { addMember, asOwner } from '../support/tenants';
import { createTestDatabase, testConfig, until, type TestDatabase } from '../support/test-environment';

interface Person {
  client: ApiClient;
  membershipId: string;
}

/**
 * A programme team reviews on a rhythm of its own: its lead sets the cadence on the programme, each cycle opens a
 * review of the programme for its team, and the cadence rules of every unit hold (catch-up opens only the latest
 * missed cycle; a paused cadence opens nothing for the moments of its pause).
 */
describe('a review cadence whose unit is a programme', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let clock: OffsetClock;
  let organisationId: string;
  let admin: ApiClient;
  let lead: Person;
  let teamMember: Person;
  let bystander: Person;
  let programmeId: string;
  let experimentId: string;
  let cadence: { id: string; version: number; nextOpensAt: string };

  const rhythm = { frequency: 'weekly', weekday: 3, hour: 9 };
  const cadencePath = () => `/api/programmes/${programmeId}/review-cadence`;
  const reviewsOf = (cadenceId: string) =>
    asOwner<{ opens_at: Date; unit_type: string; programme_id: string }>(
      database.ownerUrl,
      `SELECT opens_at, unit_type, programme_id FROM review WHERE cadence_id = $1 ORDER BY opens_at`,
      [cadenceId],
    );
  const reconcile = () =>
    worker
      .get(JobProducer)
      .enqueue('reviews', 'reconcile', { organisationId }, { jobId: `reviews-reconcile-${Date.now()}` });
  const told = async (person: Person, title: string) =>
    (await person.client.get('/api/notifications')).body.items.filter(
      (n: { title: string }) => n.title === `Review opened: ${title}`,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, 'postgres', { QUEUE_RETRY_DELAY_MS: '20' });
    clock = new OffsetClock();
    api = await startApi(config, { clock });
    worker = await startWorker(config, { clock });
    ({ client: admin } = await signUpOrganisation(api.url, 'Programme Rhythm'));
    organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    const care = (await admin.post('/api/departments', { name: 'Care' })).body.id;
    const ward = (await admin.post('/api/teams', { name: 'Ward A', departmentId: care })).body.id;
    lead = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    teamMember = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    bystander = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    programmeId = (
      await lead.client.post('/api/programmes', {
        title: 'Falls prevention',
        unitType: 'department',
        departmentId: care,
        memberIds: [teamMember.membershipId],
      })
    ).body.id;
    const driver = (
      await lead.client.post(`/api/programmes/${programmeId}/nodes`, {
        kind: 'primary-driver',
        parentId: null,
        title: 'Safe mobility',
      })
    ).body.id;
    const idea = (
      await lead.client.post(`/api/programmes/${programmeId}/nodes`, {
        kind: 'change-idea',
        parentId: driver,
        title: 'Bed alarms',
      })
    ).body.id;
    experimentId = (await admin.post('/api/experiments', { title: 'Bed alarm, one bay', teamId: ward })).body
      .id;
    await asOwner(
      database.ownerUrl,
      `UPDATE experiment SET status = 'concluded', verdict = 'confirmed' WHERE id = $1`,
      [experimentId],
    );
    await lead.client.post(`/api/programmes/${programmeId}/nodes/${idea}/experiments`, { experimentId });
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await database?.drop();
  });

  it('has no rhythm until its lead sets one; only the lead (or an admin) may, with each bad field named', async () => {
    expect((await teamMember.client.get(cadencePath())).body).toEqual({ cadence: null, canManage: false });
    expect((await lead.client.get(cadencePath())).body).toEqual({ cadence: null, canManage: true });
    const notLead = await teamMember.client.put(cadencePath(), rhythm);
    expect(notLead.status).toBe(403);
    const bad = await lead.client.put(cadencePath(), { ...rhythm, hour: 24, timeZone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['hour', 'timeZone']);
    const { client: outsider } = await signUpOrganisation(api.url, 'Elsewhere');
    expect((await outsider.get(cadencePath())).status).toBe(404);
    expect((await outsider.put(cadencePath(), rhythm)).status).toBe(404);
    expect(await asOwner(database.ownerUrl, `SELECT id FROM review_cadence`)).toEqual([]);

    const set = await lead.client.put(cadencePath(), rhythm);
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({
      unitType: 'programme',
      unitId: programmeId,
      unitName: 'Falls prevention',
      frequency: 'weekly',
      weekday: 3,
      hour: 9,
      timeZone: 'Europe/Amsterdam',
      active: true,
    });
    cadence = set.body;
    expect((await lead.client.get(cadencePath())).body).toEqual({ cadence: set.body, canManage: true });
    // The list of rhythms shows it beside the units' own.
    const listed = (await admin.get('/api/review-cadences')).body.items;
    expect(listed.map((c: { unitType: string }) => c.unitType)).toEqual(['programme']);
    // A stale version is a conflict; the lead changes the hour with the current one.
    const stale = await lead.client.put(cadencePath(), { ...rhythm, hour: 10, version: cadence.version + 5 });
    expect(stale.status).toBe(409);
  });

  it('opens a review of the programme for its team: told, visible to them, with its tests and the programme', async () => {
    clock.moveTo(DateTime.fromISO(cadence.nextOpensAt).plus({ minutes: 1 }).toJSDate());
    await reconcile();
    await reconcile(); // twice: still one review
    const [opened] = await until(async () => {
      const rows = await reviewsOf(cadence.id);
      return rows.length > 0 ? rows : null;
    }, 15_000);
    expect(opened).toMatchObject({ unit_type: 'programme', programme_id: programmeId });
    await until(async () => (await told(teamMember, 'Falls prevention')).length === 1, 15_000);
    expect(await told(lead, 'Falls prevention')).toHaveLength(1);
    expect(await told(bystander, 'Falls prevention')).toHaveLength(0);

    const [summary] = (await teamMember.client.get('/api/reviews')).body.items;
    expect(summary).toMatchObject({
      unitType: 'programme',
      unitId: programmeId,
      unitName: 'Falls prevention',
    });
    expect((await bystander.client.get('/api/reviews')).body.items).toEqual([]);
    expect((await bystander.client.get(`/api/reviews/${summary.id}`)).status).toBe(404);
    const review = (await teamMember.client.get(`/api/reviews/${summary.id}`)).body;
    expect(review.canClose).toBe(false);
    expect(review.awaitingReflection.map((e: { id: string }) => e.id)).toEqual([experimentId]);
    expect(review.programmes.map((p: { id: string }) => p.id)).toEqual([programmeId]);
    const closed = await lead.client.post(`/api/reviews/${summary.id}/close`, { takeaways: ['Alarms help'] });
    expect(closed.status).toBe(200);
  });

  it('after weeks without a worker, opens only the latest missed cycle, and the next from now', async () => {
    const first = (await lead.client.get(cadencePath())).body.cadence.nextOpensAt as string;
    const back = DateTime.fromISO(first, { zone: 'Europe/Amsterdam' }).plus({ weeks: 6, hours: 2 });
    clock.moveTo(back.toJSDate());
    await worker
      .get(JobProducer)
      .enqueue(
        'reviews',
        'open',
        { organisationId, cadenceId: cadence.id, opensAt: first },
        { jobId: `stale-${cadence.id}` },
      );
    await reconcile();
    await until(async () => (await reviewsOf(cadence.id)).length === 2, 15_000);
    await reconcile();
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a flood would show within this
    expect((await reviewsOf(cadence.id)).map((r) => r.opens_at.toISOString()).slice(1)).toEqual([
      DateTime.fromISO(first, { zone: 'Europe/Amsterdam' }).plus({ weeks: 6 }).toUTC().toISO(),
    ]);
    expect((await lead.client.get(cadencePath())).body.cadence.nextOpensAt).toBe(
      DateTime.fromISO(first, { zone: 'Europe/Amsterdam' }).plus({ weeks: 7 }).toUTC().toISO(),
    );
  });

  /** Runs the job that opens the cycle at `opensAt`, as a late or stray job would, and waits until it has finished. */
  async function openReviewAt(opensAt: string, tag: string): Promise<void> {
    const jobId = `${tag}-${cadence.id}`;
    const jobs = worker.get(JobProducer);
    await jobs.enqueue('reviews', 'open', { organisationId, cadenceId: cadence.id, opensAt }, { jobId });
    await until(async () => (await jobs.queue('reviews').getJob(jobId))?.isCompleted());
  }

  it('paused by its lead, then resumed, opens nothing for the moments of its pause', async () => {
    const current = (await lead.client.get(cadencePath())).body.cadence;
    const paused = await lead.client.put(cadencePath(), {
      ...rhythm,
      version: current.version,
      active: false,
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ active: false, nextOpensAt: null });
    const before = (await reviewsOf(cadence.id)).length;
    clock.moveTo(DateTime.fromISO(current.nextOpensAt).plus({ days: 1 }).toJSDate());
    const resumed = await lead.client.put(cadencePath(), {
      ...rhythm,
      version: paused.body.version,
      active: true,
    });
    expect(resumed.status).toBe(200);
    expect(resumed.body.nextOpensAt).toBe(
      DateTime.fromISO(current.nextOpensAt, { zone: 'Europe/Amsterdam' }).plus({ weeks: 1 }).toUTC().toISO(),
    );
    await reconcile();
    await openReviewAt(current.nextOpensAt, 'paused');
    expect(await reviewsOf(cadence.id)).toHaveLength(before);
  });

  it('an archived programme opens no more reviews', async () => {
    const current = (await lead.client.get(cadencePath())).body.cadence;
    expect((await lead.client.delete(`/api/programmes/${programmeId}`)).status).toBe(204);
    const before = (await reviewsOf(cadence.id)).length;
    clock.moveTo(DateTime.fromISO(current.nextOpensAt).plus({ minutes: 1 }).toJSDate());
    await reconcile();
    await openReviewAt(current.nextOpensAt, 'archived');
    expect(await reviewsOf(cadence.id)).toHaveLength(before);
  });
});
