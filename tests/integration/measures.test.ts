import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client';
import { signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, organisationSnapshot } from '../support/tenants';

/** Weekly periods from Monday 6 January 2025. */
const weeks = Array.from({ length: 30 }, (_, i) =>
  new Date(Date.UTC(2025, 0, 6 + 7 * i)).toISOString().slice(0, 10),
);
/** A stable process around 10 (alternating, so no rule fires), then a change that clearly lowers it. */
const baseline = [
  10.2, 9.6, 10.5, 9.9, 10.1, 9.4, 10.3, 9.8, 10.6, 9.7, 10.0, 9.5, 10.4, 9.9, 10.2, 9.6, 10.1, 9.8, 10.3,
  9.7,
];
const after = [6.1, 5.8, 6.3, 5.9, 6.0, 6.2, 5.7, 6.1, 5.9, 6.0];
const csv = [
  'period,value,note',
  ...weeks.map(
    (week, i) => `${week},${[...baseline, ...after][i]},${i === 20 ? '"first week, new handover"' : ''}`,
  ),
].join('\r\n');

describe('measures over time: data in, a change marked, the signal out', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let admin: ApiClient;
  let organisationId: string;
  let teamId: string;
  let experimentId: string;
  let measureId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    ({ client: admin } = await signUpOrganisation(api.url, 'Measure Care'));
    organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    const department = (await admin.post('/api/departments', { name: 'Care' })).body;
    teamId = (await admin.post('/api/teams', { name: 'Ward 3', departmentId: department.id })).body.id;
    experimentId = (await admin.post('/api/experiments', { title: 'Structured handover', teamId })).body.id;
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('creates a measure owned by a team', async () => {
    const created = await admin.post('/api/measures', {
      name: 'Falls per 1,000 bed days',
      unit: 'per 1,000 bed days',
      definition: 'Falls reported in the incident system.',
      direction: 'lower-is-better',
      kind: 'value',
      unitType: 'team',
      teamId,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Falls per 1,000 bed days',
      kind: 'value',
      unitType: 'team',
      teamId,
      unitName: 'Ward 3',
      pointCount: 0,
      version: 1,
    });
    measureId = created.body.id;
    const listed = await admin.get('/api/measures?limit=1');
    expect(listed.body.items.map((m: { id: string }) => m.id)).toEqual([measureId]);
    expect(listed.body.nextCursor).toBeNull();
  });

  it('previews a CSV without storing anything, then imports it whole, and audits the import', async () => {
    const preview = await admin.post(`/api/measures/${measureId}/points/import`, { csv, dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ dryRun: true, imported: 0, problems: [] });
    expect(preview.body.points).toHaveLength(30);
    expect(preview.body.points[20]).toEqual({
      row: 22,
      period: weeks[20],
      value: 6.1,
      numerator: null,
      denominator: null,
      note: 'first week, new handover',
    });
    expect((await admin.get(`/api/measures/${measureId}/points`)).body.items).toEqual([]);

    const imported = await admin.post(`/api/measures/${measureId}/points/import`, { csv });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ dryRun: false, imported: 30, problems: [] });
    const points = (await admin.get(`/api/measures/${measureId}/points`)).body.items;
    expect(points.map((p: { period: string; value: number }) => [p.period, p.value])).toEqual(
      weeks.map((w, i) => [w, [...baseline, ...after][i]]),
    );
    const audit = (await admin.get('/api/audit-events')).body.items as Array<{
      action: string;
      targetId: string;
      details: Record<string, unknown>;
    }>;
    expect(audit.filter((e) => e.action === 'measure.points_imported')).toEqual([
      expect.objectContaining({
        targetId: measureId,
        details: { rows: 30, firstPeriod: weeks[0], lastPeriod: weeks[29] },
      }),
    ]);
  });

  it('refuses a bad file with an error per row and column, and stores none of it', async () => {
    const before = await organisationSnapshot(database.ownerUrl, organisationId);
    const bad = [
      'period,value',
      '2026-01-05,abc',
      '2026-01-05,3',
      '2099-01-05,2',
      '05-01-2026,1',
      `${weeks[0]},5`,
      '2026-01-19,4',
    ].join('\n');
    const refused = await admin.post(`/api/measures/${measureId}/points/import`, { csv: bad });
    expect(refused.status).toBe(400);
    expect(
      refused.body.errors.map((e: { field: string; rule: string; row: number; column: string }) => [
        e.field,
        e.rule,
        e.row,
        e.column,
      ]),
    ).toEqual([
      ['csv.2.value', 'numeric', 2, 'value'],
      ['csv.3.period', 'duplicate', 3, 'period'],
      ['csv.4.period', 'range', 4, 'period'],
      ['csv.5.period', 'date', 5, 'period'],
      ['csv.6.period', 'exists', 6, 'period'],
    ]);
    expect(refused.body.errors[0].message).toBe('row 2, value: "abc" is not a number');

    const wrongColumns = await admin.post(`/api/measures/${measureId}/points/import`, {
      csv: 'period,numerator,denominator\n2026-01-05,1,2\n',
    });
    expect(wrongColumns.status).toBe(400);
    expect(
      wrongColumns.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`),
    ).toEqual([
      'csv.1.numerator:unknownColumn',
      'csv.1.denominator:unknownColumn',
      'csv.1.value:missingColumn',
    ]);

    const preview = await admin.post(`/api/measures/${measureId}/points/import`, { csv: bad, dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.points.map((p: { row: number }) => p.row)).toEqual([7]);
    expect(preview.body.problems).toHaveLength(5);
    expect(await organisationSnapshot(database.ownerUrl, organisationId)).toBe(before);
  });

  it('refuses bad single points naming the field: a zero denominator, one below its numerator, a period it has', async () => {
    const rate = (
      await admin.post('/api/measures', {
        name: 'Pressure ulcers',
        direction: 'lower-is-better',
        kind: 'proportion',
        multiplier: 100,
        unitType: 'organisation',
      })
    ).body;
    const zero = await admin.post(`/api/measures/${rate.id}/points`, {
      period: '2026-01-05',
      numerator: 1,
      denominator: 0,
    });
    expect(zero.status).toBe(400);
    expect(zero.body.errors).toEqual([expect.objectContaining({ field: 'denominator', rule: 'positive' })]);
    const below = await admin.post(`/api/measures/${rate.id}/points`, {
      period: '2026-01-05',
      numerator: 5,
      denominator: 4,
    });
    expect(below.body.errors).toEqual([
      expect.objectContaining({ field: 'denominator', rule: 'atLeastNumerator' }),
    ]);
    const wrongKind = await admin.post(`/api/measures/${rate.id}/points`, { period: '2026-01-05', value: 3 });
    expect(wrongKind.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'denominator',
      'numerator',
      'value',
    ]);
    const fine = await admin.post(`/api/measures/${rate.id}/points`, {
      period: '2026-01-05',
      numerator: 3,
      denominator: 40,
    });
    expect(fine.status).toBe(201);
    const again = await admin.post(`/api/measures/${rate.id}/points`, {
      period: '2026-01-05',
      numerator: 2,
      denominator: 40,
    });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'period', rule: 'unique' })]);
    const grid = await admin.put(`/api/measures/${rate.id}/points`, {
      points: [
        { period: '2026-01-12', numerator: 1, denominator: 30 },
        { period: '2026-01-12', numerator: 2, denominator: 30 },
      ],
    });
    expect(grid.status).toBe(400);
    expect(grid.body.errors).toEqual([
      expect.objectContaining({ field: 'points.1.period', rule: 'duplicate' }),
    ]);
    // A grid is stored whole or not at all: a bad fourth row refuses the three good ones, naming row and field.
    const before = (await admin.get(`/api/measures/${rate.id}/points`)).body.items.length;
    const partly = await admin.put(`/api/measures/${rate.id}/points`, {
      points: [
        { period: '2026-01-12', numerator: 1, denominator: 30 },
        { period: '2026-01-19', numerator: 2, denominator: 30 },
        { period: '2026-01-26', numerator: 3, denominator: 30 },
        { period: '2026-02-02', numerator: 4, denominator: 3 },
      ],
    });
    expect(partly.status).toBe(400);
    expect(partly.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(partly.body.errors).toEqual([
      expect.objectContaining({ field: 'points.3.denominator', rule: 'atLeastNumerator' }),
    ]);
    expect((await admin.get(`/api/measures/${rate.id}/points`)).body.items).toHaveLength(before);
  });

  it('says plainly when an experiment has no measure linked yet, and 404 when there is no such experiment', async () => {
    const unlinked = await admin.get(`/api/experiments/${experimentId}/measure`);
    expect(unlinked.status).toBe(200);
    expect(unlinked.body).toEqual({ link: null });
    const missing = await admin.get(`/api/experiments/${randomUUID()}/measure`);
    expect(missing.status).toBe(404);
  });

  it('marks the baseline and the change on the experiment, and the chart shows the improvement after it', async () => {
    const link = await admin.put(`/api/experiments/${experimentId}/measure`, {
      measureId,
      baseline: { from: weeks[0], through: weeks[19] },
      changes: [{ period: weeks[20], label: 'PDSA 1: structured handover' }],
    });
    expect(link.status).toBe(200);
    expect(link.body).toEqual({
      experimentId,
      measureId,
      measureName: 'Falls per 1,000 bed days',
      baseline: { from: weeks[0], through: weeks[19] },
      changes: [{ period: weeks[20], label: 'PDSA 1: structured handover' }],
    });
    expect((await admin.get(`/api/experiments/${experimentId}/measure`)).body).toEqual({ link: link.body });
    const beforeBaseline = await admin.put(`/api/experiments/${experimentId}/measure`, {
      measureId,
      baseline: { from: weeks[0], through: weeks[19] },
      changes: [{ period: weeks[10], label: 'too early' }],
    });
    expect(beforeBaseline.body.errors).toEqual([
      expect.objectContaining({ field: 'changes.0.period', rule: 'afterBaseline' }),
    ]);

    const chart = await admin.get(`/api/measures/${measureId}/chart`);
    expect(chart.status).toBe(200);
    const body = chart.body;
    expect(body.periods).toEqual(weeks);
    expect(body.plan).toMatchObject({
      experimentId,
      baseline: { from: weeks[0], through: weeks[19] },
      changes: [weeks[20]],
    });
    expect(body.changeIndexes).toEqual([20]);
    expect(body.annotations).toEqual([
      {
        experimentId,
        experimentTitle: 'Structured handover',
        baseline: { from: weeks[0], through: weeks[19] },
        changes: [{ period: weeks[20], label: 'PDSA 1: structured handover' }],
      },
    ]);
    // The limits come from the baseline and stay frozen after the change.
    const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
    expect(body.control.type).toBe('xmr');
    expect(body.control.centre[0]).toBeCloseTo(mean, 9);
    expect(body.control.centre[29]).toBeCloseTo(mean, 9);
    expect(body.control.lower[25]).toBe(body.control.lower[5]);
    const improvements = body.signals.filter((s: { class: string }) => s.class === 'improvement');
    expect(improvements.length).toBeGreaterThan(0);
    expect(improvements[0]).toMatchObject({
      rule: 'beyond-limit',
      ruleName: 'A point beyond a control limit',
      chart: 'control',
      side: 'low',
      detectedAt: 20,
      detectedPeriod: weeks[20],
    });
    expect(
      body.signals.filter(
        (s: { detectedAt: number; class: string }) => s.detectedAt < 20 && s.class !== 'neutral',
      ),
    ).toEqual([]);

    // A new phase from the change recalculates the limits there; `from` narrows the series.
    const rephased = (
      await admin.get(`/api/measures/${measureId}/chart?phase=${weeks[20]}&from=${weeks[10]}`)
    ).body;
    expect(rephased.periods).toEqual(weeks.slice(10));
    expect(rephased.control.centre.at(-1)).toBeCloseTo(after.reduce((a, b) => a + b, 0) / after.length, 9);
  });

  it('keeps the editing history of a point', async () => {
    const points = (await admin.get(`/api/measures/${measureId}/points`)).body.items as Array<{
      id: string;
      period: string;
      value: number;
    }>;
    const edited = await admin.patch(`/api/measures/${measureId}/points/${points[3].id}`, {
      value: 9.1,
      note: 'recount',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: points[3].id, period: weeks[3], value: 9.1, note: 'recount' });
    expect((await admin.delete(`/api/measures/${measureId}/points/${points[4].id}`)).status).toBe(204);
    const grid = await admin.put(`/api/measures/${measureId}/points`, {
      points: [
        { period: weeks[5], value: 9.5 },
        { period: '2025-08-04', value: 6.2 },
      ],
    });
    expect(grid.status).toBe(200);
    expect(grid.body).toHaveLength(30);

    const history = (await admin.get(`/api/measures/${measureId}/revisions`)).body.items as Array<{
      pointId: string;
      change: string;
      source: string;
      value: number;
      note: string;
    }>;
    expect(
      history.filter((r) => r.pointId === points[3].id).map((r) => [r.change, r.source, r.value, r.note]),
    ).toEqual([
      ['updated', 'entry', 9.1, 'recount'],
      ['created', 'import', baseline[3], ''],
    ]);
    expect(history.filter((r) => r.pointId === points[4].id).map((r) => [r.change, r.value])).toEqual([
      ['deleted', baseline[4]],
      ['created', baseline[4]],
    ]);
    expect(
      history
        .filter((r) => r.source === 'grid')
        .map((r) => r.change)
        .sort(),
    ).toEqual(['created', 'updated']);
  });

  it('pages through measures with a cursor, and leaves archived ones out unless asked', async () => {
    const first = await admin.get('/api/measures?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await admin.get(`/api/measures?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.nextCursor).toBeNull();
    const both = [...first.body.items, ...second.body.items].map((m: { name: string }) => m.name).sort();
    expect(both).toEqual(['Falls per 1,000 bed days', 'Pressure ulcers']);
    const ulcers = [...first.body.items, ...second.body.items].find(
      (m: { name: string }) => m.name === 'Pressure ulcers',
    );
    expect((await admin.delete(`/api/measures/${ulcers.id}`)).status).toBe(204);
    expect((await admin.get('/api/measures')).body.items.map((m: { name: string }) => m.name)).toEqual([
      'Falls per 1,000 bed days',
    ]);
    expect((await admin.get('/api/measures?archived=true')).body.items).toHaveLength(2);
    const late = await admin.post(`/api/measures/${ulcers.id}/points`, {
      period: '2026-01-19',
      numerator: 1,
      denominator: 30,
    });
    expect(late.status).toBe(409);
    expect((await admin.get(`/api/measures/${ulcers.id}/chart`)).status).toBe(200);
  });

  it('refuses an owner of the wrong kind or one that is not active here, naming the field', async () => {
    const measure = { name: 'Owned elsewhere', direction: 'lower-is-better', kind: 'value' };
    const wrongKind = await admin.post('/api/measures', {
      ...measure,
      unitType: 'team',
      teamId,
      departmentId: randomUUID(),
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors).toEqual([
      {
        field: 'departmentId',
        rule: 'notForUnitType',
        message: 'departmentId is only for a measure whose unitType is department',
      },
    ]);
    const unknownTeam = await admin.post('/api/measures', {
      ...measure,
      unitType: 'team',
      teamId: randomUUID(),
    });
    expect(unknownTeam.body.errors).toEqual([
      { field: 'teamId', rule: 'exists', message: 'teamId names no active team here' },
    ]);
    const department = (await admin.post('/api/departments', { name: 'Closing' })).body;
    expect((await admin.delete(`/api/departments/${department.id}`)).status).toBe(204);
    const archivedDepartment = await admin.post('/api/measures', {
      ...measure,
      unitType: 'department',
      departmentId: department.id,
    });
    expect(archivedDepartment.body.errors).toEqual([
      { field: 'departmentId', rule: 'exists', message: 'departmentId names no active department here' },
    ]);
  });

  it("lets only the experiment's owner, participants, team lead or an admin set its measure", async () => {
    const member = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    const link = { measureId, baseline: { from: weeks[0], through: weeks[19] }, changes: [] };
    const refused = await member.client.put(`/api/experiments/${experimentId}/measure`, link);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe(
      "Only owner, participant, team_lead, org_admin may set the experiment's measure",
    );
    expect((await admin.put(`/api/experiments/${randomUUID()}/measure`, link)).status).toBe(404);
  });

  it('versions edits', async () => {
    const stale = await admin.patch(`/api/measures/${measureId}`, { version: 7, name: 'Never' });
    expect(stale.status).toBe(409);
    const renamed = await admin.patch(`/api/measures/${measureId}`, {
      version: 1,
      name: 'Falls per 1,000 occupied bed days',
    });
    expect(renamed.body).toMatchObject({ name: 'Falls per 1,000 occupied bed days', version: 2 });
  });

  it('answers 404 to another organisation, whatever the route', async () => {
    const { client: stranger } = await signUpOrganisation(api.url, 'Elsewhere');
    const points = (await admin.get(`/api/measures/${measureId}/points`)).body.items as Array<{ id: string }>;
    const before = await organisationSnapshot(database.ownerUrl, organisationId);
    const answers = [
      await stranger.get(`/api/measures/${measureId}`),
      await stranger.get(`/api/measures/${measureId}/chart`),
      await stranger.get(`/api/measures/${measureId}/points`),
      await stranger.get(`/api/experiments/${experimentId}/measure`),
      await stranger.post(`/api/measures/${measureId}/points/import`, { csv }),
      await stranger.patch(`/api/measures/${measureId}/points/${points[0].id}`, { value: 1 }),
      await stranger.put(`/api/experiments/${experimentId}/measure`, {
        measureId,
        baseline: { from: weeks[0], through: weeks[1] },
        changes: [],
      }),
      await stranger.delete(`/api/measures/${measureId}`),
    ];
    expect(answers.map((a) => a.status)).toEqual(Array(answers.length).fill(404));
    expect((await stranger.get('/api/measures')).body.items).toEqual([]);
    expect(await organisationSnapshot(database.ownerUrl, organisationId)).toBe(before);
  });
});
