import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client';
import { signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner } from '../support/tenants';

describe('"has this been tried?": similar earlier work, as far as each lesson’s visibility allows', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let admin: ApiClient;
  let insider: ApiClient;
  let outsider: ApiClient;
  let teamLessonExperiment: string;
  let orgLessonExperiment: string;

  /** An experiment in the team, stopped, with its lesson at the given visibility. */
  async function withLesson(
    teamId: string,
    title: string,
    problem: string,
    insight: string,
    visibility: string,
  ) {
    const created = (
      await admin.post('/api/experiments', {
        title,
        teamId,
        problem,
        hypothesis: {
          change: 'a bed alarm at night',
          outcome: 'fewer falls',
          measure: 'falls per month halve',
        },
      })
    ).body;
    await asOwner(database.ownerUrl, `UPDATE experiment SET status = 'stopped' WHERE id = $1`, [created.id]);
    const lesson = await admin.put(`/api/experiments/${created.id}/lesson`, {
      version: created.version,
      insight,
      recommendation: 'adapt',
      visibility,
    });
    expect(lesson.status).toBe(200);
    return created.id as string;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    ({ client: admin } = await signUpOrganisation(api.url, 'Similar Care'));
    const organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    const care = (await admin.post('/api/departments', { name: 'Care' })).body.id;
    const wardA = (await admin.post('/api/teams', { name: 'Ward A', departmentId: care })).body.id;
    const wardB = (await admin.post('/api/teams', { name: 'Ward B', departmentId: care })).body.id;
    const a = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    const b = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    await admin.post(`/api/teams/${wardA}/members`, { membershipId: a.membershipId, position: 'member' });
    await admin.post(`/api/teams/${wardB}/members`, { membershipId: b.membershipId, position: 'member' });
    insider = a.client;
    outsider = b.client;
    teamLessonExperiment = await withLesson(
      wardA,
      'Bed alarms against night falls',
      'Patients fall at night when they get up alone.',
      'Bed alarms only help when a nurse can reach the room within a minute.',
      'team',
    );
    orgLessonExperiment = await withLesson(
      wardA,
      'Non-slip socks against falls',
      'Patients slip on the floor on their way to the toilet at night.',
      'Non-slip socks prevent falls only if they are worn at night.',
      'organisation',
    );
    await admin.post('/api/experiments', {
      title: 'Faster invoice approval',
      teamId: wardB,
      problem: 'Invoices wait for paper signatures.',
    });
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const draft = {
    text: 'Patients fall at night getting out of bed; we believe a bed alarm will mean fewer falls.',
  };
  const lessonsIn = (items: Array<{ kind: string; experimentId: string }>) =>
    items.filter((i) => i.kind === 'lesson').map((i) => i.experimentId);

  it('ranks the closest earlier experiments first and leaves unrelated work out', async () => {
    const answer = await outsider.post('/api/similar-work', draft);
    expect(answer.status).toBe(200);
    const experiments = answer.body.items.filter((i: { kind: string }) => i.kind === 'experiment');
    expect(experiments[0]).toMatchObject({
      experimentId: teamLessonExperiment,
      title: 'Bed alarms against night falls',
      teamName: 'Ward A',
    });
    expect(answer.body.items.map((i: { title: string }) => i.title)).not.toContain('Faster invoice approval');
    expect(answer.body.nextCursor).toBeNull();
  });

  it('shows a team lesson to its team and admins, never to another team', async () => {
    expect(lessonsIn((await insider.post('/api/similar-work', draft)).body.items)).toEqual(
      expect.arrayContaining([teamLessonExperiment, orgLessonExperiment]),
    );
    expect(lessonsIn((await admin.post('/api/similar-work', draft)).body.items)).toContain(
      teamLessonExperiment,
    );
    const other = lessonsIn((await outsider.post('/api/similar-work', draft)).body.items);
    expect(other).toContain(orgLessonExperiment);
    expect(other).not.toContain(teamLessonExperiment);
  });

  it('leaves out the experiment being edited, finds nothing in a too-short draft, and refuses a non-text draft', async () => {
    const editing = await insider.post('/api/similar-work', {
      ...draft,
      excludeExperimentId: teamLessonExperiment,
    });
    expect(editing.body.items.map((i: { experimentId: string }) => i.experimentId)).not.toContain(
      teamLessonExperiment,
    );
    expect((await insider.post('/api/similar-work', { text: 'bed' })).body.items).toEqual([]);
    const bad = await insider.post('/api/similar-work', { text: 42 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'text', rule: 'isString' }));
  });
});
