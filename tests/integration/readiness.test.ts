import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testConfig, until } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';

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
});
