import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, permissions, roles, type Permission, type Role } from '@kaizen/shared/domain-access';
import type { ApiClient } from '../support/api-client';
import { signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember } from '../support/tenants';

const nobody = '01a20000-0000-7000-8000-000000000000';

/** One request per permission that changes nothing whatever the answer; `allowed` is the answer when permitted. */
const probes: Record<Permission, { method: string; path: string; body?: unknown; allowed: number }> = {
  'organisation.read': { method: 'GET', path: '/api/organisation', allowed: 200 },
  'organisation.manage': {
    method: 'PATCH',
    path: '/api/organisation',
    body: { version: 999, name: 'Never' },
    allowed: 409,
  },
  'structure.read': { method: 'GET', path: '/api/departments', allowed: 200 },
  'structure.manage': { method: 'DELETE', path: `/api/departments/${nobody}`, allowed: 404 },
  'members.read': { method: 'GET', path: '/api/members', allowed: 200 },
  'members.manage': { method: 'PATCH', path: `/api/members/${nobody}`, body: { version: 1 }, allowed: 404 },
  'invitations.manage': { method: 'GET', path: '/api/invitations', allowed: 200 },
  'audit.read': { method: 'GET', path: '/api/audit-events', allowed: 200 },
  'experiments.read': { method: 'GET', path: '/api/experiments', allowed: 200 },
  'experiments.write': {
    method: 'POST',
    path: '/api/experiments',
    body: { title: 'Probe', teamId: nobody },
    allowed: 400,
  },
  'approvals.read': { method: 'GET', path: '/api/approvals', allowed: 200 },
  'budgets.read': { method: 'GET', path: '/api/budget-envelopes', allowed: 200 },
  'budgets.manage': {
    method: 'PATCH',
    path: `/api/budget-envelopes/${nobody}`,
    body: { version: 1 },
    allowed: 404,
  },
  'lessons.read': { method: 'GET', path: '/api/lessons', allowed: 200 },
  'rollups.read': { method: 'GET', path: '/api/rollups/organisation', allowed: 200 },
  'scans.answer': { method: 'GET', path: '/api/scans', allowed: 200 },
  'scans.results': { method: 'GET', path: `/api/scans/${nobody}/results`, allowed: 404 },
  'scans.manage': { method: 'POST', path: `/api/scans/${nobody}/close`, allowed: 404 },
  'programmes.portfolio': { method: 'GET', path: '/api/programmes/portfolio', allowed: 200 },
  'reviews.read': { method: 'GET', path: '/api/reviews', allowed: 200 },
  'reviews.manage': {
    method: 'PUT',
    path: `/api/review-cadences/${nobody}`,
    body: { frequency: 'weekly', hour: 10, version: 1, active: true },
    allowed: 404,
  },
  'webhooks.manage': { method: 'GET', path: '/api/webhooks', allowed: 200 },
  'tokens.manage': { method: 'GET', path: '/api/organisation-tokens', allowed: 200 },
  'scim.provision': { method: 'GET', path: `/api/scim/v2/Users/${nobody}`, allowed: 404 },
};

describe('the permission matrix, enforced over HTTP cell by cell', () => {
  let database: TestDatabase;
  let api: RunningApi;
  const clients = {} as Record<Role, ApiClient>;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    const { client: admin } = await signUpOrganisation(api.url, 'Matrix');
    const { organisationId } = (await admin.get('/api/auth/me')).body;
    for (const role of roles)
      clients[role] = (await addMember(database.ownerUrl, api.url, organisationId, role)).client;
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('has a probe for every permission', () => {
    expect(Object.keys(probes).sort()).toEqual([...permissions].sort());
  });

  for (const permission of permissions) {
    for (const role of roles) {
      const allowed = can(role, permission);
      it(`${role} ${allowed ? 'may' : 'may not'} ${permission}`, async () => {
        const probe = probes[permission];
        const response = await clients[role].request(probe.method, probe.path, probe.body);
        if (allowed) {
          expect({ status: response.status, body: response.body }).toMatchObject({ status: probe.allowed });
        } else {
          expect(response.status).toBe(403);
          // A permission a placement could grant also says that no placement does.
          expect(response.body.detail).toMatch(
            new RegExp(`^The role ${role} does not allow ${permission.replace('.', '\\.')}(,|$)`),
          );
        }
      });
    }
  }

  it('lets whoever leads a team or heads a department open the approval inbox, whatever their role', async () => {
    const { client: admin } = await signUpOrganisation(api.url, 'Placements');
    const { organisationId } = (await admin.get('/api/auth/me')).body;
    const department = (await admin.post('/api/departments', { name: 'Care' })).body;
    const team = (await admin.post('/api/teams', { name: 'Night', departmentId: department.id })).body;
    const lead = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    const head = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    const proposer = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    const unplaced = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    expect(
      (
        await admin.post(`/api/teams/${team.id}/members`, {
          membershipId: lead.membershipId,
          position: 'lead',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await admin.post(`/api/teams/${team.id}/members`, {
          membershipId: proposer.membershipId,
          position: 'member',
        })
      ).status,
    ).toBe(201);
    expect(
      (await admin.post(`/api/departments/${department.id}/heads`, { membershipId: head.membershipId }))
        .status,
    ).toBe(201);
    const draft = (
      await proposer.client.post('/api/experiments', {
        title: 'Lead decides',
        teamId: team.id,
        problem: 'Handovers lose information.',
        hypothesis: { change: 'a checklist', outcome: 'fewer gaps', measure: 'gaps per week' },
        metric: { name: 'Gaps', unit: 'per week', baseline: 5, target: 2, direction: 'decrease' },
        plan: { start: '2026-12-01', end: '2027-01-31', checkInCadence: 'weekly' },
        request: { hours: 1, amountMinor: 100 },
      })
    ).body;
    const proposed = await proposer.client.post(`/api/experiments/${draft.id}/transitions`, {
      transition: 'propose',
      version: draft.version,
    });
    expect(proposed.status).toBe(200);

    for (const person of [lead, head]) {
      const inbox = await person.client.get('/api/approvals');
      expect(inbox.status, JSON.stringify(inbox.body)).toBe(200);
      expect(inbox.body.items.map((item: { experiment: { id: string } }) => item.experiment.id)).toEqual([
        draft.id,
      ]);
    }
    const refused = await unplaced.client.get('/api/approvals');
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/approvals\.read/);
    // The placement is read at each request: once the lead leaves the team, the inbox closes again.
    await admin.delete(`/api/teams/${team.id}/members/${lead.membershipId}`);
    expect((await lead.client.get('/api/approvals')).status).toBe(403);
  });

  it('closes every route that is not marked public to a request without a token', async () => {
    const anonymous = api.routes.filter(
      (r) =>
        r.url.startsWith('/api/') &&
        !r.url.startsWith('/api/health') &&
        !r.url.startsWith('/api/auth/') &&
        !r.url.startsWith('/api/docs') &&
        r.method !== 'HEAD',
    );
    expect(anonymous.length).toBeGreaterThan(10);
    for (const route of anonymous) {
      const response = await fetch(`${api.url}${route.url.replace(/:\w+/g, nobody)}`, {
        method: route.method,
      });
      expect({ route: `${route.method} ${route.url}`, status: response.status }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
      });
    }
  });
});
