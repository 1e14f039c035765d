import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { freePort, jsonLines, runBuilt, waitForHttp } from '../support/processes';

describe('the built API process', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('refuses to boot on bad configuration, with one line per problem, and exits non-zero', async () => {
    const api = runBuilt('dist/apps/api/main.js', {
      DATABASE_URL: 'mysql://db/kaizen',
      PORT: 'eighty',
      AUTH_SECRET: 'short',
    });
    const { code } = await api.exited;
    expect(code).toBe(78);
    expect(api.errors().trim().split('\n').sort()).toEqual([
      'config error: AUTH_SECRET: expected at least 32 random characters',
      'config error: DATABASE_URL: expected a postgres:// URL',
      'config error: PORT: expected an integer from 1 to 65535',
    ]);
  });

  it('refuses to run as a role that row-level security would not bind', async () => {
    const api = runBuilt('dist/apps/api/main.js', {
      DATABASE_URL: database.ownerUrl,
      AUTH_SECRET: 'a'.repeat(40),
      MIGRATE_ON_START: 'false',
      PORT: String(await freePort()),
    });
    const { code } = await api.exited;
    expect(code).toBe(1);
    expect(api.errors()).toMatch(/DATABASE_URL: the role \S+ (is a superuser|owns the tables)/);
  });

  it('logs JSON lines carrying the request id, and finishes an in-flight request on SIGTERM', async () => {
    const port = await freePort();
    // No worker runs, so a heartbeat request waits its full five seconds: a request still in flight.
    const api = runBuilt('dist/apps/api/main.js', {
      DATABASE_URL: database.url,
      DATABASE_MIGRATION_URL: database.ownerUrl,
      AUTH_SECRET: 'a'.repeat(40),
      PORT: String(port),
      LOG_LEVEL: 'info',
      MIGRATE_ON_START: 'true',
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/api/health`, api);

    const inFlight = fetch(`${url}/api/health/heartbeats`, {
      method: 'POST',
      headers: { 'x-request-id': 'graceful-1' },
    });
    await new Promise((r) => setTimeout(r, 300));
    api.child.kill('SIGTERM');

    const response = await inFlight;
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('graceful-1');
    expect((await response.json()).processedAt).toBeNull();
    const { code, signal } = await api.exited;
    expect({ code, signal, errors: api.errors() }).toEqual({
      code: 0,
      signal: null,
      errors: expect.any(String),
    });

    const completed = jsonLines(api.output()).find((line) => line['reqId'] === 'graceful-1' && line['res']);
    expect(completed).toMatchObject({ service: 'api', level: 30, res: { statusCode: 201 } });
  });
});
