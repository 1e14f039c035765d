import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import { RollupsService } from '@kaizen/api/feature-rollups';
import type { ApiClient } from '../support/api-client';
import { signUpOrganisation } from '../support/api-client';
import {
  createTestDatabase,
  testConfig,
  until,
  type QueueBackendChoice,
  type TestDatabase,
} from '../support/test-environment';
import { startApi, startWorker, type RunningApi } from '../support/running-apps';
import { addMember, asOwner } from '../support/tenants';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

const plan = (teamId: string, title: string) => ({
  title,
  teamId,
  problem: 'A problem',
  hypothesis: { change: 'a change', outcome: 'an outcome', measure: 'a measure' },
  metric: { name: 'Metric', unit: 'units', baseline: 10, target: 5, direction: 'decrease' },
  plan: {
    start: new Date().toISOString().slice(0, 10),
    end: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  },
  request: { hours: 4, amountMinor: 1_000 },
});

describe.each<QueueBackendChoice>(['postgres', 'redis'])('learning roll-ups on the %s backend', (backend) => {
  let database: TestDatabase;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let admin: ApiClient;
  let organisationId: string;
  const people: Record<string, { client: ApiClient; membershipId: string }> = {};
  let care: string;
  let tiny: string;
  let teamA: string;
  let teamB: string;

  /** Runs one experiment through the whole loop; the owner is in `team`, the lead approves. */
  async function loop(
    owner: string,
    team: string,
    title: string,
    verdict: string,
    recommendation: string,
  ): Promise<{ id: string; lessonId: string }> {
    const o = people[owner].client;
    let e = (await o.post('/api/experiments', plan(team, title))).body;
    e = (await o.post(`/api/experiments/${e.id}/transitions`, { transition: 'propose', version: e.version }))
      .body;
    e = (
      await people['lead'].client.post(`/api/experiments/${e.id}/transitions`, {
        transition: 'approve',
        version: e.version,
        reason: 'yes',
      })
    ).body;
    e = (await o.post(`/api/experiments/${e.id}/transitions`, { transition: 'start', version: e.version }))
      .body;
    e = (
      await o.put(`/api/experiments/${e.id}/result`, {
        version: e.version,
        value: 4,
        verdict,
        evidence: 'data',
        actualHours: 3,
        actualSpendMinor: 500,
      })
    ).body;
    e = (await o.post(`/api/experiments/${e.id}/transitions`, { transition: 'conclude', version: e.version }))
      .body;
    e = (
      await o.put(`/api/experiments/${e.id}/lesson`, {
        version: e.version,
        insight: `${title} taught us something`,
        recommendation,
        assumptionBefore: 'A',
        assumptionAfter: verdict === 'refuted' ? 'B' : 'A',
        visibility: 'organisation',
      })
    ).body;
    e = (await o.post(`/api/experiments/${e.id}/transitions`, { transition: 'learn', version: e.version }))
      .body;
    return { id: e.id, lessonId: e.lessonId };
  }

  /** Waits until the worker has folded in every event that counts. */
  async function settled(): Promise<void> {
    await until(async () => {
      const [row] = await asOwner<{ pending: number }>(
        database.ownerUrl,
        `SELECT count(*)::int AS pending FROM experiment_event ev
          WHERE ev.organisation_id = $1 AND (ev.type = 'adopted' OR ev.transition IN ('start','stop','conclude','learn','approve','reject','request_changes'))
            AND NOT EXISTS (SELECT 1 FROM rollup_applied_event a WHERE a.organisation_id = ev.organisation_id AND a.event_id = ev.id)`,
        [organisationId],
      );
      return row.pending === 0;
    }, 20_000);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, backend, {
      LOG_LEVEL: process.env['DEBUG_LOG_LEVEL'] ?? 'error',
    });
    api = await startApi(config);
    worker = await startWorker(config);
    ({ client: admin } = await signUpOrganisation(api.url, 'Rolling'));
    organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    care = (await admin.post('/api/departments', { name: 'Care' })).body.id;
    tiny = (await admin.post('/api/departments', { name: 'Tiny' })).body.id;
    teamA = (await admin.post('/api/teams', { name: 'Ward A', departmentId: care })).body.id;
    teamB = (await admin.post('/api/teams', { name: 'Ward B', departmentId: tiny })).body.id;
    for (const [key, role, team] of [
      ['lead', 'team_lead', teamA],
      ['anna', 'member', teamA],
      ['bram', 'member', teamA],
      ['cem', 'member', teamA],
      ['dana', 'member', teamA],
      ['eva', 'member', teamB],
      ['head', 'department_head', null],
    ] as const) {
      people[key] = await addMember(database.ownerUrl, api.url, organisationId, role);
      if (team)
        await admin.post(`/api/teams/${team}/members`, {
          membershipId: people[key].membershipId,
          position: key === 'lead' ? 'lead' : 'member',
        });
    }
    await admin.post(`/api/teams/${teamB}/members`, {
      membershipId: people['lead'].membershipId,
      position: 'lead',
    });
    await admin.post(`/api/departments/${care}/heads`, { membershipId: people['head'].membershipId });
  }, hangGuardMs(60_000));

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await database?.drop();
  });

  it('counts the loop as it happens, and a full recompute finds zero differences', async () => {
    const first = await loop('anna', teamA, 'Confirmed and standardised', 'confirmed', 'standardise');
    await loop('bram', teamA, 'Refuted and abandoned', 'refuted', 'abandon');
    await loop('eva', teamB, 'Small team', 'confirmed', 'adopt');
    const adopted = await people['eva'].client.post(`/api/lessons/${first.lessonId}/adoptions`, {
      teamId: teamB,
    });
    expect(adopted.status).toBe(201);
    await settled();

    const month = (await admin.get('/api/rollups/organisation?period=month&count=1')).body;
    expect(month.series).toHaveLength(1);
    expect(month.series[0].metrics).toMatchObject({
      started: 3,
      concluded: 3,
      learned: 3,
      confirmed: 2,
      refuted: 1,
      validatedImprovements: 2,
      loopClosureRate: 1,
      knowledgeSpread: 1,
      doubleLoopShare: 0.333,
      learningVelocityDays: 0,
      hoursApproved: 12,
      hoursSpent: 9,
    });
    expect(month.series[0].metrics.participation).toBeGreaterThan(0);
    const ward = (await admin.get(`/api/rollups/teams/${teamA}?period=quarter&count=1`)).body;
    expect(ward).toMatchObject({ unitName: 'Ward A', headcount: 5, smallGroup: false });
    expect(ward.series[0].metrics).toMatchObject({ started: 2, knowledgeSpread: 1, participation: 0.4 });

    const snapshot = () =>
      asOwner(
        database.ownerUrl,
        `SELECT level, unit_id, period_type, period_start, counters, participants FROM rollup WHERE organisation_id = $1 ORDER BY 1, 2, 3, 4`,
        [organisationId],
      );
    const incremental = await snapshot();
    expect(incremental.length).toBeGreaterThan(20);
    // Three people started experiments this month: each counts once for the organisation, and where they are placed.
    const monthRows = incremental.filter((r: Record<string, unknown>) => r['period_type'] === 'month');
    expect(
      monthRows.find((r: Record<string, unknown>) => r['level'] === 'organisation')?.['participants'],
    ).toBe(3);
    expect(
      monthRows.find((r: Record<string, unknown>) => r['level'] === 'team' && r['unit_id'] === teamA)?.[
        'participants'
      ],
    ).toBe(2);
    const events = await worker
      .get(TenantTransactions)
      .run({ organisationId }, () => worker.get(RollupsService).recompute());
    expect(events).toBe(3 * 4 + 1); // approve, start, conclude, learn per loop, and one adoption
    expect(await snapshot()).toEqual(incremental);
  });

  it('counts an event once, however often its job runs', async () => {
    const [event] = await asOwner<{ id: string }>(
      database.ownerUrl,
      `SELECT id FROM experiment_event WHERE organisation_id = $1 AND transition = 'start' LIMIT 1`,
      [organisationId],
    );
    const before = (await admin.get('/api/rollups/organisation?period=year&count=1')).body.series[0].metrics
      .started;
    const applied = await worker
      .get(TenantTransactions)
      .run({ organisationId }, () => worker.get(RollupsService).apply(event.id));
    expect(applied).toBe(false);
    expect(
      (await admin.get('/api/rollups/organisation?period=year&count=1')).body.series[0].metrics.started,
    ).toBe(before);
  });

  it('compares departments on a funnel plot: each against the organisation’s rate, small groups flagged, never ranked', async () => {
    // By default the rate counts data-backed improvements; these two loops had no measure, so none are.
    const dataBacked = (
      await people['anna'].client.get('/api/rollups/comparison?metric=improvementRate&period=quarter&count=2')
    ).body;
    expect(dataBacked.headline).toBe('data-backed');
    expect(dataBacked.departments.map((d: { events: number }) => d.events)).toEqual([0, 0]);
    const { version } = (await admin.get('/api/organisation')).body;
    expect(
      (await admin.patch('/api/organisation', { version, headlineImprovements: 'self-reported' })).status,
    ).toBe(200);

    const response = await people['anna'].client.get(
      '/api/rollups/comparison?metric=improvementRate&period=quarter&count=2',
    );
    expect(response.status).toBe(200);
    const comparison = response.body;
    expect(comparison.headline).toBe('self-reported');
    expect(comparison.periods).toHaveLength(2);
    // One validated improvement each: Care over 5 people × 6 months, Tiny over 2 × 6.
    expect(comparison.funnel).toMatchObject({ model: 'rate', multiplier: 10 });
    expect(comparison.funnel.target).toBeCloseTo((2 / 42) * 10, 3);
    const [care, tiny] = comparison.departments;
    expect(care).toMatchObject({ name: 'Care', headcount: 5, smallGroup: false, events: 1, exposure: 30 });
    expect(care.value).toBeCloseTo(10 / 30, 3);
    expect(care.trend).toEqual([0, expect.any(Number)]);
    expect(tiny).toMatchObject({ name: 'Tiny', headcount: 2, smallGroup: true, events: 1, exposure: 12 });
    for (const department of [care, tiny]) {
      expect(department).not.toHaveProperty('rank');
      // Two improvements cannot tell two departments apart: both sit within their limits.
      expect(department.position).toBe('within');
      expect(department.limits.lower95).toBeLessThanOrEqual(department.value);
      expect(department.limits.upper95).toBeGreaterThanOrEqual(department.value);
    }
    // The smaller exposure gets the wider funnel.
    expect(tiny.limits.upper95 - tiny.limits.lower95).toBeGreaterThan(
      care.limits.upper95 - care.limits.lower95,
    );

    const participation = (
      await admin.get('/api/rollups/comparison?metric=participation&period=quarter&count=1')
    ).body;
    expect(participation.funnel.model).toBe('proportion');
    expect(participation.departments[0].limits.upper998).toBeLessThanOrEqual(1);

    const refused = await admin.get('/api/rollups/comparison?metric=validatedImprovements');
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('metric');

    const csv = await admin.get(
      '/api/rollups/comparison/export?metric=improvementRate&period=quarter&count=2',
    );
    expect(csv.body.split('\r\n')[0]).toMatch(
      /^department,n,small_group,improvementRate,events,exposure,lower_95,upper_95,lower_99_8,upper_99_8,position/,
    );
    expect(csv.body).toContain('Tiny,2,true,');
    expect(csv.body).not.toContain('rank');
  });

  it('shows one person’s figures only to them, their team leads and their department heads', async () => {
    const anna = people['anna'].membershipId;
    expect((await people['anna'].client.get(`/api/rollups/members/${anna}`)).status).toBe(200);
    expect((await people['lead'].client.get(`/api/rollups/members/${anna}`)).status).toBe(200);
    expect((await people['head'].client.get(`/api/rollups/members/${anna}`)).status).toBe(200);
    expect((await people['bram'].client.get(`/api/rollups/members/${anna}`)).status).toBe(403);
    expect((await people['eva'].client.get(`/api/rollups/members/${anna}/export`)).status).toBe(403);
    expect((await admin.get(`/api/rollups/members/${anna}`)).status).toBe(403); // admins are not line managers
  });

  it('keeps headcounts exact when many requests change the structure at once', async () => {
    const busy = (await admin.post('/api/departments', { name: 'Busy' })).body.id;
    const teams: string[] = [];
    for (const name of ['Busy one', 'Busy two', 'Busy three'])
      teams.push((await admin.post('/api/teams', { name, departmentId: busy })).body.id);
    const placed = await Promise.all(
      ['anna', 'bram', 'cem', 'dana', 'eva'].flatMap((key) =>
        teams.map((team) =>
          admin.post(`/api/teams/${team}/members`, {
            membershipId: people[key].membershipId,
            position: 'member',
          }),
        ),
      ),
    );
    expect(placed.map((r) => r.status)).toEqual(placed.map(() => 201));
    const comparison = (await admin.get('/api/rollups/comparison?metric=participation&period=month&count=1'))
      .body;
    expect(comparison.departments.find((d: { name: string }) => d.name === 'Busy')).toMatchObject({
      headcount: 5,
      smallGroup: false,
    });
    expect((await admin.get(`/api/rollups/teams/${teams[0]}?period=month&count=1`)).body.headcount).toBe(5);
  });
});
