import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client';
import { signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner, organisationSnapshot } from '../support/tenants';

/** Weekly periods from Monday 5 January 2026. */
const week = (i: number) => new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10);
/** A stable process around 6 falls a week (no rule fires), before any change. */
const baseline = [6.0, 6.3, 5.8, 6.1, 6.4, 5.9, 6.2, 6.0, 5.7, 6.3, 6.1, 5.9];

interface Node {
  id: string;
  kind: string;
  parentId: string | null;
  tests: Array<{ experimentId: string; step: number; units: number; decision: string | null }>;
  ramps: string[][];
}

describe('improvement programmes: a driver diagram, PDSA ramps and a progress score from evidence', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let admin: ApiClient;
  let organisationId: string;
  let careId: string;
  let wardA: string;
  let wardB: string;
  let measureId: string;
  let programmeId: string;
  let member: { client: ApiClient; membershipId: string };
  let head: { client: ApiClient; membershipId: string };
  let outsiderExperiment: string;

  const score = async () => (await admin.get(`/api/programmes/${programmeId}`)).body.progress;
  const nodes = async (): Promise<Node[]> => (await admin.get(`/api/programmes/${programmeId}`)).body.nodes;

  /** An experiment in a ward, put straight into a state: the lifecycle is not what these tests are about. */
  async function experiment(teamId: string, title: string, status = 'draft', verdict: string | null = null) {
    const id = (await admin.post('/api/experiments', { title, teamId })).body.id as string;
    if (status !== 'draft')
      await asOwner(
        database.ownerUrl,
        `UPDATE experiment SET status = $2, verdict = $3, started_at = now() - interval '40 days',
           version = version + 1 WHERE id = $1`,
        [id, status, verdict],
      );
    return id;
  }

  /** A running experiment stopped with its verdict, then its lesson written (learned). */
  async function learned(id: string, verdict: string) {
    await asOwner(database.ownerUrl, `UPDATE experiment SET status = 'stopped', verdict = $2 WHERE id = $1`, [
      id,
      verdict,
    ]);
    const version = (await admin.get(`/api/experiments/${id}`)).body.version;
    const lesson = await admin.put(`/api/experiments/${id}/lesson`, {
      version,
      insight: 'A bed alarm at night halves falls when the nurse can reach the room in time.',
      recommendation: 'adopt',
      visibility: 'organisation',
    });
    expect(lesson.status).toBe(200);
  }

  const addPoints = (from: number, values: number[]) =>
    admin.put(`/api/measures/${measureId}/points`, {
      points: values.map((value, i) => ({ period: week(from + i), value })),
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    ({ client: admin } = await signUpOrganisation(api.url, 'Programme Care'));
    organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    careId = (await admin.post('/api/departments', { name: 'Care' })).body.id;
    const operations = (await admin.post('/api/departments', { name: 'Operations' })).body.id;
    wardA = (await admin.post('/api/teams', { name: 'Ward A', departmentId: careId })).body.id;
    wardB = (await admin.post('/api/teams', { name: 'Ward B', departmentId: careId })).body.id;
    await admin.post('/api/programmes', {
      title: 'Faster deliveries',
      unitType: 'department',
      departmentId: operations,
    });
    measureId = (
      await admin.post('/api/measures', {
        name: 'Falls per week',
        direction: 'lower-is-better',
        kind: 'value',
        unitType: 'department',
        departmentId: careId,
      })
    ).body.id;
    member = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    head = await addMember(database.ownerUrl, api.url, organisationId, 'department_head');
    const { client: outsider } = await signUpOrganisation(api.url, 'Elsewhere');
    const theirTeam = (
      await outsider.post('/api/teams', {
        name: 'Their ward',
        departmentId: (await outsider.post('/api/departments', { name: 'Theirs' })).body.id,
      })
    ).body.id;
    outsiderExperiment = (await outsider.post('/api/experiments', { title: 'Theirs', teamId: theirTeam }))
      .body.id;
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('refuses an aim whose target lies the wrong way for its measure, and stores nothing', async () => {
    const before = await organisationSnapshot(database.ownerUrl, organisationId);
    const wrongWay = await admin.post('/api/programmes', {
      title: 'Falls prevention',
      unitType: 'department',
      departmentId: careId,
      aim: { statement: 'Fewer falls', measureId, baseline: 6.1, target: 7, targetDate: '2027-07-01' },
    });
    expect(wrongWay.status).toBe(400);
    expect(wrongWay.headers.get('content-type')).toContain('application/problem+json');
    expect(wrongWay.body.errors).toEqual([
      expect.objectContaining({ field: 'aim.target', rule: 'betterThanBaseline' }),
    ]);
    expect(await organisationSnapshot(database.ownerUrl, organisationId)).toBe(before);
  });

  it('creates a programme with an aim and a team, which scores 1: the team is formed', async () => {
    const created = await admin.post('/api/programmes', {
      title: 'Falls prevention',
      unitType: 'department',
      departmentId: careId,
      aim: {
        statement: 'Falls from 6.1 to 4.5 a week by 1 July 2027',
        measureId,
        baseline: 6.1,
        target: 4.5,
        targetDate: '2027-07-01',
      },
      memberIds: [member.membershipId],
    });
    expect(created.status).toBe(201);
    programmeId = created.body.id;
    expect(created.headers.get('location')).toBe(`/api/programmes/${programmeId}`);
    expect(created.body).toMatchObject({
      title: 'Falls prevention',
      unitName: 'Care',
      aim: { measureName: 'Falls per week', direction: 'lower-is-better', target: 4.5 },
      team: [
        expect.objectContaining({ owner: true }),
        { membershipId: member.membershipId, name: 'A member', owner: false },
      ],
      progress: { score: 1, band: 'team-formed', derivedScore: 1, override: null },
    });
    const planning = created.body.progress.reasons.find((r: { band: string }) => r.band === 'planning');
    expect(planning).toMatchObject({ met: false, detail: '0 change ideas in the driver diagram' });
  });

  it('scores 0.5 without an aim', async () => {
    const page = (await admin.get('/api/programmes?limit=1')).body;
    expect(page.items).toHaveLength(1);
    const second = (await admin.get(`/api/programmes?limit=1&cursor=${page.nextCursor}`)).body;
    expect(second.items[0]).toMatchObject({
      title: 'Faster deliveries',
      aim: null,
      progress: { score: 0.5 },
    });
    expect(second.nextCursor).toBeNull();
    const forged = await admin.get('/api/programmes?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it('keeps the driver diagram a tree: ideas under drivers, no cycles, and refusals change nothing', async () => {
    const add = (body: object) => admin.post(`/api/programmes/${programmeId}/nodes`, body);
    const before = await organisationSnapshot(database.ownerUrl, organisationId);
    const ideaUnderAim = await add({ kind: 'change-idea', parentId: null, title: 'Bed alarms' });
    expect(ideaUnderAim.status).toBe(400);
    expect(ideaUnderAim.body.errors).toEqual([
      expect.objectContaining({ field: 'parentId', rule: 'changeIdeaUnderDriver' }),
    ]);
    expect(await organisationSnapshot(database.ownerUrl, organisationId)).toBe(before);

    const primary = await add({ kind: 'primary-driver', parentId: null, title: 'Safe mobility' });
    expect(primary.status).toBe(201);
    expect(primary.headers.get('location')).toBe(`/api/programmes/${programmeId}/nodes/${primary.body.id}`);
    const nested = await add({ kind: 'primary-driver', parentId: primary.body.id, title: 'Nested' });
    expect(nested.body.errors).toEqual([
      expect.objectContaining({ field: 'parentId', rule: 'primaryUnderAim' }),
    ]);
    const secondary = (await add({ kind: 'secondary-driver', parentId: primary.body.id, title: 'Night' }))
      .body;
    const deeper = (await add({ kind: 'secondary-driver', parentId: secondary.id, title: 'Toilet visits' }))
      .body;
    const idea = await add({ kind: 'change-idea', parentId: deeper.id, title: 'Bed alarms' });
    expect(idea.status).toBe(201);
    const underIdea = await add({ kind: 'change-idea', parentId: idea.body.id, title: 'Louder alarms' });
    expect(underIdea.body.errors).toEqual([expect.objectContaining({ rule: 'changeIdeaUnderDriver' })]);
    const elsewhere = await add({ kind: 'change-idea', parentId: outsiderExperiment, title: 'x' });
    expect(elsewhere.body.errors).toEqual([expect.objectContaining({ field: 'parentId', rule: 'exists' })]);

    const beforeMove = await organisationSnapshot(database.ownerUrl, organisationId);
    const cycle = await admin.patch(`/api/programmes/${programmeId}/nodes/${secondary.id}`, {
      parentId: deeper.id,
    });
    expect(cycle.status).toBe(409);
    expect(cycle.body.errors).toEqual([expect.objectContaining({ field: 'parentId', rule: 'noCycle' })]);
    const withChildren = await admin.delete(`/api/programmes/${programmeId}/nodes/${deeper.id}`);
    expect(withChildren.status).toBe(409);
    expect(withChildren.body.errors).toEqual([expect.objectContaining({ rule: 'noChildren' })]);
    expect(await organisationSnapshot(database.ownerUrl, organisationId)).toBe(beforeMove);

    const moved = await admin.patch(`/api/programmes/${programmeId}/nodes/${deeper.id}`, {
      parentId: primary.body.id,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.parentId).toBe(primary.body.id);
    expect((await nodes()).map((n) => n.kind)).toEqual([
      'primary-driver',
      'secondary-driver',
      'secondary-driver',
      'change-idea',
    ]);
    expect((await score()).score).toBe(1.5);
  });

  it('links change ideas to experiments of this organisation only', async () => {
    const idea = (await nodes()).find((n) => n.kind === 'change-idea') as Node;
    const driver = (await nodes()).find((n) => n.kind === 'primary-driver') as Node;
    const first = await experiment(wardA, 'Bed alarm, one bay, nights', 'running');
    const toDriver = await admin.post(`/api/programmes/${programmeId}/nodes/${driver.id}/experiments`, {
      experimentId: first,
    });
    expect(toDriver.status).toBe(400);
    expect(toDriver.body.errors).toEqual([
      expect.objectContaining({ field: 'nodeId', rule: 'isChangeIdea' }),
    ]);
    const before = await organisationSnapshot(database.ownerUrl, organisationId);
    const theirs = await admin.post(`/api/programmes/${programmeId}/nodes/${idea.id}/experiments`, {
      experimentId: outsiderExperiment,
    });
    expect(theirs.status).toBe(404);
    expect(await organisationSnapshot(database.ownerUrl, organisationId)).toBe(before);

    const linked = await admin.post(`/api/programmes/${programmeId}/nodes/${idea.id}/experiments`, {
      experimentId: first,
    });
    expect(linked.status).toBe(201);
    expect(linked.body.tests).toEqual([expect.objectContaining({ experimentId: first, step: 1, units: 1 })]);
    const twice = await admin.post(`/api/programmes/${programmeId}/nodes/${idea.id}/experiments`, {
      experimentId: first,
    });
    expect(twice.status).toBe(409);
    expect(twice.body.errors).toEqual([expect.objectContaining({ rule: 'oneIdeaPerProgramme' })]);
    const withTests = await admin.delete(`/api/programmes/${programmeId}/nodes/${idea.id}`);
    expect(withTests.body.errors).toEqual([expect.objectContaining({ rule: 'noLinkedExperiments' })]);
    expect((await score()).score).toBe(2);
  });

  it('derives each higher band from evidence: tested, confirmed, a signal, the target, holding, spread', async () => {
    const idea = (await nodes()).find((n) => n.kind === 'change-idea') as Node;
    const first = idea.tests[0].experimentId;

    const early = await admin.post(`/api/programmes/${programmeId}/follow-ups`, {
      fromExperimentId: first,
      decision: 'adopt',
    });
    expect(early.status).toBe(409);
    expect(early.body.errors).toEqual([
      expect.objectContaining({ field: 'fromExperimentId', rule: 'finishedWithLesson' }),
    ]);

    const refuted = await experiment(wardA, 'Low beds', 'running');
    await admin.post(`/api/programmes/${programmeId}/nodes/${idea.id}/experiments`, {
      experimentId: refuted,
    });
    await learned(refuted, 'refuted');
    expect((await score()).score).toBe(2.5);

    await learned(first, 'confirmed');
    expect(await score()).toMatchObject({ score: 3, band: 'modest-improvement' });

    // The measure: a baseline, the change marked, then fewer falls.
    await addPoints(0, baseline);
    await admin.put(`/api/experiments/${first}/measure`, {
      measureId,
      baseline: { from: week(0), through: week(11) },
      changes: [{ period: week(12), label: 'Bed alarms' }],
    });
    await addPoints(12, [5.0, 5.1, 4.9]);
    const signalled = await score();
    expect(signalled).toMatchObject({ score: 3.5, band: 'improvement' });
    expect(signalled.reasons.find((r: { band: string }) => r.band === 'improvement').detail).toContain(
      `improvement at ${week(12)}`,
    );
    await addPoints(15, [4.2, 4.1, 4.3]);
    expect((await score()).score).toBe(4);
    await addPoints(18, [4.0, 4.2]);
    expect(await score()).toMatchObject({ score: 4.5, band: 'sustained' });

    const spread = await admin.post(`/api/programmes/${programmeId}/follow-ups`, {
      fromExperimentId: first,
      decision: 'adopt',
      reason: 'Works on nights; try it on the second ward',
      teamId: wardB,
    });
    expect(spread.status, JSON.stringify(spread.body)).toBe(201);
    const followUp = spread.body.followUpExperimentId;
    expect(spread.headers.get('location')).toBe(`/api/experiments/${followUp}`);
    const adopted = (await admin.get(`/api/experiments/${followUp}`)).body;
    expect(adopted).toMatchObject({ teamId: wardB, status: 'draft' });
    const progress = await score();
    expect(progress).toMatchObject({ score: 5, band: 'spread', trend: 'up' });
    const ramp = (await nodes()).find((n) => n.id === idea.id) as Node;
    expect(ramp.ramps).toContainEqual([first, followUp]);
    expect(ramp.tests.find((t) => t.experimentId === followUp)).toMatchObject({ step: 2, units: 2 });
    expect(ramp.tests.find((t) => t.experimentId === first)?.decision).toBe('adopt');

    const again = await admin.post(`/api/programmes/${programmeId}/follow-ups`, {
      fromExperimentId: first,
      decision: 'abandon',
    });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([expect.objectContaining({ rule: 'decidedOnce' })]);
    const abandoned = await admin.post(`/api/programmes/${programmeId}/follow-ups`, {
      fromExperimentId: refuted,
      decision: 'abandon',
      reason: 'Low beds made transfers harder',
    });
    expect(abandoned.body).toEqual({
      fromExperimentId: refuted,
      decision: 'abandon',
      followUpExperimentId: null,
    });
  });

  it('lets the lead override the score with a written reason, and keeps the derived score beside it', async () => {
    const byMember = await member.client.put(`/api/programmes/${programmeId}/override`, {
      score: 4,
      reason: 'Not yet audited',
    });
    expect(byMember.status).toBe(403);
    const noReason = await admin.put(`/api/programmes/${programmeId}/override`, { score: 4, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toContainEqual(
      expect.objectContaining({ field: 'reason', rule: 'minLength' }),
    );
    const offScale = await admin.put(`/api/programmes/${programmeId}/override`, {
      score: 4.2,
      reason: 'Long enough reason',
    });
    expect(offScale.body.errors).toEqual([expect.objectContaining({ field: 'score', rule: 'onScale' })]);
    const overridden = await admin.put(`/api/programmes/${programmeId}/override`, {
      score: 4,
      reason: 'The falls register on ward B is incomplete',
    });
    expect(overridden.body.progress).toMatchObject({
      score: 4,
      derivedScore: 5,
      override: {
        score: 4,
        reason: 'The falls register on ward B is incomplete',
        byName: 'Admin of Programme Care',
      },
    });
    const cleared = await admin.delete(`/api/programmes/${programmeId}/override`);
    expect(cleared.body.progress).toMatchObject({ score: 5, override: null });
  });

  it('shows heads and admins the portfolio by department, with stalled programmes flagged, and as CSV', async () => {
    expect((await member.client.get('/api/programmes/portfolio')).status).toBe(403);
    const all = (await head.client.get('/api/programmes/portfolio')).body.items as Array<{
      title: string;
      stalled: boolean;
      progress: { score: number };
    }>;
    expect(all.map((p) => [p.title, p.progress.score, p.stalled])).toEqual([
      ['Falls prevention', 5, false],
      ['Faster deliveries', 0.5, false],
    ]);
    const care = (await head.client.get(`/api/programmes/portfolio?departmentId=${careId}`)).body.items;
    expect(care.map((p: { title: string }) => p.title)).toEqual(['Falls prevention']);
    // Nothing tested in operations for ten weeks: stalled.
    await asOwner(
      database.ownerUrl,
      `UPDATE programme SET created_at = now() - interval '10 weeks' WHERE title = 'Faster deliveries'`,
    );
    const stalled = (await head.client.get('/api/programmes/portfolio?stalledOnly=true')).body.items;
    expect(stalled.map((p: { title: string; stalled: boolean }) => [p.title, p.stalled])).toEqual([
      ['Faster deliveries', true],
    ]);
    const csv = await head.client.get('/api/programmes/portfolio/export');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe(
      'title,unit,owner,aim,measure,baseline,target,target_date,score,derived_score,override_reason,trend,last_activity,stalled',
    );
    expect(lines.slice(1).map((l) => [l.split(',')[0], l.split(',').at(-1)])).toEqual([
      ['Falls prevention', 'no'],
      ['Faster deliveries', 'yes'],
    ]);
  });
});
