import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { ApiClient } from '../support/api-client';
import { signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner } from '../support/tenants';

interface ReviewProgramme {
  id: string;
  title: string;
  score: number;
  scoreAtStart: number;
  scoreAtEnd: number;
  stalled: boolean;
  tests: Array<{ experimentId: string; changeIdea: string; status: string }>;
  stalledChangeIdeas: Array<{ id: string; title: string }>;
}

interface Band {
  band: string;
  score: number;
  count: number;
  overridden: number;
}

/** Issue 19, item 6: reviews and the organisation dashboard know programmes. */
describe('programmes in review cycles and on the organisation dashboard', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let admin: ApiClient;
  let organisationId: string;
  let careId: string;
  let operationsId: string;
  let wardA: string;
  let falls: string;
  let nights: string;
  let deliveries: string;
  let bedAlarms: string;
  let hipProtectors: string;
  let alarmTest: string;
  let oldTest: string;
  const reviews: Record<'care' | 'wardA' | 'organisation', string> = {
    care: '',
    wardA: '',
    organisation: '',
  };

  /** A review of the cadence's unit over the last week, opened as the worker would: the queue is not the subject here. */
  async function openReview(cadence: { unitType: string; teamId?: string; departmentId?: string }) {
    const created = await admin.post('/api/review-cadences', { frequency: 'weekly', hour: 9, ...cadence });
    expect(created.status).toBe(201);
    const id = uuidv7();
    await asOwner(
      database.ownerUrl,
      `INSERT INTO review (organisation_id, id, cadence_id, unit_type, team_id, department_id, opens_at,
         period_start, period_end)
       SELECT organisation_id, $2, id, unit_type, team_id, department_id, now(), now() - interval '7 days', now()
       FROM review_cadence WHERE organisation_id = $1 AND id = $3`,
      [organisationId, id, created.body.id],
    );
    return id;
  }

  const programmesOf = async (reviewId: string): Promise<ReviewProgramme[]> => {
    const review = await admin.get(`/api/reviews/${reviewId}`);
    expect(review.status).toBe(200);
    return review.body.programmes;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    ({ client: admin } = await signUpOrganisation(api.url, 'Programme Reviews'));
    organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    careId = (await admin.post('/api/departments', { name: 'Care' })).body.id;
    operationsId = (await admin.post('/api/departments', { name: 'Operations' })).body.id;
    wardA = (await admin.post('/api/teams', { name: 'Ward A', departmentId: careId })).body.id;
    const member = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    const measureId = (
      await admin.post('/api/measures', {
        name: 'Falls per week',
        direction: 'lower-is-better',
        kind: 'value',
        unitType: 'department',
        departmentId: careId,
      })
    ).body.id;
    falls = (
      await admin.post('/api/programmes', {
        title: 'Falls prevention',
        unitType: 'department',
        departmentId: careId,
        aim: {
          statement: 'Falls from 6 to 4 a week',
          measureId,
          baseline: 6,
          target: 4,
          targetDate: '2027-07-01',
        },
        memberIds: [member.membershipId],
      })
    ).body.id;
    nights = (await admin.post('/api/programmes', { title: 'Quiet nights', unitType: 'team', teamId: wardA }))
      .body.id;
    deliveries = (
      await admin.post('/api/programmes', {
        title: 'Faster deliveries',
        unitType: 'department',
        departmentId: operationsId,
      })
    ).body.id;
    const archived = (
      await admin.post('/api/programmes', { title: 'Archived one', unitType: 'team', teamId: wardA })
    ).body.id;
    expect((await admin.delete(`/api/programmes/${archived}`)).status).toBe(204);

    const node = async (kind: string, parentId: string | null, title: string) =>
      (await admin.post(`/api/programmes/${falls}/nodes`, { kind, parentId, title })).body.id as string;
    const driver = await node('primary-driver', null, 'Safe mobility');
    bedAlarms = await node('change-idea', driver, 'Bed alarms');
    hipProtectors = await node('change-idea', driver, 'Hip protectors');
    const rounds = await node('change-idea', driver, 'Hourly rounds');
    // Two ideas older than the stalled window; rounds was tested ten weeks ago and not since.
    await asOwner(
      database.ownerUrl,
      `UPDATE driver_node SET created_at = now() - interval '90 days' WHERE organisation_id = $1 AND id = ANY($2)`,
      [organisationId, [hipProtectors, rounds]],
    );
    const experiment = async (title: string, startedDaysAgo: number) => {
      const id = (await admin.post('/api/experiments', { title, teamId: wardA })).body.id as string;
      await asOwner(
        database.ownerUrl,
        `UPDATE experiment SET status = 'running', started_at = now() - make_interval(days => $2),
           version = version + 1 WHERE id = $1`,
        [id, startedDaysAgo],
      );
      return id;
    };
    alarmTest = await experiment('Bed alarm on two rooms', 3);
    oldTest = await experiment('Rounds every hour', 70);
    expect(
      (
        await admin.post(`/api/programmes/${falls}/nodes/${bedAlarms}/experiments`, {
          experimentId: alarmTest,
        })
      ).status,
    ).toBe(201);
    expect(
      (await admin.post(`/api/programmes/${falls}/nodes/${rounds}/experiments`, { experimentId: oldTest }))
        .status,
    ).toBe(201);

    reviews.care = await openReview({ unitType: 'department', departmentId: careId });
    reviews.wardA = await openReview({ unitType: 'team', teamId: wardA });
    reviews.organisation = await openReview({ unitType: 'organisation' });
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it("shows a department's review the programmes of the department and its teams, with their progress over the period", async () => {
    const programmes = await programmesOf(reviews.care);
    expect(programmes.map((p) => p.title)).toEqual(['Falls prevention', 'Quiet nights']);
    const [fallsInReview, nightsInReview] = programmes;
    expect(fallsInReview).toMatchObject({
      id: falls,
      unitName: 'Care',
      aim: 'Falls from 6 to 4 a week',
      // A week ago the ideas were there but only the old test had started; this week's test keeps it at activity.
      score: 2,
      band: 'activity',
      derivedScore: 2,
      overridden: false,
      scoreAtStart: 2,
      scoreAtEnd: 2,
      stalled: false,
    });
    expect(fallsInReview.tests).toEqual([
      expect.objectContaining({
        experimentId: alarmTest,
        title: 'Bed alarm on two rooms',
        status: 'running',
        changeIdeaId: bedAlarms,
        changeIdea: 'Bed alarms',
        teamName: 'Ward A',
      }),
    ]);
    expect(fallsInReview.stalledChangeIdeas.map((i) => i.title).sort()).toEqual([
      'Hip protectors',
      'Hourly rounds',
    ]);
    expect(nightsInReview).toMatchObject({ id: nights, score: 0.5, tests: [], stalledChangeIdeas: [] });
  });

  it('shows the score a programme gained in the period', async () => {
    // The old test had not started either, a week ago: then the programme stood at planning.
    await asOwner(
      database.ownerUrl,
      `UPDATE experiment SET started_at = now() - interval '2 days' WHERE organisation_id = $1 AND id = $2`,
      [organisationId, oldTest],
    );
    const [fallsInReview] = await programmesOf(reviews.care);
    expect(fallsInReview).toMatchObject({ scoreAtStart: 1.5, scoreAtEnd: 2, score: 2 });
    expect(fallsInReview.tests.map((t) => t.experimentId).sort()).toEqual([alarmTest, oldTest].sort());
    expect(fallsInReview.stalledChangeIdeas.map((i) => i.id)).toEqual([hipProtectors]);
  });

  it("shows a team's review only the team's programmes, and the organisation's review every active one", async () => {
    expect((await programmesOf(reviews.wardA)).map((p) => p.title)).toEqual(['Quiet nights']);
    expect((await programmesOf(reviews.organisation)).map((p) => p.id)).toEqual([falls, deliveries, nights]);
  });

  it('counts programmes per progress band for the organisation dashboard, by department when asked', async () => {
    const all = await admin.get('/api/programmes/bands');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    const bands: Band[] = all.body.bands;
    expect(bands.map((b) => b.score)).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    expect(bands.find((b) => b.band === 'intent')).toMatchObject({ count: 2, overridden: 0 });
    expect(bands.find((b) => b.band === 'activity')).toMatchObject({ count: 1 });

    const override = await admin.put(`/api/programmes/${deliveries}/override`, {
      score: 3,
      reason: 'The depot measured it by hand before we had the measure',
    });
    expect(override.status).toBe(200);
    const after: Band[] = (await admin.get('/api/programmes/bands')).body.bands;
    expect(after.find((b) => b.band === 'intent')).toMatchObject({ count: 1, overridden: 0 });
    expect(after.find((b) => b.band === 'modest-improvement')).toMatchObject({ count: 1, overridden: 1 });

    const care = await admin.get(`/api/programmes/bands?departmentId=${careId}`);
    expect(care.body.total).toBe(2);
    expect(care.body.bands.find((b: Band) => b.band === 'modest-improvement')).toMatchObject({ count: 0 });

    const wrong = await admin.get('/api/programmes/bands?departmentId=care');
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'departmentId' })]);
  });

  it("keeps another organisation's programmes out of its counts and reviews", async () => {
    const { client: other } = await signUpOrganisation(api.url, 'Other Reviews');
    const bands = await other.get('/api/programmes/bands');
    expect(bands.status).toBe(200);
    expect(bands.body.total).toBe(0);
    expect((await other.get(`/api/reviews/${reviews.organisation}`)).status).toBe(404);
  });
});
