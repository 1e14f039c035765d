import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ApiClient, signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner } from '../support/tenants';

/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document and bodies are read as data */

/** GETs still answering a bare array, each with the reason; the walk below refuses any other. */
/** 201s that create nothing a client can GET on its own URL. */
const notCreates: Record<string, string> = {
  'POST /api/auth/sign-up': 'opens a session for a new organisation; the session is not a resource',
  'POST /api/health/heartbeats': 'round-trips a job through the queue; nothing is kept',
  'POST /api/programmes/{id}/follow-ups':
    'decides a finished cycle: adopt or adapt start the next experiment (its Location is checked in programmes.test.ts), abandon creates nothing',
  'POST /api/scim/v2/Users':
    "SCIM's own protocol (RFC 7644: Location in meta and header), checked in scim.test.ts",
  'POST /api/scim/v2/Groups':
    "SCIM's own protocol (RFC 7644: Location in meta and header), checked in scim.test.ts",
};

const forged = Buffer.from(JSON.stringify(["x' OR 1=1--", 'y'])).toString('base64url');

/** A proposable plan for experiments whose approval lands in the admin's inbox. */
function plan(teamId: string, title: string) {
  return {
    title,
    teamId,
    problem: 'Medication errors cluster around the night-shift handover.',
    hypothesis: {
      change: 'a five-minute structured handover',
      outcome: 'fewer medication errors at night',
      measure: 'incidents per 1,000 administrations drop below 2',
    },
    metric: { name: 'Incidents', unit: 'per 1,000', baseline: 3.4, target: 2, direction: 'decrease' },
    plan: { start: '2026-12-01', end: '2027-02-28', checkInCadence: 'weekly' },
    request: { hours: 1, amountMinor: 100 },
  };
}

interface World {
  admin: ApiClient;
  organisationId: string;
  membershipId: string;
  departmentId: string;
  teamId: string;
  otherTeamId: string;
  experimentId: string;
  measureId: string;
  reviewId: string;
}

/** At least two of everything a list shows, so a page of one item never holds the whole list. */
async function arrangeWorld(database: TestDatabase, api: RunningApi): Promise<World> {
  const { client: admin } = await signUpOrganisation(api.url, 'Paging Care');
  const me = (await admin.get('/api/auth/me')).body;
  const post = async (path: string, body: unknown) => {
    const response = await admin.post(path, body);
    if (response.status !== 201)
      throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const care = await post('/api/departments', { name: 'Care' });
  await post('/api/departments', { name: 'Support' });
  const ward = await post('/api/teams', { name: 'Ward', departmentId: care.id });
  const rehab = await post('/api/teams', { name: 'Rehab', departmentId: care.id });
  await post(`/api/teams/${ward.id}/members`, { membershipId: me.membershipId, position: 'lead' });
  const owner = await addMember(database.ownerUrl, api.url, me.organisationId, 'member');
  await post(`/api/teams/${ward.id}/members`, { membershipId: owner.membershipId, position: 'member' });
  await post('/api/invitations', { email: 'one@paging.test', role: 'member' });
  await post('/api/invitations', { email: 'two@paging.test', role: 'member' });
  await post('/api/budget-envelopes', {
    teamId: ward.id,
    quarter: '2026-Q4',
    hoursBudget: 100,
    amountBudgetMinor: 100_000,
  });
  await post('/api/budget-envelopes', {
    teamId: ward.id,
    quarter: '2027-Q1',
    hoursBudget: 100,
    amountBudgetMinor: 100_000,
  });

  // Four proposals: two wait in the admin's inbox, the third runs and collects check-ins and comments, and the
  // third and fourth, approved by the admin, each get a decision against their rule for the admin to review.
  const experiments = [];
  for (const title of ['Handover', 'Checklist', 'Huddle', 'Rota']) {
    const created = await owner.client.post('/api/experiments', plan(ward.id, title));
    const proposed = await owner.client.post(`/api/experiments/${created.body.id}/transitions`, {
      transition: 'propose',
      version: created.body.version,
    });
    if (proposed.status !== 200) throw new Error(`propose: ${JSON.stringify(proposed.body)}`);
    experiments.push(proposed.body);
  }
  const running = experiments[2];
  const approved = await admin.post(`/api/experiments/${running.id}/transitions`, {
    transition: 'approve',
    version: running.version,
    reason: 'Go',
  });
  await admin.post(`/api/experiments/${experiments[3].id}/transitions`, {
    transition: 'approve',
    version: experiments[3].version,
    reason: 'Go',
  });
  await owner.client.post(`/api/experiments/${running.id}/transitions`, {
    transition: 'start',
    version: approved.body.version,
  });
  for (const progress of ['Week one', 'Week two']) {
    await owner.client.post(`/api/experiments/${running.id}/check-ins`, { progress, confidence: 3 });
    await owner.client.post(`/api/experiments/${running.id}/comments`, { body: `On ${progress}` });
  }

  const measure = await post('/api/measures', {
    name: 'Falls',
    direction: 'lower-is-better',
    kind: 'value',
    unitType: 'team',
    teamId: ward.id,
  });
  await post('/api/measures', {
    name: 'Errors',
    direction: 'lower-is-better',
    kind: 'value',
    unitType: 'organisation',
  });
  await post(`/api/measures/${measure.id}/points`, { period: '2025-01-06', value: 3 });
  await post(`/api/measures/${measure.id}/points`, { period: '2025-01-13', value: 4 });

  await post('/api/scans', {
    title: 'Spring scan',
    closesAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  await post('/api/scans', {
    title: 'Autumn scan',
    closesAt: new Date(Date.now() + 7_200_000).toISOString(),
  });
  const cadence = await post('/api/review-cadences', {
    unitType: 'team',
    teamId: ward.id,
    frequency: 'weekly',
    hour: 15,
  });
  await post('/api/review-cadences', { unitType: 'organisation', frequency: 'monthly', hour: 9 });
  for (const name of ['Slack', 'Teams'])
    await post('/api/webhooks', {
      name,
      url: `https://hooks.example.com/${name}`,
      format: 'slack',
      events: ['review.closed'],
    });

  for (const title of ['Falls', 'Flow'])
    await post('/api/programmes', { title, unitType: 'department', departmentId: care.id });
  for (const name of ['Sync', 'Report']) {
    await post('/api/organisation-tokens', { name, scopes: ['experiments.read'] });
    await post('/api/personal-tokens', { name, scopes: ['experiments.read'] });
  }
  await post('/api/account/data-exports', {});
  await post('/api/account/data-exports', {});

  // What the worker's schedules make is arranged in the database, as the tenant-isolation sweep does.
  const reviewIds = [randomUUID(), randomUUID()];
  const scoped = (statement: string) =>
    `WITH scope AS (SELECT set_config('app.organisation_id', $1::text, true)) ${statement}`;
  for (const [i, reviewId] of reviewIds.entries()) {
    await asOwner(
      database.ownerUrl,
      scoped(`INSERT INTO review (organisation_id, id, cadence_id, unit_type, team_id, opens_at, period_start, period_end)
              SELECT $1::uuid, $2::uuid, $3::uuid, 'team', $4::uuid, now() - make_interval(days => $5), now() - interval '30 days', now() FROM scope`),
      [me.organisationId, reviewId, cadence.id, ward.id, i],
    );
    await asOwner(
      database.ownerUrl,
      scoped(`INSERT INTO lesson (organisation_id, id, experiment_id, team_id, department_id, author_membership_id, insight, recommendation, visibility)
              SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::uuid, $6::uuid, 'Arranged lesson', 'adopt', 'organisation' FROM scope`),
      [me.organisationId, randomUUID(), experiments[i].id, ward.id, care.id, me.membershipId],
    );
    await asOwner(
      database.ownerUrl,
      scoped(`INSERT INTO experiment_decision (organisation_id, experiment_id, decision, proposed_decision, reason, decided_by, review_status)
              SELECT $1::uuid, $2::uuid, 'adopt', 'abandon', 'Arranged', $3::uuid, 'pending' FROM scope`),
      [me.organisationId, experiments[2 + i].id, owner.membershipId],
    );
    await asOwner(
      database.ownerUrl,
      scoped(`INSERT INTO notification (organisation_id, id, recipient_membership_id, kind, dedupe_key)
              SELECT $1::uuid, $2::uuid, $3::uuid, 'review_opened', $4 FROM scope`),
      [me.organisationId, randomUUID(), me.membershipId, `arranged-${i}`],
    );
    await asOwner(
      database.ownerUrl,
      scoped(`INSERT INTO reminder (organisation_id, id, kind, experiment_id, recipient_membership_id, due_at, fire_at)
              SELECT $1::uuid, $2::uuid, 'check_in_due', $3::uuid, $4::uuid, now() + make_interval(days => $5), now() + make_interval(days => $5) FROM scope`),
      [me.organisationId, randomUUID(), running.id, me.membershipId, i + 1],
    );
  }
  return {
    admin,
    organisationId: me.organisationId,
    membershipId: me.membershipId,
    departmentId: care.id,
    teamId: ward.id,
    otherTeamId: rehab.id,
    experimentId: running.id,
    measureId: measure.id,
    reviewId: reviewIds[0],
  };
}

function schemaOf(document: any, schema: any): any {
  return schema?.$ref ? document.components.schemas[schema.$ref.split('/').pop()] : schema;
}

describe('one list shape and one create answer', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let world: World;
  let document: any;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    world = await arrangeWorld(database, api);
    document = (await new ApiClient(api.url).get('/api/docs/json')).body;
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  /** Every GET the document answers with a collection, with its path filled in from the arranged world. */
  function lists(): Array<{ path: string; url: string; limit: any }> {
    const found = [];
    for (const [path, operations] of Object.entries<any>(document.paths)) {
      const schema = schemaOf(
        document,
        operations.get?.responses?.['200']?.content?.['application/json']?.schema,
      );
      if (!schema?.properties?.items && schema?.type !== 'array') continue;
      const limit = operations.get.parameters?.find(
        (p: any) => p.name === 'limit' && p.in === 'query',
      )?.schema;
      const url = path.replace(
        '{id}',
        path.startsWith('/api/measures') ? world.measureId : world.experimentId,
      );
      found.push({ path, url, limit, schema });
    }
    return found;
  }

  it('answers every collection as { items, nextCursor }, with a documented limit and cursor', () => {
    const found = lists();
    expect(found.length).toBeGreaterThanOrEqual(20);
    for (const { path, limit, schema } of found as any[]) {
      expect({ path, type: schema.type, required: schema.required }).toEqual({
        path,
        type: 'object',
        required: expect.arrayContaining(['items', 'nextCursor']),
      });
      expect({ path, limit }).toEqual({
        path,
        limit: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 200, default: 50 }),
      });
      const cursor = document.paths[path].get.parameters.find((p: any) => p.name === 'cursor');
      expect({ path, cursor: cursor?.in }).toEqual({ path, cursor: 'query' });
    }
  });

  it('pages through every list with a limit of one, showing each item exactly once', async () => {
    for (const { path, url, schema } of lists() as any[]) {
      const whole = await world.admin.get(`${url}?limit=200`);
      expect({ path, status: whole.status, nextCursor: whole.body.nextCursor }).toEqual({
        path,
        status: 200,
        nextCursor: null,
      });
      expect({ path, atLeastTwo: whole.body.items.length >= 2 }).toEqual({ path, atLeastTwo: true });
      // An item says what its schema documents and nothing more: no paging column, no other leftover of a row.
      const documented = Object.keys(schemaOf(document, schema.properties.items.items)?.properties ?? {});
      const undocumented = [...new Set(whole.body.items.flatMap((item: object) => Object.keys(item)))].filter(
        (key) => !documented.includes(key as string),
      );
      expect({ path, undocumented }).toEqual({ path, undocumented: [] });
      const walked: unknown[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: any = await world.admin.get(
          `${url}?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect({ path, status: page.status, size: page.body.items?.length }).toEqual({
          path,
          status: 200,
          size: 1,
        });
        walked.push(...page.body.items);
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor && pages <= whole.body.items.length);
      expect({ path, walked }).toEqual({ path, walked: whole.body.items });
    }
  });

  it('refuses a limit beyond the maximum and a forged cursor with a 400 naming the field', async () => {
    for (const { path, url } of lists()) {
      for (const [query, field] of [
        ['limit=201', 'limit'],
        ['limit=0', 'limit'],
        [`cursor=${forged}`, 'cursor'],
        ['cursor=not-a-cursor', 'cursor'],
      ]) {
        const response = await world.admin.get(`${url}?${query}`);
        expect({
          path,
          query,
          status: response.status,
          fields: response.body.errors?.map((e: any) => e.field),
        }).toEqual({
          path,
          query,
          status: 400,
          fields: [field],
        });
      }
    }
  });

  it('answers every create with 201, the item, and a Location whose GET answers the same item', async () => {
    const { admin } = world;
    const member = await addMember(database.ownerUrl, api.url, world.organisationId, 'member');
    const measure = (
      await admin.post('/api/measures', {
        name: 'Located',
        direction: 'lower-is-better',
        kind: 'value',
        unitType: 'organisation',
      })
    ).body;
    const lesson = (await admin.get('/api/lessons')).body.items[0];
    const programme = (
      await admin.post('/api/programmes', {
        title: 'Located',
        unitType: 'department',
        departmentId: world.departmentId,
      })
    ).body;
    const driver = (
      await admin.post(`/api/programmes/${programme.id}/nodes`, {
        kind: 'primary-driver',
        parentId: null,
        title: 'Located driver',
      })
    ).body;
    const idea = (
      await admin.post(`/api/programmes/${programme.id}/nodes`, {
        kind: 'change-idea',
        parentId: driver.id,
        title: 'Located idea',
      })
    ).body;
    const creates: Record<string, () => Promise<{ path: string; body: unknown }>> = {
      'POST /api/departments': async () => ({ path: '/api/departments', body: { name: 'Located' } }),
      'POST /api/departments/{id}/heads': async () => ({
        path: `/api/departments/${world.departmentId}/heads`,
        body: { membershipId: member.membershipId },
      }),
      'POST /api/teams': async () => ({
        path: '/api/teams',
        body: { name: 'Located', departmentId: world.departmentId },
      }),
      'POST /api/teams/{id}/members': async () => ({
        path: `/api/teams/${world.teamId}/members`,
        body: { membershipId: member.membershipId, position: 'member' },
      }),
      'POST /api/invitations': async () => ({
        path: '/api/invitations',
        body: { email: 'located@paging.test', role: 'member' },
      }),
      'POST /api/experiments': async () => ({
        path: '/api/experiments',
        body: { title: 'Located', teamId: world.teamId },
      }),
      'POST /api/experiments/{id}/check-ins': async () => ({
        path: `/api/experiments/${world.experimentId}/check-ins`,
        body: { progress: 'Located', confidence: 4 },
      }),
      'POST /api/experiments/{id}/comments': async () => ({
        path: `/api/experiments/${world.experimentId}/comments`,
        body: { body: 'Located' },
      }),
      'POST /api/lessons/{id}/adoptions': async () => ({
        path: `/api/lessons/${lesson.id}/adoptions`,
        body: { teamId: world.otherTeamId },
      }),
      'POST /api/budget-envelopes': async () => ({
        path: '/api/budget-envelopes',
        body: { teamId: world.teamId, quarter: '2027-Q2', hoursBudget: 1, amountBudgetMinor: 1 },
      }),
      'POST /api/measures': async () => ({
        path: '/api/measures',
        body: { name: 'Located too', direction: 'lower-is-better', kind: 'value', unitType: 'organisation' },
      }),
      'POST /api/measures/{id}/points': async () => ({
        path: `/api/measures/${measure.id}/points`,
        body: { period: '2025-02-03', value: 1 },
      }),
      'POST /api/review-cadences': async () => ({
        path: '/api/review-cadences',
        body: { unitType: 'department', departmentId: world.departmentId, frequency: 'weekly', hour: 10 },
      }),
      'POST /api/reviews/{id}/reflections': async () => ({
        path: `/api/reviews/${world.reviewId}/reflections`,
        body: { body: 'Located' },
      }),
      'POST /api/webhooks': async () => ({
        path: '/api/webhooks',
        body: {
          name: 'Located',
          url: 'https://hooks.example.com/located',
          format: 'slack',
          events: ['review.closed'],
        },
      }),
      'POST /api/scan-instrument/statements': async () => ({
        path: '/api/scan-instrument/statements',
        body: {
          dimension: 'building_trust',
          en: 'We say so when we are wrong.',
          nl: 'We zeggen het als we ongelijk hebben.',
        },
      }),
      'POST /api/scans': async () => ({
        path: '/api/scans',
        body: { title: 'Located scan', closesAt: new Date(Date.now() + 3_600_000).toISOString() },
      }),
      'POST /api/programmes': async () => ({
        path: '/api/programmes',
        body: { title: 'Located too', unitType: 'department', departmentId: world.departmentId },
      }),
      'POST /api/programmes/{id}/nodes': async () => ({
        path: `/api/programmes/${programme.id}/nodes`,
        body: { kind: 'secondary-driver', parentId: driver.id, title: 'Located secondary' },
      }),
      'POST /api/programmes/{id}/nodes/{nodeId}/experiments': async () => ({
        path: `/api/programmes/${programme.id}/nodes/${idea.id}/experiments`,
        body: { experimentId: world.experimentId },
      }),
      'POST /api/organisation-tokens': async () => ({
        path: '/api/organisation-tokens',
        body: { name: 'Located', scopes: ['experiments.read'] },
      }),
      'POST /api/personal-tokens': async () => ({
        path: '/api/personal-tokens',
        body: { name: 'Located', scopes: ['experiments.read'] },
      }),
      'POST /api/account/data-exports': async () => ({ path: '/api/account/data-exports', body: {} }),
      'POST /api/members/{id}/data-exports': async () => ({
        path: `/api/members/${member.membershipId}/data-exports`,
        body: {},
      }),
    };

    const documented = Object.entries<any>(document.paths).flatMap(([path, operations]) =>
      Object.entries<any>(operations)
        .filter(([, operation]) => operation.responses?.['201']?.content)
        .map(([method, operation]) => ({
          key: `${method.toUpperCase()} ${path}`,
          response: operation.responses['201'],
        })),
    );
    expect(documented.map((d) => d.key).filter((key) => !(key in creates) && !(key in notCreates))).toEqual(
      [],
    );

    for (const { key, response } of documented) {
      if (key in notCreates) continue;
      expect({ key, location: Object.keys(response.headers ?? {}) }).toEqual({ key, location: ['Location'] });
      const { path, body } = await creates[key]();
      const created = await admin.post(path, body);
      const location = created.headers.get('location');
      expect({ key, status: created.status, location: location?.startsWith('/api/') }).toEqual({
        key,
        status: 201,
        location: true,
      });
      const fetched = await admin.get(location as string);
      expect({ key, status: fetched.status }).toEqual({ key, status: 200 });
      // A webhook's secret and a token are shown once, at creation; every other item reads back as it was created.
      if (['POST /api/webhooks', 'POST /api/organisation-tokens', 'POST /api/personal-tokens'].includes(key))
        expect(fetched.body.id).toBe(created.body.id);
      else expect({ key, item: fetched.body }).toEqual({ key, item: created.body });
    }
  });
});
