import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOrganisation, type ApiClient } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner } from '../support/tenants';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('departments, teams, heads and settings', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let admin: ApiClient;
  let organisationId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    ({ client: admin } = await signUpOrganisation(api.url, 'Structure'));
    organisationId = (await admin.get('/api/auth/me')).body.organisationId;
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('moves a department anywhere but under itself or its own sub-departments, and keeps what a change leaves out', async () => {
    const care = (await admin.post('/api/departments', { name: 'Care' })).body;
    const north = (await admin.post('/api/departments', { name: 'North', parentId: care.id })).body;
    const night = (await admin.post('/api/departments', { name: 'Night', parentId: north.id })).body;
    const finance = (await admin.post('/api/departments', { name: 'Finance' })).body;
    expect(night).toEqual({ id: night.id, name: 'Night', parentId: north.id, headIds: [], archivedAt: null });

    for (const parentId of [care.id, night.id]) {
      const loop = await admin.patch(`/api/departments/${care.id}`, { parentId });
      expect(loop.status).toBe(400);
      expect(loop.body.errors).toEqual([
        { field: 'parentId', rule: 'noCycle', message: 'parentId would place the department under itself' },
      ]);
    }

    expect((await admin.patch(`/api/departments/${north.id}`, {})).body).toMatchObject({
      name: 'North',
      parentId: care.id,
    });
    expect((await admin.patch(`/api/departments/${north.id}`, { parentId: finance.id })).body).toMatchObject({
      name: 'North',
      parentId: finance.id,
    });
    expect((await admin.patch(`/api/departments/${north.id}`, { name: 'North East' })).body).toMatchObject({
      name: 'North East',
      parentId: finance.id,
    });
    expect((await admin.patch(`/api/departments/${north.id}`, { parentId: null })).body).toMatchObject({
      name: 'North East',
      parentId: null,
    });
    expect((await admin.patch(`/api/departments/${care.id}`, { parentId: night.id })).body).toMatchObject({
      parentId: night.id,
    });
  });

  it('lists heads longest-serving first, ends their terms, and archives a department only once nothing hangs under it', async () => {
    const department = (await admin.post('/api/departments', { name: 'Quality' })).body;
    const sub = (await admin.post('/api/departments', { name: 'Audits', parentId: department.id })).body;
    const first = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    const second = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    await admin.post(`/api/departments/${department.id}/heads`, { membershipId: first.membershipId });
    const appointed = await admin.post(`/api/departments/${department.id}/heads`, {
      membershipId: second.membershipId,
    });
    expect(appointed.body.headIds).toEqual([first.membershipId, second.membershipId]);
    expect(
      (await admin.post(`/api/departments/${department.id}/heads`, { membershipId: first.membershipId })).body
        .headIds,
    ).toEqual([first.membershipId, second.membershipId]);

    expect((await admin.delete(`/api/departments/${department.id}/heads/${first.membershipId}`)).status).toBe(
      204,
    );
    expect((await admin.delete(`/api/departments/${department.id}/heads/${first.membershipId}`)).status).toBe(
      404,
    );
    expect((await admin.get(`/api/departments/${department.id}`)).body.headIds).toEqual([
      second.membershipId,
    ]);

    expect((await admin.delete(`/api/departments/${department.id}`)).status).toBe(409);
    expect((await admin.delete(`/api/departments/${sub.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/departments/${department.id}`)).status).toBe(204);
    const archived = (await admin.get(`/api/departments/${department.id}`)).body;
    expect(archived.archivedAt).toMatch(ISO);
    expect(archived.headIds).toEqual([]);
    expect((await admin.get('/api/departments')).body.items.map((d: { id: string }) => d.id)).not.toContain(
      department.id,
    );
    const terms = await asOwner<{ open: number }>(
      database.ownerUrl,
      `SELECT count(*) FILTER (WHERE valid_to IS NULL)::int AS open FROM department_head WHERE department_id = $1`,
      [department.id],
    );
    expect(terms).toEqual([{ open: 0 }]);
    const refused = await admin.post('/api/teams', { name: 'Late', departmentId: department.id });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'departmentId', rule: 'exists', message: 'departmentId names no active department here' },
    ]);
  });

  it('places members and leads with dated history, moves and archives teams', async () => {
    const home = (await admin.post('/api/departments', { name: 'Home care' })).body;
    const other = (await admin.post('/api/departments', { name: 'Day care' })).body;
    const team = (await admin.post('/api/teams', { name: 'Team A', departmentId: home.id })).body;
    const quiet = (await admin.post('/api/teams', { name: 'Team B', departmentId: home.id })).body;
    expect(team).toEqual({
      id: team.id,
      name: 'Team A',
      departmentId: home.id,
      members: [],
      archivedAt: null,
    });
    const lead = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    const member = await addMember(database.ownerUrl, api.url, organisationId, 'member');

    await admin.post(`/api/teams/${team.id}/members`, {
      membershipId: member.membershipId,
      position: 'member',
    });
    await admin.post(`/api/teams/${team.id}/members`, {
      membershipId: lead.membershipId,
      position: 'member',
    });
    const placed = (
      await admin.post(`/api/teams/${team.id}/members`, { membershipId: lead.membershipId, position: 'lead' })
    ).body;
    expect(
      placed.members.map((m: { membershipId: string; position: string }) => [m.membershipId, m.position]),
    ).toEqual([
      [member.membershipId, 'member'],
      [lead.membershipId, 'lead'],
    ]);
    expect(placed.members[1]).toEqual({
      membershipId: lead.membershipId,
      displayName: 'A member',
      position: 'lead',
      since: expect.stringMatching(ISO),
    });
    const history = await asOwner(
      database.ownerUrl,
      `SELECT position, valid_to IS NULL AS current FROM team_membership WHERE membership_id = $1 ORDER BY valid_from`,
      [lead.membershipId],
    );
    expect(history).toEqual([
      { position: 'member', current: false },
      { position: 'lead', current: true },
    ]);

    const listed = (await admin.get(`/api/teams?departmentId=${home.id}`)).body.items;
    expect(listed.map((t: { name: string; members: unknown[] }) => [t.name, t.members.length])).toEqual([
      ['Team A', 2],
      ['Team B', 0],
    ]);
    const memberView = (await admin.get(`/api/members/${lead.membershipId}`)).body;
    expect(memberView).toMatchObject({
      displayName: 'A member',
      status: 'active',
      teams: [{ teamId: team.id, teamName: 'Team A', position: 'lead' }],
    });
    expect(memberView.joinedAt).toMatch(ISO);

    expect((await admin.patch(`/api/teams/${team.id}`, {})).body).toMatchObject({
      name: 'Team A',
      departmentId: home.id,
    });
    expect((await admin.patch(`/api/teams/${team.id}`, { departmentId: other.id })).body).toMatchObject({
      name: 'Team A',
      departmentId: other.id,
    });
    expect(
      (await admin.get(`/api/teams?departmentId=${home.id}`)).body.items.map((t: { id: string }) => t.id),
    ).toEqual([quiet.id]);

    expect((await admin.delete(`/api/teams/${team.id}/members/${member.membershipId}`)).status).toBe(204);
    expect((await admin.delete(`/api/teams/${team.id}/members/${member.membershipId}`)).status).toBe(404);
    expect((await admin.delete(`/api/teams/${team.id}`)).status).toBe(204);
    const archived = (await admin.get(`/api/teams/${team.id}`)).body;
    expect(archived).toMatchObject({ members: [], archivedAt: expect.stringMatching(ISO) });
    expect(
      (
        await admin.post(`/api/teams/${team.id}/members`, {
          membershipId: member.membershipId,
          position: 'member',
        })
      ).status,
    ).toBe(409);
    expect((await admin.get(`/api/members/${lead.membershipId}`)).body.teams).toEqual([]);
  });

  it('ends a deactivated member’s placements and head terms, and keeps settings a change leaves out', async () => {
    const department = (await admin.post('/api/departments', { name: 'Rehab' })).body;
    const team = (await admin.post('/api/teams', { name: 'Rehab 1', departmentId: department.id })).body;
    const person = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    await admin.post(`/api/teams/${team.id}/members`, {
      membershipId: person.membershipId,
      position: 'lead',
    });
    await admin.post(`/api/departments/${department.id}/heads`, { membershipId: person.membershipId });

    const before = (await admin.get(`/api/members/${person.membershipId}`)).body;
    const deactivated = await admin.patch(`/api/members/${person.membershipId}`, {
      version: before.version,
      status: 'deactivated',
    });
    expect(deactivated.body).toMatchObject({
      status: 'deactivated',
      role: 'member',
      teams: [],
      version: before.version + 1,
    });
    expect((await admin.get(`/api/departments/${department.id}`)).body.headIds).toEqual([]);
    const [{ deactivated_at }] = await asOwner<{ deactivated_at: Date | null }>(
      database.ownerUrl,
      'SELECT deactivated_at FROM membership WHERE id = $1',
      [person.membershipId],
    );
    expect(deactivated_at).toBeInstanceOf(Date);
    const back = await admin.patch(`/api/members/${person.membershipId}`, {
      version: before.version + 1,
      status: 'active',
      role: 'team_lead',
    });
    expect(back.body).toMatchObject({ status: 'active', role: 'team_lead' });
    const [reactivated] = await asOwner(
      database.ownerUrl,
      'SELECT deactivated_at FROM membership WHERE id = $1',
      [person.membershipId],
    );
    expect(reactivated).toEqual({ deactivated_at: null });

    const settings = (await admin.get('/api/organisation')).body;
    const changed = await admin.patch('/api/organisation', {
      version: settings.version,
      approvalThresholdAmountMinor: 250_000,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      ...settings,
      approvalThresholdAmountMinor: 250_000,
      version: settings.version + 1,
    });
    expect(
      (await admin.patch('/api/organisation', { version: settings.version, name: 'Stale' })).status,
    ).toBe(409);
  });

  it('refuses an admin deactivating themselves, naming the field and rule, while another admin may', async () => {
    const second = await addMember(database.ownerUrl, api.url, organisationId, 'org_admin');
    const before = (await second.client.get(`/api/members/${second.membershipId}`)).body;
    const refused = await second.client.patch(`/api/members/${second.membershipId}`, {
      version: before.version,
      status: 'deactivated',
    });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'status', rule: 'notSelf' })]);
    expect((await admin.get(`/api/members/${second.membershipId}`)).body).toMatchObject({
      status: 'active',
      version: before.version,
    });
    // Changing one's own role stays allowed while another admin remains.
    expect(
      (
        await second.client.patch(`/api/members/${second.membershipId}`, {
          version: before.version,
          role: 'member',
        })
      ).status,
    ).toBe(200);
    const demoted = (await admin.get(`/api/members/${second.membershipId}`)).body;
    const byAnother = await admin.patch(`/api/members/${second.membershipId}`, {
      version: demoted.version,
      status: 'deactivated',
    });
    expect(byAnother.body).toMatchObject({ status: 'deactivated' });
  });
});
