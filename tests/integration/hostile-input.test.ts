import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOrganisation, type ApiClient } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { organisationSnapshot } from '../support/tenants';
import {
  hostileRequest,
  mulberry32,
  operationsOf,
  takesInput,
  type Operation,
} from '../support/hostile-requests.mjs';

describe('hostile input (a seeded sample; HOSTILE_PER_ROUTE and HOSTILE_SEED change it)', () => {
  const seed = Number(process.env['HOSTILE_SEED'] ?? 20261122);
  const perRoute = Number(process.env['HOSTILE_PER_ROUTE'] ?? 8);
  let database: TestDatabase;
  let api: RunningApi;
  let admin: ApiClient;
  let operations: Operation[];

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    ({ client: admin } = await signUpOrganisation(api.url, 'Hostile'));
    operations = operationsOf(await (await fetch(`${api.url}/api/docs/json`)).json());
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('answers every malformed request with a 4xx, never a 5xx, and changes nothing', async () => {
    const random = mulberry32(seed);
    const { organisationId } = (await admin.get('/api/auth/me')).body;
    const before = await organisationSnapshot(database.ownerUrl, organisationId);
    const failures: string[] = [];
    let sent = 0;

    const accepted: string[] = [];
    // A heartbeat waits five seconds for a worker this test does not run, and asking for one's own data export
    // writes its row by design; neither takes input to corrupt.
    const targets = operations.filter(
      (o) =>
        o.path !== '/api/health/heartbeats' &&
        !(o.path === '/api/account/data-exports' && o.method === 'POST'),
    );
    for (const operation of targets) {
      for (let i = 0; i < perRoute; i++) {
        const { path, query, defect, body } = hostileRequest(operation, random);
        const response = await fetch(`${api.url}${path}${query}`, {
          method: operation.method,
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': '203.0.113.7',
            ...(operation.public ? {} : { authorization: `Bearer ${admin.accessToken}` }),
          },
          body,
        });
        sent++;
        await response.arrayBuffer();
        if (response.status >= 500)
          failures.push(`${operation.method} ${path.slice(0, 120)} (${defect}) -> ${response.status}`);
        if (response.status < 400 && operation.method !== 'GET' && takesInput(operation))
          accepted.push(`${operation.method} ${operation.path}`);
      }
    }
    expect(targets.length).toBeGreaterThan(40);
    expect(sent).toBe(targets.length * perRoute);
    expect(failures).toEqual([]);
    // A write that takes input never accepts these; reads ignore a query they do not take, as do input-free writes like sign-out.
    expect([...new Set(accepted)]).toEqual([]);
    const after = await organisationSnapshot(database.ownerUrl, organisationId);
    expect(after.split('\n').filter((line) => !before.includes(line))).toEqual([]);
  });
});
