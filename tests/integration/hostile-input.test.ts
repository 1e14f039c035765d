/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document is read as plain JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOrganisation, type ApiClient } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { organisationSnapshot } from '../support/tenants';

/** A small seeded generator, so a failure can be replayed exactly. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hostileValues: unknown[] = [
  "'; DROP TABLE experiment; --",
  '<script>alert(1)</script>',
  'x'.repeat(100_000),
  '\u0000\u202e\ud83d\ude00 Z̴̢͚a̶l̷g̸o',
  -1,
  -999999999999,
  1e308,
  Number.MAX_SAFE_INTEGER,
  true,
  null,
  [],
  [[[[[]]]]],
  {},
  { $ne: null },
  '../../etc/passwd',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  '2026-02-30',
  'NaN',
];

interface Operation {
  method: string;
  path: string;
  bodyProperties: string[];
  public: boolean;
}

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
    const document = await (await fetch(`${api.url}/api/docs/json`)).json();
    const schemas = document.components.schemas as Record<string, { properties?: Record<string, unknown> }>;
    operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        const ref: string | undefined = operation.requestBody?.content?.['application/json']?.schema?.$ref;
        const schema = ref ? schemas[ref.split('/').pop() as string] : undefined;
        return { method: method.toUpperCase(), path, bodyProperties: Object.keys(schema?.properties ?? {}), public: !operation.security };
      }),
    );
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('answers every malformed request with a 4xx, never a 5xx, and changes nothing', async () => {
    const random = mulberry32(seed);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
    const { organisationId } = (await admin.get('/api/auth/me')).body;
    const before = await organisationSnapshot(database.ownerUrl, organisationId);
    const failures: string[] = [];
    let sent = 0;

    const accepted: string[] = [];
    // Exporting the audit log is a read that is itself audited, by design, and a heartbeat waits five seconds
    // for a worker this test does not run; neither takes input to corrupt.
    const targets = operations.filter((o) => !['/api/audit-events/export', '/api/health/heartbeats'].includes(o.path));
    const takesInput = (o: Operation) => o.bodyProperties.length > 0 || o.path.includes('{');
    for (const operation of targets) {
      for (let i = 0; i < perRoute; i++) {
        const path = operation.path.replace(/\{(\w+)\}/g, () => encodeURIComponent(String(pick(hostileValues)).slice(0, 200)));
        const defect = pick(['wrongField', 'extraField', 'brokenJson', 'hugeBody', 'wrongTypeRoot']);
        let body: string | undefined;
        if (operation.method !== 'GET' && operation.method !== 'DELETE') {
          const fields: Record<string, unknown> = {};
          for (const property of operation.bodyProperties) if (random() < 0.7) fields[property] = pick(hostileValues);
          if (defect === 'extraField' || operation.bodyProperties.length === 0) fields['__proto__polluted'] = pick(hostileValues);
          if (defect === 'wrongField' && operation.bodyProperties.length > 0) fields[pick(operation.bodyProperties)] = { nested: [pick(hostileValues)] };
          body = JSON.stringify(fields);
          if (defect === 'brokenJson') body = body.slice(0, Math.max(1, body.length - 3));
          if (defect === 'hugeBody') body = JSON.stringify({ ...fields, padding: 'y'.repeat(1_100_000) });
          if (defect === 'wrongTypeRoot') body = JSON.stringify(pick(['a string', 42, [1, 2], null]));
        }
        const query = random() < 0.5 ? `?limit=${encodeURIComponent(String(pick(hostileValues)).slice(0, 100))}&cursor=%ZZ&status=${encodeURIComponent(String(pick(hostileValues)).slice(0, 100))}` : '';
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
        if (response.status >= 500) failures.push(`${operation.method} ${path.slice(0, 120)} (${defect}) -> ${response.status}`);
        if (response.status < 400 && operation.method !== 'GET' && takesInput(operation)) accepted.push(`${operation.method} ${operation.path}`);
      }
    }
    expect(targets.length).toBeGreaterThan(40);
    expect(sent).toBe(targets.length * perRoute);
    expect(failures).toEqual([]);
    // A write that takes input never accepts these; reads ignore a query they do not take, as do input-free writes like sign-out.
    expect([...new Set(accepted)]).toEqual([]);
    const after = await organisationSnapshot(database.ownerUrl, organisationId);
    expect(after.split('\n').filter((line) => !before.includes(line))).toEqual([]);
  }, 120_000);
});
