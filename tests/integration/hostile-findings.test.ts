import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUpOrganisation, type ApiResponse } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { organisationSnapshot } from '../support/tenants';

/**
 * The eleven findings of an independent hostile-input probe (issue 16), one case each: every one was a 5xx or a
 * wrong answer. Each refusal must be problem+json naming the field and the rule, and must change nothing.
 */
describe('hostile input: the eleven findings', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let admin: ApiClient;
  let organisationId: string;
  let departmentId: string;
  let teamId: string;
  let experimentId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    ({ client: admin } = await signUpOrganisation(api.url, 'Findings'));
    organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    departmentId = (await admin.post('/api/departments', { name: 'Care' })).body.id;
    teamId = (await admin.post('/api/teams', { name: 'Night', departmentId })).body.id;
    await admin.post('/api/teams', { name: 'Day', departmentId });
    experimentId = (await admin.post('/api/experiments', { title: 'A first experiment', teamId })).body.id;
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  /** Sends a raw body, as a hostile client would. */
  async function raw(
    method: string,
    path: string,
    body: string | undefined,
    contentType = 'application/json',
    signedIn = true,
  ): Promise<ApiResponse> {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': contentType } : {}),
        ...(signedIn ? { authorization: `Bearer ${admin.accessToken}` } : {}),
        'x-forwarded-for': admin.forwardedFor,
      },
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: the assertions below say so
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  /** A problem+json refusal with this status that names this field (and, if given, this rule). */
  function expectRefusal(response: ApiResponse, status: number, field?: string, rule?: string): void {
    expect(
      { status: response.status, type: response.headers.get('content-type') },
      JSON.stringify(response.body),
    ).toEqual({
      status,
      type: expect.stringContaining('application/problem+json'),
    });
    expect(response.body).toMatchObject({ status });
    if (field)
      expect(response.body.errors, JSON.stringify(response.body)).toContainEqual(
        expect.objectContaining({ field, ...(rule ? { rule } : {}) }),
      );
  }

  async function unchanged(act: () => Promise<void>): Promise<void> {
    const before = await organisationSnapshot(database.ownerUrl, organisationId);
    await act();
    const after = await organisationSnapshot(database.ownerUrl, organisationId);
    expect(after.split('\n').filter((line) => !before.includes(line))).toEqual([]);
  }

  it('1. refuses a body nested 10,000 levels deep before validating it, on anonymous and signed-in routes', async () => {
    const deepObject = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const deepArray = '['.repeat(10_000) + ']'.repeat(10_000);
    await unchanged(async () => {
      for (const path of [
        '/api/auth/sign-up',
        '/api/auth/sign-in',
        '/api/auth/password-reset',
        '/api/auth/invitations/accept',
      ]) {
        expectRefusal(await raw('POST', path, deepObject, 'application/json', false), 400, '', 'maxDepth');
        expectRefusal(await raw('POST', path, deepArray, 'application/json', false), 400, '', 'maxDepth');
      }
      expectRefusal(
        await raw(
          'POST',
          '/api/experiments',
          `{"title":"Deep","teamId":"${teamId}","hypothesis":${deepObject}}`,
        ),
        400,
        '',
        'maxDepth',
      );
    });
    // A sane depth still parses, and is then judged by the schema.
    expectRefusal(
      await raw('POST', '/api/departments', JSON.stringify({ name: 'x', parentId: { a: { b: { c: 1 } } } })),
      400,
      'parentId',
    );
  });

  it('2. refuses NUL in any text with a 400 naming the field', async () => {
    await unchanged(async () => {
      expectRefusal(await admin.post('/api/departments', { name: 'Zorg\u0000' }), 400, 'name', 'noNul');
      expectRefusal(
        await admin.patch('/api/organisation', { version: 1, name: 'Org\u0000' }),
        400,
        'name',
        'noNul',
      );
      expectRefusal(
        await admin.post('/api/experiments', { title: 'Nul in problem', teamId, problem: 'a\u0000b' }),
        400,
        'problem',
      );
      const hypothesis = { change: 'x\u0000', outcome: 'y', measure: 'z' };
      expectRefusal(
        await admin.post('/api/experiments', { title: 'Nul in hypothesis', teamId, hypothesis }),
        400,
        'hypothesis.change',
      );
      expectRefusal(
        await admin.post(`/api/experiments/${experimentId}/comments`, { body: '\u0000' }),
        400,
        'body',
      );
      expectRefusal(
        await admin.post('/api/experiments', { title: 'Tagged', teamId, tags: ['ok', 'n\u0000l'] }),
        400,
        'tags.1',
      );
    });
  });

  it('3. refuses lone UTF-16 surrogates with a 400 naming the field, and stores other text byte for byte', async () => {
    await unchanged(async () => {
      expectRefusal(
        await admin.patch('/api/organisation', { version: 1, name: 'Org \ud800' }),
        400,
        'name',
        'wellFormedText',
      );
      expectRefusal(
        await admin.post('/api/departments', { name: 'Zorg \udc00' }),
        400,
        'name',
        'wellFormedText',
      );
      expectRefusal(
        await admin.post('/api/teams', { name: '\ud83d', departmentId }),
        400,
        'name',
        'wellFormedText',
      );
      expectRefusal(
        await admin.post('/api/experiments', { title: 'Surrogate problem', teamId, problem: 'x\ud800y' }),
        400,
        'problem',
      );
      expectRefusal(
        await admin.post(`/api/experiments/${experimentId}/comments`, { body: 'a\udfffb' }),
        400,
        'body',
      );
    });
    const text = 'Zorg \ud83d\ude00 Z\u0334\u0322a\u202e\u00e9e\u0301';
    const created = await admin.post('/api/departments', { name: text });
    expect(created.status).toBe(201);
    expect((await admin.get(`/api/departments/${created.body.id}`)).body.name).toBe(text);
  });

  it('4. answers a taken name with 409 naming the field', async () => {
    await unchanged(async () => {
      expectRefusal(await admin.post('/api/departments', { name: 'Care' }), 409, 'name', 'unique');
      expectRefusal(await admin.post('/api/teams', { name: 'Night', departmentId }), 409, 'name', 'unique');
      expectRefusal(await admin.patch(`/api/teams/${teamId}`, { name: 'Day' }), 409, 'name', 'unique');
    });
  });

  it('5. refuses a version of 2^31 or more with a 400 naming version', async () => {
    const members = (await admin.get('/api/members')).body.items;
    const envelope = (
      await admin.post('/api/budget-envelopes', {
        teamId,
        quarter: '2026-Q4',
        hoursBudget: 10,
        amountBudgetMinor: 100,
      })
    ).body;
    await unchanged(async () => {
      for (const version of [2 ** 31, 2 ** 53 - 1]) {
        expectRefusal(
          await admin.patch('/api/organisation', { version, name: 'Renamed' }),
          400,
          'version',
          'max',
        );
        expectRefusal(
          await admin.patch(`/api/members/${members[0].id}`, { version, role: 'admin' }),
          400,
          'version',
          'max',
        );
        expectRefusal(
          await admin.patch(`/api/budget-envelopes/${envelope.id}`, { version, hoursBudget: 5 }),
          400,
          'version',
          'max',
        );
        expectRefusal(
          await admin.patch(`/api/experiments/${experimentId}`, { version, title: 'Renamed' }),
          400,
          'version',
          'max',
        );
      }
    });
  });

  it('6. refuses arrays as quiet hours or e-mail preferences', async () => {
    const preferences = (await admin.get('/api/notifications/preferences')).body;
    await unchanged(async () => {
      expectRefusal(
        await admin.put('/api/notifications/preferences', { ...preferences, quietHours: [] }),
        400,
        'quietHours',
        'isObject',
      );
      expectRefusal(
        await admin.put('/api/notifications/preferences', { ...preferences, email: [] }),
        400,
        'email',
        'isObject',
      );
    });
  });

  it('7. refuses query parameters that would reach SQL unchecked', async () => {
    const forged = Buffer.from(JSON.stringify(["x' OR 1=1--", 'y'])).toString('base64url');
    await unchanged(async () => {
      expectRefusal(await admin.get('/api/experiments?q=%00'), 400, 'q', 'noNul');
      expectRefusal(await admin.get('/api/lessons?q=%00'), 400, 'q', 'noNul');
      expectRefusal(await admin.get('/api/lessons?tag=%00'), 400, 'tag', 'noNul');
      expectRefusal(await admin.get('/api/audit-events?before=2027-02-30T00:00:00Z'), 400, 'before');
      expectRefusal(await admin.get(`/api/experiments?cursor=${forged}`), 400, 'cursor');
      expectRefusal(await admin.get(`/api/lessons?cursor=${forged}`), 400, 'cursor');
    });
    // The cursor a page hands out still works.
    await admin.post('/api/experiments', { title: 'A second experiment', teamId });
    const first = await admin.get('/api/experiments?limit=1');
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect((await admin.get(`/api/experiments?limit=1&cursor=${first.body.nextCursor}`)).status).toBe(200);
  });

  it('8. refuses arrays where objects belong, and time zones that are not IANA zones', async () => {
    const version = (await admin.get(`/api/experiments/${experimentId}`)).body.version;
    const preferences = (await admin.get('/api/notifications/preferences')).body;
    await unchanged(async () => {
      for (const field of ['hypothesis', 'metric', 'plan', 'request']) {
        expectRefusal(
          await admin.post('/api/experiments', { title: 'Arrays', teamId, [field]: [] }),
          400,
          field,
          'isObject',
        );
        expectRefusal(
          await admin.patch(`/api/experiments/${experimentId}`, { version, [field]: [] }),
          400,
          field,
          'isObject',
        );
      }
      expectRefusal(
        await admin.put('/api/notifications/preferences', { ...preferences, timeZone: 'UTC+25' }),
        400,
        'timeZone',
        'isTimeZone',
      );
      const cadence = { unitType: 'team', teamId, frequency: 'weekly', hour: 9, timeZone: 'UTC+25' };
      expectRefusal(await admin.post('/api/review-cadences', cadence), 400, 'timeZone', 'isTimeZone');
      expectRefusal(
        await admin.patch('/api/organisation', { version: 1, timeZone: 'UTC+25' }),
        400,
        'timeZone',
        'isTimeZone',
      );
    });
  });

  it('9. renders framework errors as problem+json too', async () => {
    expectRefusal(await raw('GET', '/api/experiments/%ED%A0%80', undefined), 400);
    expectRefusal(await raw('GET', `/api/experiments/${'a'.repeat(500)}`, undefined), 414);
    expectRefusal(
      await raw('POST', '/api/departments', JSON.stringify({ name: 'y'.repeat(1_100_000) })),
      413,
      'body',
      'maxBytes',
    );
    expectRefusal(await raw('POST', '/api/departments', '{"name": "unterminated'), 400);
    expectRefusal(await raw('POST', '/api/departments', ''), 400);
    expectRefusal(await raw('GET', '/api/no-such-route', undefined), 404);
  });

  it('10. names __proto__, constructor and prototype keys as forbidden fields', async () => {
    await unchanged(async () => {
      for (const key of ['__proto__', 'constructor', 'prototype']) {
        const response = await raw('POST', '/api/departments', `{"name":"Proto","${key}":{"polluted":true}}`);
        expectRefusal(response, 400, key, 'forbiddenKey');
        expect(response.body.detail ?? '').not.toMatch(/not valid JSON/i);
        expectRefusal(
          await raw(
            'POST',
            '/api/experiments',
            `{"title":"Proto","teamId":"${teamId}","metric":{"${key}":{"x":1}}}`,
          ),
          400,
          `metric.${key}`,
          'forbiddenKey',
        );
      }
    });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('found by the schema-driven generator: a plan ending before it starts is a 400 naming plan.end, on create and on edit', async () => {
    const backwards = { start: '2027-03-01', end: '2027-02-01' };
    await unchanged(async () => {
      expectRefusal(
        await admin.post('/api/experiments', { title: 'Backwards', teamId, plan: backwards }),
        400,
        'plan.end',
        'notBeforeStart',
      );
      const version = (await admin.get(`/api/experiments/${experimentId}`)).body.version;
      expectRefusal(
        await admin.patch(`/api/experiments/${experimentId}`, { version, plan: backwards }),
        400,
        'plan.end',
        'notBeforeStart',
      );
    });
  });

  it('found by the schema-driven generator: null only where the document says nullable', async () => {
    await unchanged(async () => {
      expectRefusal(
        await admin.post('/api/experiments', { title: 'Nulls', teamId, tags: null }),
        400,
        'tags',
        'notNull',
      );
      expectRefusal(
        await admin.post('/api/experiments', {
          title: 'Nulls',
          teamId,
          hypothesis: { change: null, outcome: 'o', measure: 'm' },
        }),
        400,
        'hypothesis.change',
      );
      expectRefusal(await admin.patch(`/api/teams/${teamId}`, { name: null }), 400, 'name', 'notNull');
    });
    // Where null means something (a plan without dates yet, a department at the top level), it is taken.
    expect(
      (
        await admin.post('/api/experiments', {
          title: 'Dates later',
          teamId,
          plan: { start: null, end: null },
        })
      ).status,
    ).toBe(201);
  });

  it('11. takes JSON only: other content types get 415', async () => {
    await unchanged(async () => {
      expectRefusal(
        await raw('POST', '/api/departments', 'name=Form', 'application/x-www-form-urlencoded'),
        415,
      );
      expectRefusal(await raw('POST', '/api/departments', '{"name":"Text"}', 'text/plain'), 415);
      expectRefusal(
        await raw(
          'POST',
          '/api/auth/sign-in',
          'email=a&password=b',
          'application/x-www-form-urlencoded',
          false,
        ),
        415,
      );
    });
    // JSON with a charset, and the +json family, are JSON.
    expect(
      (await raw('POST', '/api/departments', '{"name":"Charset"}', 'application/json; charset=utf-8')).status,
    ).toBe(201);
    expect(
      (await raw('POST', '/api/departments', '{"name":"Plus"}', 'application/merge-patch+json')).status,
    ).toBe(201);
  });
});
