import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner, MEMBER_PASSWORD } from '../support/tenants';

interface AuditEvent {
  id: string;
  occurredAt: string;
  action: string;
  actorId: string | null;
  actorName: string | null;
  targetType: string | null;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  details: Record<string, unknown>;
  ip: string | null;
}

interface AuditPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

/** A proposable plan under the thresholds, so the team lead decides it. */
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
    request: { hours: 10, amountMinor: 10_000 },
  };
}

describe('the audit log: every security- and money-relevant act, with who, when, where, before and after', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let admin: ApiClient;
  let adminUserId: string;
  let adminEmail: string;
  let organisationId: string;
  let lead: Awaited<ReturnType<typeof addMember>>;
  let member: Awaited<ReturnType<typeof addMember>>;
  let departmentId: string;
  let teamId: string;

  /** The newest entry of `action` about `targetId` (if given), as the admin's filtered list shows it. */
  async function entry(action: string, targetId?: string): Promise<AuditEvent> {
    const query = new URLSearchParams({ action, ...(targetId ? { targetId } : {}) });
    const page = await admin.get<AuditPage>(`/api/audit-events?${query}`);
    expect(page.status).toBe(200);
    expect(page.body.items.length, `${action} ${targetId ?? ''}`).toBeGreaterThan(0);
    return page.body.items[0];
  }

  /** Actor and address of an act done by `client` as `userId`. */
  const by = (client: ApiClient, userId: string) => ({ actorId: userId, ip: client.forwardedFor });

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres', { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }));
    ({ client: admin, email: adminEmail } = await signUpOrganisation(api.url, 'Audited Care'));
    const me = (await admin.get('/api/auth/me')).body;
    organisationId = me.organisationId;
    adminUserId = me.userId;
    departmentId = (await admin.post('/api/departments', { name: 'Care' })).body.id;
    teamId = (await admin.post('/api/teams', { name: 'Nights', departmentId })).body.id;
    lead = await addMember(database.ownerUrl, api.url, organisationId, 'team_lead');
    member = await addMember(database.ownerUrl, api.url, organisationId, 'member');
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('records a change of the organisation settings with the settings before and after', async () => {
    const current = (await admin.get('/api/organisation')).body;
    expect(
      (await admin.patch('/api/organisation', { version: current.version, approvalThresholdHours: 40 }))
        .status,
    ).toBe(200);
    const event = await entry('organisation.updated');
    expect(event).toMatchObject({
      ...by(admin, adminUserId),
      actorName: 'Admin of Audited Care',
      targetType: 'organisation',
      targetId: organisationId,
      before: expect.objectContaining({ approvalThresholdHours: current.approvalThresholdHours }),
      after: expect.objectContaining({ approvalThresholdHours: 40 }),
    });
    expect(Date.now() - Date.parse(event.occurredAt)).toBeLessThan(10 * 60_000);
  });

  it('records role changes, deactivation and reactivation with the member before and after', async () => {
    const target = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    let version = (await admin.get(`/api/members/${target.membershipId}`)).body.version;
    const promoted = await admin.patch(`/api/members/${target.membershipId}`, { version, role: 'team_lead' });
    expect(promoted.status).toBe(200);
    expect(await entry('member.role_changed', target.membershipId)).toMatchObject({
      ...by(admin, adminUserId),
      targetType: 'membership',
      before: expect.objectContaining({ role: 'member' }),
      after: expect.objectContaining({ role: 'team_lead' }),
    });
    version = promoted.body.version;
    const off = await admin.patch(`/api/members/${target.membershipId}`, { version, status: 'deactivated' });
    expect(await entry('member.deactivated', target.membershipId)).toMatchObject({
      before: expect.objectContaining({ status: 'active' }),
      after: expect.objectContaining({ status: 'deactivated' }),
    });
    await admin.patch(`/api/members/${target.membershipId}`, { version: off.body.version, status: 'active' });
    expect(await entry('member.reactivated', target.membershipId)).toMatchObject({
      after: expect.objectContaining({ status: 'active' }),
    });
  });

  it('records placements in teams, leads, and department heads, with the team or department before and after', async () => {
    expect(
      (
        await admin.post(`/api/teams/${teamId}/members`, {
          membershipId: lead.membershipId,
          position: 'lead',
        })
      ).status,
    ).toBe(201);
    const placed = await entry('team.member_placed', teamId);
    expect(placed).toMatchObject({
      ...by(admin, adminUserId),
      targetType: 'team',
      details: { membershipId: lead.membershipId, position: 'lead' },
      before: expect.objectContaining({ members: [] }),
      after: expect.objectContaining({
        members: [expect.objectContaining({ membershipId: lead.membershipId, position: 'lead' })],
      }),
    });

    await admin.post(`/api/teams/${teamId}/members`, {
      membershipId: member.membershipId,
      position: 'member',
    });
    expect((await admin.delete(`/api/teams/${teamId}/members/${member.membershipId}`)).status).toBe(204);
    const removed = await entry('team.member_removed', teamId);
    expect(removed.details).toEqual({ membershipId: member.membershipId });
    expect(removed.before?.members).toHaveLength(2);
    expect(removed.after?.members).toHaveLength(1);
    await admin.post(`/api/teams/${teamId}/members`, {
      membershipId: member.membershipId,
      position: 'member',
    });

    await admin.post(`/api/departments/${departmentId}/heads`, { membershipId: member.membershipId });
    expect(await entry('department.head_appointed', departmentId)).toMatchObject({
      ...by(admin, adminUserId),
      targetType: 'department',
      before: expect.objectContaining({ headIds: [] }),
      after: expect.objectContaining({ headIds: [member.membershipId] }),
    });
    await admin.delete(`/api/departments/${departmentId}/heads/${member.membershipId}`);
    expect(await entry('department.head_ended', departmentId)).toMatchObject({
      before: expect.objectContaining({ headIds: [member.membershipId] }),
      after: expect.objectContaining({ headIds: [] }),
    });
  });

  it('records envelopes created and resized, and approvals and rejections with the envelope they drew on', async () => {
    const envelope = (
      await admin.post('/api/budget-envelopes', {
        teamId,
        quarter: '2026-Q4',
        hoursBudget: 100,
        amountBudgetMinor: 100_000,
      })
    ).body;
    expect(await entry('envelope.created', envelope.id)).toMatchObject({
      ...by(admin, adminUserId),
      targetType: 'envelope',
      before: null,
      after: expect.objectContaining({ hoursBudget: 100, amountBudgetMinor: 100_000 }),
    });
    await admin.patch(`/api/budget-envelopes/${envelope.id}`, {
      version: envelope.version,
      hoursBudget: 120,
      amountBudgetMinor: 100_000,
    });
    expect(await entry('envelope.resized', envelope.id)).toMatchObject({
      before: expect.objectContaining({ hoursBudget: 100 }),
      after: expect.objectContaining({ hoursBudget: 120 }),
    });

    const decide = async (title: string, transition: 'approve' | 'reject') => {
      const created = (await member.client.post('/api/experiments', plan(teamId, title))).body;
      const proposed = await member.client.post(`/api/experiments/${created.id}/transitions`, {
        transition: 'propose',
        version: created.version,
      });
      expect(proposed.status).toBe(200);
      const decided = await lead.client.post(`/api/experiments/${created.id}/transitions`, {
        transition,
        version: proposed.body.version,
        reason: `${transition} it`,
      });
      expect(decided.status).toBe(200);
      return created.id as string;
    };
    const approvedId = await decide('Approved plan', 'approve');
    expect(await entry('experiment.approved', approvedId)).toMatchObject({
      ...by(lead.client, lead.userId),
      actorName: 'A team_lead',
      targetType: 'experiment',
      details: { reason: 'approve it' },
      before: expect.objectContaining({ status: 'proposed', approvedHours: null }),
      after: expect.objectContaining({ status: 'approved', approvedHours: 10, envelopeId: envelope.id }),
    });
    const rejectedId = await decide('Rejected plan', 'reject');
    expect(await entry('experiment.rejected', rejectedId)).toMatchObject({
      ...by(lead.client, lead.userId),
      before: expect.objectContaining({ status: 'proposed' }),
      after: expect.objectContaining({ status: 'rejected' }),
    });
  });

  it('records webhooks created, changed and deleted, never with their secret', async () => {
    const hook = (
      await admin.post('/api/webhooks', {
        name: 'Slack',
        url: 'http://127.0.0.1:9/hook',
        format: 'slack',
        events: ['review.opened'],
      })
    ).body;
    const created = await entry('webhook.created', hook.id);
    expect(created).toMatchObject({
      ...by(admin, adminUserId),
      targetType: 'webhook',
      before: null,
      after: expect.objectContaining({ name: 'Slack', url: 'http://127.0.0.1:9/hook' }),
    });
    expect(JSON.stringify(created)).not.toContain(hook.secret);
    await admin.put(`/api/webhooks/${hook.id}`, {
      version: hook.version,
      name: 'Slack #improve',
      url: 'http://127.0.0.1:9/hook',
      events: ['review.opened'],
      active: true,
    });
    expect(await entry('webhook.updated', hook.id)).toMatchObject({
      before: expect.objectContaining({ name: 'Slack' }),
      after: expect.objectContaining({ name: 'Slack #improve' }),
    });
    expect((await admin.delete(`/api/webhooks/${hook.id}`)).status).toBe(204);
    expect(await entry('webhook.deleted', hook.id)).toMatchObject({
      before: expect.objectContaining({ name: 'Slack #improve' }),
      after: null,
    });
  });

  it('records scans opened, reminded and closed, statements added, and changes to the scan settings', async () => {
    const closesAt = new Date(Date.now() + 3600_000).toISOString();
    const scan = (await admin.post('/api/scans', { title: 'Spring scan', closesAt })).body;
    expect(await entry('scan.opened', scan.id)).toMatchObject({
      ...by(admin, adminUserId),
      targetType: 'scan',
      before: null,
      after: expect.objectContaining({ title: 'Spring scan', state: 'open' }),
    });
    expect((await admin.post(`/api/scans/${scan.id}/reminders`)).status).toBeLessThan(300);
    expect(await entry('scan.reminded', scan.id)).toMatchObject({
      ...by(admin, adminUserId),
      details: { round: 1 },
    });
    expect((await admin.post(`/api/scans/${scan.id}/close`)).status).toBe(200);
    expect(await entry('scan.closed', scan.id)).toMatchObject({
      before: expect.objectContaining({ state: 'open' }),
      after: expect.objectContaining({ state: 'closed' }),
    });
    const statement = await admin.post('/api/scan-instrument/statements', {
      dimension: 'building_trust',
      en: 'We say what went wrong.',
      nl: 'We zeggen wat er misging.',
    });
    expect(statement.status).toBe(201);
    expect(await entry('scan.statement_added')).toMatchObject({
      ...by(admin, adminUserId),
      targetType: 'scan_instrument',
      details: { dimension: 'building_trust', en: 'We say what went wrong.' },
      after: { version: statement.body.version, statements: statement.body.statements.length },
    });
    const settings = (await admin.get('/api/scan-settings')).body;
    await admin.put('/api/scan-settings', { minResponses: settings.minResponses + 1 });
    expect(await entry('scan.settings_updated')).toMatchObject({
      before: expect.objectContaining({ minResponses: settings.minResponses }),
      after: expect.objectContaining({ minResponses: settings.minResponses + 1 }),
    });
  });

  it('records exports of the audit log, experiments, lessons and learning figures', async () => {
    expect((await admin.get('/api/audit-events/export')).status).toBe(200);
    expect(await entry('audit.exported')).toMatchObject(by(admin, adminUserId));
    expect((await admin.get('/api/experiments/export')).status).toBe(200);
    expect(await entry('experiments.exported')).toMatchObject(by(admin, adminUserId));
    expect((await admin.get('/api/lessons/export')).status).toBe(200);
    expect(await entry('lessons.exported')).toMatchObject(by(admin, adminUserId));
    expect((await admin.get('/api/rollups/organisation/export')).status).toBe(200);
    expect(await entry('rollup.exported')).toMatchObject({
      ...by(admin, adminUserId),
      details: expect.objectContaining({ level: 'organisation', unitId: organisationId }),
    });
  });

  it('records sign-ins and failed sign-ins with the address they came from', async () => {
    const client = new ApiClient(api.url);
    expect(
      (await client.post('/api/auth/sign-in', { email: member.email, password: 'wrong password' })).status,
    ).toBe(401);
    expect(await entry('auth.sign_in_failed')).toMatchObject({
      actorId: member.userId,
      ip: client.forwardedFor,
    });
    expect(
      (await client.post('/api/auth/sign-in', { email: member.email, password: MEMBER_PASSWORD })).status,
    ).toBe(200);
    expect(await entry('auth.signed_in')).toMatchObject({ actorId: member.userId, ip: client.forwardedFor });
    expect(adminEmail).toContain('@');
  });

  describe('filtered and paged for admins', () => {
    it('filters by actor, action, object and period, newest first, and pages with a cursor', async () => {
      const byLead = (await admin.get<AuditPage>(`/api/audit-events?actorId=${lead.userId}&limit=200`)).body;
      expect(byLead.items.length).toBeGreaterThan(0);
      expect(new Set(byLead.items.map((e) => e.actorId))).toEqual(new Set([lead.userId]));

      const aboutTeam = (
        await admin.get<AuditPage>(`/api/audit-events?targetType=team&targetId=${teamId}&limit=200`)
      ).body.items;
      expect(aboutTeam.map((e) => e.action)).toEqual(
        expect.arrayContaining(['team.created', 'team.member_placed', 'team.member_removed']),
      );
      expect(new Set(aboutTeam.map((e) => e.targetId))).toEqual(new Set([teamId]));
      const teams = (await admin.get<AuditPage>('/api/audit-events?targetType=team&limit=200')).body.items;
      expect(new Set(teams.map((e) => e.targetType))).toEqual(new Set(['team']));

      const all: AuditEvent[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const page: AuditPage = (await admin.get<AuditPage>(`/api/audit-events?limit=3${query}`)).body;
        expect(page.items.length).toBeLessThanOrEqual(3);
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      const everything = (await admin.get<AuditPage>('/api/audit-events?limit=200')).body;
      expect(everything.nextCursor).toBeNull();
      expect(all.map((e) => e.id)).toEqual(everything.items.map((e) => e.id));
      const times = all.map((e) => Date.parse(e.occurredAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));

      // A period: from the oldest placement up to (not including) the newest event.
      const placements = all.filter((e) => e.action === 'team.member_placed');
      const since = placements[placements.length - 1].occurredAt;
      const before = all[0].occurredAt;
      const period = (
        await admin.get<AuditPage>(
          `/api/audit-events?since=${encodeURIComponent(since)}&before=${encodeURIComponent(before)}&limit=200`,
        )
      ).body.items;
      expect(period.length).toBeGreaterThan(0);
      for (const e of period) {
        expect(Date.parse(e.occurredAt)).toBeGreaterThanOrEqual(Date.parse(since));
        expect(Date.parse(e.occurredAt)).toBeLessThan(Date.parse(before));
      }
      expect(period.map((e) => e.id)).toContain(placements[placements.length - 1].id);
    });

    it('refuses impossible dates, unknown actions, forged cursors and limits out of range, naming the field', async () => {
      const cases: Array<[string, string]> = [
        ['before=2027-02-30T00:00:00Z', 'before'],
        ['since=2027-13-01T00:00:00Z', 'since'],
        ['action=member.promoted_to_king', 'action'],
        ['targetType=spaceship', 'targetType'],
        ['actorId=not-a-uuid', 'actorId'],
        [`cursor=${Buffer.from(JSON.stringify(["x' OR 1=1--", 'y'])).toString('base64url')}`, 'cursor'],
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
      ];
      for (const [query, field] of cases) {
        const response = await admin.get(`/api/audit-events?${query}`);
        expect(response.status, query).toBe(400);
        expect(response.headers.get('content-type'), query).toContain('application/problem+json');
        expect(
          (response.body.errors as Array<{ field: string }>).map((e) => e.field),
          query,
        ).toContain(field);
      }
    });

    it('exports only what the filters select', async () => {
      const csv = (await admin.get(`/api/audit-events/export?action=webhook.created`)).body as string;
      const lines = csv.trim().split('\n');
      expect(lines.length).toBe(2);
      expect(lines[1]).toContain('webhook.created');
      expect(csv).not.toContain('scan.opened');
    });

    it('is readable by admins only', async () => {
      expect((await member.client.get('/api/audit-events')).status).toBe(403);
      expect((await lead.client.get('/api/audit-events')).status).toBe(403);
    });
  });

  it('is append-only: the application role can neither change nor delete an entry', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.organisation_id', $1, true)`, [organisationId]);
      await expect(client.query(`UPDATE audit_event SET action = 'forged'`)).rejects.toThrow(
        /permission denied/,
      );
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.organisation_id', $1, true)`, [organisationId]);
      await expect(client.query(`DELETE FROM audit_event`)).rejects.toThrow(/permission denied/);
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
    const [{ count }] = await asOwner<{ count: string }>(
      database.ownerUrl,
      `SELECT count(*) FROM audit_event WHERE action = 'forged'`,
    );
    expect(Number(count)).toBe(0);
  });
});
