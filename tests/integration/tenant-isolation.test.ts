import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { TenantTransactions, Db, PreparedQuery } from '@kaizen/api/data-access-db';
import { sql } from 'kysely';
import { ApiClient, signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { asOwner, organisationSnapshot } from '../support/tenants';
import { INSTRUMENT_V1 } from '@kaizen/shared/domain-scan';

interface Tenant {
  admin: ApiClient;
  organisationId: string;
  userId: string;
  membershipId: string;
  departmentId: string;
  teamId: string;
  invitationId: string;
  experimentId: string;
  lessonId: string;
  envelopeId: string;
  scanId: string;
  cadenceId: string;
  reviewId: string;
  webhookId: string;
  notificationId: string;
  measureId: string;
  pointId: string;
  organisationTokenId: string;
  personalTokenId: string;
  checkInId: string;
  commentId: string;
  dataExportId: string;
  programmeId: string;
  nodeId: string;
}

const scimUser = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'someone@example.com' };
const scimGroup = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Renamed' };
const scimPatch = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'replace', path: 'active', value: false }],
};

/** What each id-taking route needs besides the id, so the request is valid in every other way. */
const validBodies: Record<string, (own: Tenant) => unknown> = {
  'GET /api/departments/:id': () => undefined,
  'PATCH /api/departments/:id': () => ({ name: 'Renamed' }),
  'DELETE /api/departments/:id': () => undefined,
  'POST /api/departments/:id/heads': (own) => ({ membershipId: own.membershipId }),
  'DELETE /api/departments/:id/heads/:membershipId': () => undefined,
  'GET /api/teams/:id': () => undefined,
  'PATCH /api/teams/:id': () => ({ name: 'Renamed' }),
  'DELETE /api/teams/:id': () => undefined,
  'POST /api/teams/:id/members': (own) => ({ membershipId: own.membershipId, position: 'member' }),
  'DELETE /api/teams/:id/members/:membershipId': () => undefined,
  'GET /api/members/:id': () => undefined,
  'PATCH /api/members/:id': () => ({ version: 1, role: 'member' }),
  'GET /api/invitations/:id': () => undefined,
  'DELETE /api/invitations/:id': () => undefined,
  'GET /api/experiments/:id': () => undefined,
  'PATCH /api/experiments/:id': () => ({ version: 1, title: 'Renamed' }),
  'POST /api/experiments/:id/transitions': () => ({ version: 1, transition: 'propose' }),
  'PUT /api/experiments/:id/result': () => ({
    version: 1,
    value: 1,
    verdict: 'refuted',
    evidence: 'x',
    actualHours: 1,
    actualSpendMinor: 1,
  }),
  'PUT /api/experiments/:id/lesson': () => ({
    version: 1,
    insight: 'x',
    recommendation: 'adopt',
    visibility: 'organisation',
  }),
  'GET /api/experiments/:id/timeline': () => undefined,
  'GET /api/experiments/:id/check-ins': () => undefined,
  'GET /api/experiments/:id/check-ins/:checkInId': () => undefined,
  'POST /api/experiments/:id/check-ins': () => ({ progress: 'x', confidence: 3 }),
  'GET /api/experiments/:id/comments': () => undefined,
  'GET /api/experiments/:id/comments/:commentId': () => undefined,
  'POST /api/experiments/:id/comments': () => ({ body: 'x' }),
  'GET /api/lessons/:id': () => undefined,
  'POST /api/lessons/:id/adoptions': (own) => ({ teamId: own.teamId }),
  'GET /api/budget-envelopes/:id': () => undefined,
  'PATCH /api/budget-envelopes/:id': () => ({ version: 1, hoursBudget: 1 }),
  'GET /api/rollups/departments/:id': () => undefined,
  'GET /api/rollups/departments/:id/export': () => undefined,
  'GET /api/rollups/teams/:id': () => undefined,
  'GET /api/rollups/teams/:id/export': () => undefined,
  'GET /api/rollups/members/:id': () => undefined,
  'GET /api/rollups/members/:id/export': () => undefined,
  'GET /api/scans/:id': () => undefined,
  'POST /api/scans/:id/responses': () => ({
    answers: Object.fromEntries(INSTRUMENT_V1.statements.map((s) => [s.id, 3])),
  }),
  'POST /api/scans/:id/reminders': () => undefined,
  'POST /api/scans/:id/close': () => undefined,
  'GET /api/scans/:id/results': () => undefined,
  'GET /api/review-cadences/:id': () => undefined,
  'PUT /api/review-cadences/:id': () => ({ frequency: 'weekly', hour: 10, version: 1, active: true }),
  'GET /api/reviews/:id': () => undefined,
  'POST /api/reviews/:id/reflections': () => ({ body: 'What we noticed' }),
  'POST /api/reviews/:id/close': () => ({ takeaways: ['Keep the handover order'] }),
  'GET /api/webhooks/:id': () => undefined,
  'PUT /api/webhooks/:id': () => ({
    name: 'Renamed',
    url: 'https://hooks.example.com/other',
    events: ['review.closed'],
    version: 1,
    active: true,
  }),
  'DELETE /api/webhooks/:id': () => undefined,
  'POST /api/notifications/:id/read': () => undefined,
  'GET /api/measures/:id': () => undefined,
  'PATCH /api/measures/:id': () => ({ version: 1, name: 'Renamed' }),
  'DELETE /api/measures/:id': () => undefined,
  'GET /api/measures/:id/chart': () => undefined,
  'GET /api/measures/:id/points': () => undefined,
  'POST /api/measures/:id/points': () => ({ period: '2026-01-05', value: 1 }),
  'PUT /api/measures/:id/points': () => ({ points: [{ period: '2026-01-12', value: 2 }] }),
  'POST /api/measures/:id/points/import': () => ({ csv: 'period,value\n2026-01-19,3\n' }),
  'GET /api/measures/:id/points/:pointId': () => undefined,
  'GET /api/measures/:id/revisions': () => undefined,
  'PATCH /api/measures/:id/points/:pointId': () => ({ value: 4 }),
  'DELETE /api/measures/:id/points/:pointId': () => undefined,
  'POST /api/members/:id/data-exports': () => undefined,
  'POST /api/members/:id/erasure': () => ({ confirmName: 'Admin of Alpha' }),
  'GET /api/account/data-exports/:id': () => undefined,
  'GET /api/account/data-exports/:id/file': () => undefined,
  'GET /api/experiments/:id/decision': () => undefined,
  'PUT /api/experiments/:id/decision-rule': () => ({
    prediction: { direction: 'decrease' },
    rule: { withinPeriods: 4 },
  }),
  'PUT /api/experiments/:id/decision': () => ({ decision: 'adopt', reason: 'why' }),
  'POST /api/experiments/:id/decision/review': () => ({ outcome: 'upheld' }),
  'GET /api/experiments/:id/measure': () => undefined,
  'PUT /api/experiments/:id/measure': (own) => ({
    measureId: own.measureId,
    baseline: { from: '2025-01-06', through: '2025-05-19' },
    changes: [],
  }),
  'GET /api/organisation-tokens/:id': () => undefined,
  'DELETE /api/organisation-tokens/:id': () => undefined,
  'GET /api/personal-tokens/:id': () => undefined,
  'DELETE /api/personal-tokens/:id': () => undefined,
  'GET /api/scim/v2/Users/:id': () => undefined,
  'PUT /api/scim/v2/Users/:id': () => scimUser,
  'PATCH /api/scim/v2/Users/:id': () => scimPatch,
  'DELETE /api/scim/v2/Users/:id': () => undefined,
  'GET /api/scim/v2/Groups/:id': () => undefined,
  'PUT /api/scim/v2/Groups/:id': () => scimGroup,
  'PATCH /api/scim/v2/Groups/:id': () => ({
    schemas: scimPatch.schemas,
    Operations: [{ op: 'replace', path: 'displayName', value: 'Renamed' }],
  }),
  'DELETE /api/scim/v2/Groups/:id': () => undefined,
  'GET /api/programmes/:id': () => undefined,
  'GET /api/programmes/:id/review-cadence': () => undefined,
  'PUT /api/programmes/:id/review-cadence': () => ({ frequency: 'weekly', weekday: 3, hour: 9 }),
  'PATCH /api/programmes/:id': () => ({ version: 1, title: 'Renamed' }),
  'DELETE /api/programmes/:id': () => undefined,
  'PUT /api/programmes/:id/override': () => ({ score: 3, reason: 'A written reason for it' }),
  'DELETE /api/programmes/:id/override': () => undefined,
  'POST /api/programmes/:id/nodes': () => ({ kind: 'primary-driver', parentId: null, title: 'Driver' }),
  'GET /api/programmes/:id/nodes/:nodeId': () => undefined,
  'PATCH /api/programmes/:id/nodes/:nodeId': () => ({ title: 'Renamed' }),
  'DELETE /api/programmes/:id/nodes/:nodeId': () => undefined,
  'POST /api/programmes/:id/nodes/:nodeId/experiments': (own) => ({ experimentId: own.experimentId }),
  'DELETE /api/programmes/:id/nodes/:nodeId/experiments/:experimentId': () => undefined,
  'POST /api/programmes/:id/follow-ups': (own) => ({
    fromExperimentId: own.experimentId,
    decision: 'abandon',
  }),
};

/** Routes whose parameter is not a tenant id, and where that is tested instead. */
const notTenantIds: Record<string, string> = {
  'GET /api/auth/invitations/:token':
    'a secret token, not an id: unknown and used tokens are covered in auth.test.ts',
  'GET /api/scim/v2/ResourceTypes/:name': 'the name of a SCIM resource type, the same for every organisation',
  'GET /api/scim/v2/Schemas/:uri': 'the URI of a SCIM schema, the same for every organisation',
  'GET /api/auth/sso/:organisationSlug/start':
    "an organisation's public sign-in name, not an id: unknown names and other organisations' settings are covered in sso.test.ts",
};

async function arrangeTenant(baseUrl: string, ownerUrl: string, name: string): Promise<Tenant> {
  const { client: admin } = await signUpOrganisation(baseUrl, name);
  const me = (await admin.get('/api/auth/me')).body;
  const department = (await admin.post('/api/departments', { name: `${name} care` })).body;
  const team = (await admin.post('/api/teams', { name: `${name} ward`, departmentId: department.id })).body;
  await admin.post(`/api/teams/${team.id}/members`, { membershipId: me.membershipId, position: 'lead' });
  await admin.post(`/api/departments/${department.id}/heads`, { membershipId: me.membershipId });
  const invitation = (
    await admin.post('/api/invitations', { email: `someone@${name.toLowerCase()}.test`, role: 'member' })
  ).body;
  const experiment = (await admin.post('/api/experiments', { title: `${name} experiment`, teamId: team.id }))
    .body;
  const envelope = (
    await admin.post('/api/budget-envelopes', {
      teamId: team.id,
      quarter: '2026-Q4',
      hoursBudget: 10,
      amountBudgetMinor: 1000,
    })
  ).body;
  const scan = (
    await admin.post('/api/scans', {
      title: `${name} scan`,
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
  ).body;
  const cadence = (
    await admin.post('/api/review-cadences', {
      unitType: 'team',
      teamId: team.id,
      frequency: 'weekly',
      hour: 15,
    })
  ).body;
  const webhook = (
    await admin.post('/api/webhooks', {
      name: 'Slack',
      url: 'https://hooks.example.com/x',
      format: 'slack',
      events: ['review.closed'],
    })
  ).body;
  const measure = (
    await admin.post('/api/measures', {
      name: `${name} falls`,
      direction: 'lower-is-better',
      kind: 'value',
      unitType: 'team',
      teamId: team.id,
    })
  ).body;
  const organisationToken = (
    await admin.post('/api/organisation-tokens', { name: `${name} sync`, scopes: ['scim.provision'] })
  ).body;
  const personalToken = (
    await admin.post('/api/personal-tokens', { name: `${name} mine`, scopes: ['experiments.read'] })
  ).body;
  const point = (await admin.post(`/api/measures/${measure.id}/points`, { period: '2025-01-06', value: 3 }))
    .body;
  const comment = (await admin.post(`/api/experiments/${experiment.id}/comments`, { body: 'Arranged' })).body;
  await admin.put(`/api/experiments/${experiment.id}/measure`, {
    measureId: measure.id,
    baseline: { from: '2025-01-06', through: '2025-05-19' },
    changes: [],
  });
  // A lesson needs a finished loop; arranged straight in the database to keep this test about isolation.
  const lessonId = randomUUID();
  await asOwner(
    ownerUrl,
    `WITH scope AS (SELECT set_config('app.organisation_id', $1::text, true))
     INSERT INTO lesson (organisation_id, id, experiment_id, team_id, department_id, author_membership_id, insight, recommendation, visibility)
     SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::uuid, $6::uuid, 'Arranged lesson', 'adopt', 'organisation' FROM scope`,
    [me.organisationId, lessonId, experiment.id, team.id, department.id, me.membershipId],
  );
  // Check-ins need a running experiment; arranged the same way.
  const checkInId = randomUUID();
  await asOwner(
    ownerUrl,
    `WITH scope AS (SELECT set_config('app.organisation_id', $1::text, true))
     INSERT INTO check_in (organisation_id, id, experiment_id, author_membership_id, progress, confidence)
     SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, 'Arranged check-in', 3 FROM scope`,
    [me.organisationId, checkInId, experiment.id, me.membershipId],
  );
  // A review and a notification come from the worker's schedules; arranged here for the same reason.
  const reviewId = randomUUID();
  const notificationId = randomUUID();
  await asOwner(
    ownerUrl,
    `WITH scope AS (SELECT set_config('app.organisation_id', $1::text, true))
     INSERT INTO review (organisation_id, id, cadence_id, unit_type, team_id, opens_at, period_start, period_end)
     SELECT $1::uuid, $2::uuid, $3::uuid, 'team', $4::uuid, now(), now() - interval '7 days', now() FROM scope`,
    [me.organisationId, reviewId, cadence.id, team.id],
  );
  await asOwner(
    ownerUrl,
    `WITH scope AS (SELECT set_config('app.organisation_id', $1::text, true))
     INSERT INTO notification (organisation_id, id, recipient_membership_id, kind, dedupe_key)
     SELECT $1::uuid, $2::uuid, $3::uuid, 'review_opened', 'arranged' FROM scope`,
    [me.organisationId, notificationId, me.membershipId],
  );
  const dataExport = (await admin.post('/api/account/data-exports')).body;
  const programme = (
    await admin.post('/api/programmes', { title: `${name} programme`, unitType: 'team', teamId: team.id })
  ).body;
  const driver = (
    await admin.post(`/api/programmes/${programme.id}/nodes`, {
      kind: 'primary-driver',
      parentId: null,
      title: 'Driver',
    })
  ).body;
  const idea = (
    await admin.post(`/api/programmes/${programme.id}/nodes`, {
      kind: 'change-idea',
      parentId: driver.id,
      title: 'Idea',
    })
  ).body;
  await admin.post(`/api/programmes/${programme.id}/nodes/${idea.id}/experiments`, {
    experimentId: experiment.id,
  });
  return {
    admin,
    dataExportId: dataExport.id,
    organisationId: me.organisationId,
    userId: me.userId,
    membershipId: me.membershipId,
    departmentId: department.id,
    teamId: team.id,
    invitationId: invitation.id,
    experimentId: experiment.id,
    lessonId,
    envelopeId: envelope.id,
    scanId: scan.id,
    cadenceId: cadence.id,
    reviewId,
    webhookId: webhook.id,
    notificationId,
    measureId: measure.id,
    pointId: point.id,
    organisationTokenId: organisationToken.id,
    personalTokenId: personalToken.id,
    checkInId,
    commentId: comment.id,
    programmeId: programme.id,
    nodeId: idea.id,
  };
}

function idFor(url: string, param: string, tenant: Tenant): string {
  if (param === 'membershipId') return tenant.membershipId;
  if (param === 'pointId') return tenant.pointId;
  if (param === 'checkInId') return tenant.checkInId;
  if (param === 'commentId') return tenant.commentId;
  if (param === 'nodeId') return tenant.nodeId;
  if (param === 'experimentId') return tenant.experimentId;
  const segments = url.split('/');
  // Roll-ups name the kind of unit after their own prefix: /api/rollups/teams/:id; SCIM after its version.
  const resource =
    segments[2] === 'rollups' ? segments[3] : segments[2] === 'scim' ? `scim ${segments[4]}` : segments[2];
  const ids: Record<string, string> = {
    departments: tenant.departmentId,
    teams: tenant.teamId,
    members: tenant.membershipId,
    invitations: tenant.invitationId,
    experiments: tenant.experimentId,
    lessons: tenant.lessonId,
    'budget-envelopes': tenant.envelopeId,
    scans: tenant.scanId,
    'review-cadences': tenant.cadenceId,
    reviews: tenant.reviewId,
    webhooks: tenant.webhookId,
    notifications: tenant.notificationId,
    measures: tenant.measureId,
    'organisation-tokens': tenant.organisationTokenId,
    'personal-tokens': tenant.personalTokenId,
    'scim Users': tenant.membershipId,
    'scim Groups': tenant.teamId,
    account: tenant.dataExportId,
    programmes: tenant.programmeId,
  };
  if (!ids[resource]) throw new Error(`no id of kind "${resource}" arranged for ${url}`);
  return ids[resource];
}

describe('tenant isolation', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    a = await arrangeTenant(api.url, database.ownerUrl, 'Alpha');
    b = await arrangeTenant(api.url, database.ownerUrl, 'Beta');
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('answers 404 to every id-taking route given another organisation’s id, and changes nothing there', async () => {
    const idRoutes = api.routes.filter(
      (r) => r.url.startsWith('/api/') && r.url.includes(':') && r.method !== 'HEAD',
    );
    const keys = idRoutes.map((r) => `${r.method} ${r.url}`);
    expect(keys.filter((key) => !(key in validBodies) && !(key in notTenantIds))).toEqual([]);
    expect(keys.length).toBeGreaterThanOrEqual(Object.keys(validBodies).length);

    const before = await organisationSnapshot(database.ownerUrl, b.organisationId);
    const outcomes: string[] = [];
    for (const route of idRoutes) {
      const key = `${route.method} ${route.url}`;
      if (key in notTenantIds) continue;
      const path = route.url.replace(/:(\w+)/g, (_, param: string) => idFor(route.url, param, b));
      const response = await a.admin.request(route.method, path, validBodies[key](a));
      outcomes.push(`${key} -> ${response.status}`);
    }
    expect(outcomes).toEqual(outcomes.map((line) => line.replace(/-> \d+$/, '-> 404')));
    expect(await organisationSnapshot(database.ownerUrl, b.organisationId)).toBe(before);
  });

  it('treats another organisation’s id inside a body exactly like an unknown one', async () => {
    const foreign = await a.admin.post('/api/teams', { name: 'Sneaky', departmentId: b.departmentId });
    const unknown = await a.admin.post('/api/teams', {
      name: 'Sneaky',
      departmentId: '01a20000-0000-7000-8000-000000000000',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toEqual(unknown.body);
    const place = await a.admin.post(`/api/teams/${a.teamId}/members`, {
      membershipId: b.membershipId,
      position: 'member',
    });
    expect(place.status).toBe(400);
    expect(place.body.errors).toEqual([expect.objectContaining({ field: 'membershipId', rule: 'exists' })]);
  });

  it('never lists another organisation’s rows', async () => {
    const members = (await a.admin.get('/api/members')).body.items as Array<{ id: string }>;
    const departments = (await a.admin.get('/api/departments')).body.items as Array<{ id: string }>;
    const audit = (await a.admin.get('/api/audit-events')).body.items as Array<{ targetId: string | null }>;
    expect(members.map((m) => m.id)).toEqual([a.membershipId]);
    const scimUsers = (await a.admin.get('/api/scim/v2/Users')).body as { Resources: Array<{ id: string }> };
    expect(scimUsers.Resources.map((u) => u.id)).toEqual([a.membershipId]);
    const tokens = (await a.admin.get('/api/organisation-tokens')).body as { items: Array<{ id: string }> };
    expect(tokens.items.map((t) => t.id)).toEqual([a.organisationTokenId]);
    expect(departments.map((d) => d.id)).toEqual([a.departmentId]);
    expect(audit.map((e) => e.targetId)).not.toContain(b.invitationId);
  });

  it('shows a query without the tenant setting zero rows, though rows exist', async () => {
    const [{ count }] = await asOwner<{ count: string }>(
      database.ownerUrl,
      'SELECT count(*) FROM membership',
    );
    expect(Number(count)).toBe(2);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      for (const table of [
        'organisation',
        'department',
        'team',
        'membership',
        'team_membership',
        'department_head',
        'invitation',
        'audit_event',
      ]) {
        const { rows } = await client.query(`SELECT count(*)::int AS count FROM ${table}`);
        expect({ table, count: rows[0].count }).toEqual({ table, count: 0 });
      }
      await expect(
        client.query(`INSERT INTO department (organisation_id, id, name) VALUES ($1, $2, 'Planted')`, [
          b.organisationId,
          a.departmentId,
        ]),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await client.end();
    }
  });

  it('leaves no tenant on a pooled connection once its transaction ends', async () => {
    const pool = new Pool({ connectionString: database.url, max: 1 });
    try {
      const client = await pool.connect();
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.organisation_id', $1, true)`, [a.organisationId]);
      const inside = await client.query('SELECT count(*)::int AS count FROM department');
      await client.query('COMMIT');
      client.release();
      expect(inside.rows[0].count).toBe(1);

      const same = await pool.connect(); // max 1: the very same connection
      const setting = await same.query(
        `SELECT coalesce(current_setting('app.organisation_id', true), '') AS org`,
      );
      const after = await same.query('SELECT count(*)::int AS count FROM department');
      same.release();
      expect(setting.rows[0].org).toBe('');
      expect(after.rows[0].count).toBe(0);
    } finally {
      await pool.end();
    }
  });

  it('runs the API’s own transactions the same way: the setting ends with the transaction', async () => {
    const transactions = api.app.get(TenantTransactions);
    const db = api.app.get(Db);
    const dataSource = api.app.get<DataSource>(getDataSourceToken());
    const seen = await transactions.run({ organisationId: b.organisationId }, () =>
      db.selectFrom('team').select('id').execute(),
    );
    expect(seen.map((row) => row.id)).toEqual([b.teamId]);
    const settings = await Promise.all(
      Array.from({ length: 12 }, () =>
        dataSource.query(`SELECT coalesce(current_setting('app.organisation_id', true), '') AS org`),
      ),
    );
    expect(settings.flat().map((row) => row.org)).toEqual(Array(12).fill(''));
    await expect(db.selectFrom('team').select('id').execute()).rejects.toThrow(
      /outside TenantTransactions.run/,
    );
  });

  it('runs a read’s statements each in the tenant entered with it, checked before any row comes back, leaving nothing on the pool', async () => {
    const transactions = api.app.get(TenantTransactions);
    const db = api.app.get(Db);
    const dataSource = api.app.get<DataSource>(getDataSourceToken());
    const entries: Array<string | null> = [];
    const seen = await transactions.read(
      { organisationId: b.organisationId, userId: b.userId, membershipId: b.membershipId },
      ({ role }) => void entries.push(role),
      async () => [
        await db.selectFrom('team').select('id').execute(),
        await db.selectFrom('membership').select('id').execute(),
      ],
    );
    expect(seen).toEqual([[{ id: b.teamId }], [{ id: b.membershipId }]]);
    expect(entries).toEqual(['org_admin', 'org_admin']); // entered, and the membership read, with each statement
    const settings = await Promise.all(
      Array.from({ length: 12 }, () =>
        dataSource.query(`SELECT coalesce(current_setting('app.organisation_id', true), '') AS org`),
      ),
    );
    expect(settings.flat().map((row) => row.org)).toEqual(Array(12).fill(''));

    const reached: unknown[] = [];
    await expect(
      transactions.read(
        { organisationId: b.organisationId, userId: b.userId, membershipId: b.membershipId },
        () => {
          throw new Error('refused');
        },
        async () => reached.push(await db.selectFrom('team').select('id').execute()),
      ),
    ).rejects.toThrow('refused');
    expect(reached).toEqual([]);
  });

  it('keeps a pooled connection whole when a prepared read fails, at execution or at parsing', async () => {
    const transactions = api.app.get(TenantTransactions);
    const db = api.app.get(Db);
    const scope = { organisationId: b.organisationId, userId: b.userId, membershipId: b.membershipId };
    const read = <T>(work: () => Promise<T>) => transactions.read(scope, () => undefined, work);
    const divide = new PreparedQuery((v: { by: string }) =>
      db.selectFrom('team').select(sql<number>`10 / cast(${v.by} as int)`.as('q')),
    );
    const broken = new PreparedQuery((v: { id: string }) =>
      db
        .selectFrom('team')
        .select(sql<string>`no_such_column`.as('x'))
        .where('id', '=', v.id),
    );
    const run = <R>(query: ReturnType<PreparedQuery<Record<string, string>, R>['with']>) =>
      read(async () => (await db.executeQuery(query)).rows);

    expect(await run(divide.with({ by: '2' }))).toEqual([{ q: 5 }]); // parsed and named on this connection
    await expect(run(divide.with({ by: '0' }))).rejects.toThrow(/division by zero/);
    expect(await run(divide.with({ by: '5' }))).toEqual([{ q: 2 }]); // still named there, bound again
    // The first statement on a fresh connection too (it also prepares the tenant's entry there): one pooled
    // connection is closed and the others held meanwhile, so the pool opens one.
    const pool = (api.app.get<DataSource>(getDataSourceToken()).driver as unknown as { master: Pool }).master;
    (await pool.connect()).release(true);
    const held = await Promise.all(Array.from({ length: pool.idleCount }, () => pool.connect()));
    try {
      for (let attempt = 0; attempt < 2; attempt++)
        await expect(run(broken.with({ id: b.teamId }))).rejects.toThrow(/no_such_column/); // not "does not exist"
    } finally {
      for (const client of held) client.release();
    }
    expect(await run(divide.with({ by: '10' }))).toEqual([{ q: 1 }]);
    expect(await read(() => db.selectFrom('team').select('id').execute())).toEqual([{ id: b.teamId }]);
  });

  it('reads on through a migration that changes what a prepared read returns; a transaction fails once and its connection goes', async () => {
    const transactions = api.app.get(TenantTransactions);
    const db = api.app.get(Db);
    const scope = { organisationId: b.organisationId, userId: b.userId, membershipId: b.membershipId };
    const teams = new PreparedQuery((v: { id: string }) =>
      db.selectFrom('team').selectAll().where('id', '=', v.id),
    );
    const select = async () => (await db.executeQuery(teams.with({ id: b.teamId }))).rows;
    const read = () => transactions.read(scope, () => undefined, select);
    const inTransaction = () => transactions.run(scope, select);
    expect(await read()).toEqual([expect.objectContaining({ id: b.teamId })]);
    // A deploy's migration adds a column while this process keeps the statement prepared on its connections.
    await asOwner(database.ownerUrl, 'ALTER TABLE team ADD COLUMN migration_probe integer');
    try {
      expect(await read()).toEqual([expect.objectContaining({ id: b.teamId, migration_probe: null })]);
    } finally {
      await asOwner(database.ownerUrl, 'ALTER TABLE team DROP COLUMN migration_probe');
    }
    // Inside a transaction the statement cannot be parsed again: that one fails, and the next runs on a fresh
    // connection (the pool lends the one the read just returned, which still holds the stale statement).
    await expect(inTransaction()).rejects.toThrow(/cached plan must not change result type/);
    const [team] = await inTransaction();
    expect(team).toEqual(expect.objectContaining({ id: b.teamId }));
    expect(team).not.toHaveProperty('migration_probe');
  });

  it('connects as a role that neither owns the tables nor bypasses row-level security, and every tenant table forces it', async () => {
    const [role] = await asOwner<{ rolsuper: boolean; rolbypassrls: boolean }>(
      database.ownerUrl,
      `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1`,
      [new URL(database.url).username],
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const tables = await asOwner<{
      relname: string;
      relrowsecurity: boolean;
      relforcerowsecurity: boolean;
      owner: string;
    }>(
      database.ownerUrl,
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner) AS owner
         FROM pg_class c JOIN information_schema.columns col ON col.table_name = c.relname AND col.column_name = 'organisation_id'
        WHERE col.table_schema = 'public' AND c.relkind = 'r'`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(8);
    for (const table of tables) {
      expect(table).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
      expect(table.owner).not.toBe(new URL(database.url).username);
    }
  });
});
