import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client';
import { signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner } from '../support/tenants';

/** Weekly periods from Monday 5 January 2026. */
const week = (i: number) => new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10);
const baseline = [6.0, 6.3, 5.8, 6.1, 6.4, 5.9, 6.2, 6.0, 5.7, 6.3, 6.1, 5.9];

/**
 * The dashboard's band counts and the portfolio show the score the evidence gives now (or the lead's override): nothing
 * is stored that an experiment finishing or a measure getting points could leave stale.
 */
describe('progress bands and the portfolio follow the evidence at read time', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let admin: ApiClient;
  let programmeId: string;
  let measureId: string;
  let experimentId: string;

  /** What each read says: the programme's own score, its band count on the dashboard, its portfolio row. */
  async function reads() {
    const detail = (await admin.get(`/api/programmes/${programmeId}`)).body.progress;
    const bands = (await admin.get('/api/programmes/bands')).body;
    const portfolio = (await admin.get('/api/programmes/portfolio')).body.items[0].progress;
    const shown = bands.bands.filter((b: { count: number }) => b.count > 0);
    return { detail, shown, portfolio, total: bands.total };
  }

  async function expectEverywhere(score: number, band: string, overridden = 0) {
    const { detail, shown, portfolio, total } = await reads();
    expect(detail).toMatchObject({ score, band });
    expect(portfolio).toMatchObject({ score, band });
    expect(total).toBe(1);
    expect(shown).toEqual([{ band, score, count: 1, overridden }]);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    ({ client: admin } = await signUpOrganisation(api.url, 'Bands On Read'));
    const organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    const care = (await admin.post('/api/departments', { name: 'Care' })).body.id;
    const ward = (await admin.post('/api/teams', { name: 'Ward A', departmentId: care })).body.id;
    measureId = (
      await admin.post('/api/measures', {
        name: 'Falls per week',
        direction: 'lower-is-better',
        kind: 'value',
        unitType: 'department',
        departmentId: care,
      })
    ).body.id;
    const member = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    programmeId = (
      await admin.post('/api/programmes', {
        title: 'Falls prevention',
        unitType: 'department',
        departmentId: care,
        memberIds: [member.membershipId],
        aim: { statement: 'Fewer falls', measureId, baseline: 6.1, target: 4, targetDate: '2027-07-01' },
      })
    ).body.id;
    const driver = (
      await admin.post(`/api/programmes/${programmeId}/nodes`, {
        kind: 'primary-driver',
        parentId: null,
        title: 'Safe mobility',
      })
    ).body.id;
    const idea = (
      await admin.post(`/api/programmes/${programmeId}/nodes`, {
        kind: 'change-idea',
        parentId: driver,
        title: 'Bed alarms',
      })
    ).body.id;
    experimentId = (await admin.post('/api/experiments', { title: 'Bed alarm, one bay', teamId: ward })).body
      .id;
    await asOwner(
      database.ownerUrl,
      `UPDATE experiment SET status = 'running', started_at = now() - interval '40 days', version = version + 1
        WHERE id = $1`,
      [experimentId],
    );
    await admin.post(`/api/programmes/${programmeId}/nodes/${idea}/experiments`, { experimentId });
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('a running test: activity', async () => {
    await expectEverywhere(2, 'activity');
  });

  it('the experiment finishes confirmed with its lesson: the bands move without touching the programme', async () => {
    const before = (await admin.get(`/api/programmes/${programmeId}`)).body.version;
    await asOwner(
      database.ownerUrl,
      `UPDATE experiment SET status = 'stopped', verdict = 'confirmed' WHERE id = $1`,
      [experimentId],
    );
    const version = (await admin.get(`/api/experiments/${experimentId}`)).body.version;
    const lesson = await admin.put(`/api/experiments/${experimentId}/lesson`, {
      version,
      insight: 'A bed alarm at night halves falls when the nurse can reach the room in time.',
      recommendation: 'adopt',
      visibility: 'organisation',
    });
    expect(lesson.status).toBe(200);
    expect((await admin.get(`/api/programmes/${programmeId}`)).body.version).toBe(before);
    await expectEverywhere(3, 'modest-improvement');
  });

  it('the aim measure gets points with an improvement signal after the change: the bands move again', async () => {
    await admin.put(`/api/measures/${measureId}/points`, {
      points: baseline.map((value, i) => ({ period: week(i), value })),
    });
    await admin.put(`/api/experiments/${experimentId}/measure`, {
      measureId,
      baseline: { from: week(0), through: week(11) },
      changes: [{ period: week(12), label: 'Bed alarms' }],
    });
    await expectEverywhere(3, 'modest-improvement');
    const points = await admin.put(`/api/measures/${measureId}/points`, {
      points: [5.0, 5.1, 4.9].map((value, i) => ({ period: week(12 + i), value })),
    });
    expect(points.status).toBeLessThan(300);
    await expectEverywhere(3.5, 'improvement');
  });

  it("the lead's override counts in its band while it stands, and the evidence's score after it is cleared", async () => {
    await admin.put(`/api/programmes/${programmeId}/override`, {
      score: 2,
      reason: 'The falls register is incomplete this quarter',
    });
    await expectEverywhere(2, 'activity', 1);
    await admin.delete(`/api/programmes/${programmeId}/override`);
    await expectEverywhere(3.5, 'improvement');
  });
});
