import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client';
import { signUpOrganisation } from '../support/api-client';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember } from '../support/tenants';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { roundTripCounter, type WireCounter } from '../support/wire-counter.mjs';

/**
 * What the hot paths cost in conversations with PostgreSQL, counted on the wire by a proxy in front of it
 * (each ReadyForQuery ends one round trip): an approve in at most 6, the experiment detail read in at most
 * 2 statements besides entering the tenant and committing. The API's queues run on Redis, so only requests talk.
 */
describe('round trips to PostgreSQL per request', () => {
  let database: TestDatabase;
  let counter: WireCounter;
  let api: RunningApi;
  let owner: ApiClient;
  let lead: ApiClient;
  let teamId: string;
  const sent: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    counter = await roundTripCounter(database.url, { log: (sql) => sent.push(sql) });
    api = await startApi(testConfig(counter.url(database.url), 'redis'));
    const { client: admin } = await signUpOrganisation(api.url, 'Round Trips');
    const organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    const department = (await admin.post('/api/departments', { name: 'Care' })).body;
    teamId = (await admin.post('/api/teams', { name: 'Nights', departmentId: department.id })).body.id;
    const author = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    const approver = await addMember(database.ownerUrl, api.url, organisationId, 'team_lead');
    await admin.post(`/api/teams/${teamId}/members`, {
      membershipId: author.membershipId,
      position: 'member',
    });
    await admin.post(`/api/teams/${teamId}/members`, {
      membershipId: approver.membershipId,
      position: 'lead',
    });
    await admin.post('/api/budget-envelopes', {
      teamId,
      quarter: '2026-Q4',
      hoursBudget: 100,
      amountBudgetMinor: 100_000,
    });
    owner = author.client;
    lead = approver.client;
  });

  afterAll(async () => {
    await api?.close();
    await counter?.close();
    await database?.drop();
  });

  /** Round trips and statements of one request, once the pool holds a warm connection. */
  async function measure<T>(
    request: () => Promise<T>,
  ): Promise<{ result: T; roundTrips: number; sql: string[]; parses: number }> {
    const before = counter.count();
    const parsesBefore = counter.countParses();
    sent.length = 0;
    const result = await request();
    return {
      result,
      roundTrips: counter.count() - before,
      sql: [...sent],
      parses: counter.countParses() - parsesBefore,
    };
  }

  async function proposed(): Promise<{ id: string; version: number }> {
    const created = await owner.post('/api/experiments', {
      title: 'Structured handover',
      teamId,
      problem: 'Errors cluster around the handover.',
      hypothesis: { change: 'a structured handover', outcome: 'fewer errors', measure: 'below 2 per 1,000' },
      metric: { name: 'Incidents', unit: 'per 1,000', baseline: 3.4, target: 2, direction: 'decrease' },
      plan: { start: '2026-12-01', end: '2027-02-28', checkInCadence: 'weekly' },
      request: { hours: 10, amountMinor: 10_000 },
      disciplines: ['team_learning'],
      tags: [],
    });
    expect(created.status).toBe(201);
    const done = await owner.post(`/api/experiments/${created.body.id}/transitions`, {
      transition: 'propose',
      version: created.body.version,
    });
    expect(done.body.status).toBe('proposed');
    return done.body;
  }

  it('approves in at most 6 round trips, drawing on the budget envelope', async () => {
    await proposed(); // warms the approver's path once
    const experiment = await proposed();
    const approve = await measure(() =>
      lead.post(`/api/experiments/${experiment.id}/transitions`, {
        transition: 'approve',
        version: experiment.version,
        reason: 'go',
      }),
    );
    expect(approve.result.status).toBe(200);
    expect(approve.result.body.status).toBe('approved');
    expect(approve.roundTrips, approve.sql.join('\n---\n')).toBeLessThanOrEqual(6);
  });

  it('reads an experiment in at most 2 statements besides entering the tenant and committing', async () => {
    const experiment = await proposed();
    await owner.get(`/api/experiments/${experiment.id}`);
    const read = await measure(() => owner.get(`/api/experiments/${experiment.id}`));
    expect(read.result.status).toBe(200);
    const statements = read.sql.filter((sql) => !/^(BEGIN;|COMMIT|ROLLBACK|SELECT enter_tenant\()/.test(sql));
    expect(statements.length, statements.join('\n---\n')).toBeLessThanOrEqual(2);
    expect(read.roundTrips).toBeLessThanOrEqual(2 + statements.length);
  });

  it('parses and plans the hot reads once per connection, not on every request', async () => {
    const experiment = await proposed();
    for (const path of [`/api/experiments/${experiment.id}`, '/api/experiments?limit=50']) {
      await owner.get(path); // the pool lends its most recently returned connection, so the next read gets this one
      const read = await measure(() => owner.get(path));
      expect(read.result.status).toBe(200);
      expect(
        read.sql.some((sql) => /^select\b/i.test(sql)),
        `${path}: ${read.sql.join('\n---\n')}`,
      ).toBe(true);
      expect(read.parses, `${path}: ${read.sql.join('\n---\n')}`).toBe(0);
    }
  });
});
