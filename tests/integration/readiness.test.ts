import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testConfig, until } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { signUpOrganisation, uniqueEmail } from '../support/api-client';

describe('readiness names what is down', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const apis: RunningApi[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    for (const api of apis) await api.close();
    await database?.drop();
  });

  it('answers 503 with the queue down when Redis does not answer, while liveness stays 200', async () => {
    const api = await startApi(testConfig(database.url, 'redis', { REDIS_URL: 'redis://127.0.0.1:1' }));
    apis.push(api);
    const ready = await fetch(`${api.url}/api/health/ready`);
    expect(ready.status).toBe(503);
    const body = await ready.json();
    expect(body.status).toBe('unavailable');
    expect(body.checks).toEqual([
      expect.objectContaining({ name: 'database', status: 'up' }),
      expect.objectContaining({ name: 'queue', status: 'down', detail: expect.any(String) }),
      expect.objectContaining({ name: 'outbox', status: 'up' }),
    ]);
    expect((await fetch(`${api.url}/api/health`)).status).toBe(200);
  });

  it('answers 503 with the database down while PostgreSQL refuses connections, and recovers without a restart', async () => {
    const api = await startApi(testConfig(database.url, 'postgres'));
    apis.push(api);
    expect((await fetch(`${api.url}/api/health/ready`)).status).toBe(200);

    await database.refuseConnections();
    const down = await fetch(`${api.url}/api/health/ready`);
    expect(down.status).toBe(503);
    const body = await down.json();
    expect(body.checks).toEqual([
      expect.objectContaining({ name: 'database', status: 'down', detail: expect.any(String) }),
      expect.objectContaining({ name: 'queue', status: 'down' }),
      // The outbox's backlog is read at most every few seconds: this one may still be the reading from before.
      expect.objectContaining({ name: 'outbox' }),
    ]);

    await database.allowConnections();
    await until(async () => (await fetch(`${api.url}/api/health/ready`)).status === 200);
  });

  it('lives through PostgreSQL ending its connections in the middle of requests: they answer 503, and the next ones succeed', async () => {
    const api = await startApi(testConfig(database.url, 'redis'));
    apis.push(api);
    const { email, password } = await signUpOrganisation(api.url, 'Connections cut');
    // A sign-in holds its transaction while the password is checked: a connection cut then dies between queries.
    const signIn = (as = email) =>
      fetch(`${api.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: as, password }),
      });
    const statuses = new Set<number>();
    for (let round = 0; round < 5; round++) {
      // Unknown addresses: each is checked as long as a real one, and none of them runs into its rate limit.
      const inFlight = Array.from({ length: 8 }, () => signIn(uniqueEmail('nobody')));
      await database.refuseConnections();
      await database.allowConnections();
      for (const response of await Promise.all(inFlight)) {
        statuses.add(response.status);
        if (response.status === 503) expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      }
    }
    expect([...statuses].filter((status) => status !== 401 && status !== 503)).toEqual([]);
    await until(async () => (await signIn()).status === 200);
    expect((await fetch(`${api.url}/api/health/ready`)).status).toBe(200);
  });
});
