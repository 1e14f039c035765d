import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOrganisation, type ApiClient } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { organisationSnapshot } from '../support/tenants';
import { contractOperations, runSchemaContract, type Ids } from '../support/schema-cases.mjs';

/**
 * The OpenAPI document is the contract, and a generator driven by the document itself holds the server to it
 * (a seeded sample; SCHEMA_PER_OPERATION and SCHEMA_SEED change it, `npm run bench -- schema` runs 500 per operation).
 */
describe('the OpenAPI document is what the server enforces', () => {
  const seed = Number(process.env['SCHEMA_SEED'] ?? 20261203);
  const perOperation = Number(process.env['SCHEMA_PER_OPERATION'] ?? 5);
  let database: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  /** An organisation with a department, a team and its admin, and the ids the generator may name. */
  async function organisation(
    name: string,
  ): Promise<{ client: ApiClient; ids: Ids; organisationId: string }> {
    const { client } = await signUpOrganisation(api.url, name);
    const me = (await client.get('/api/auth/me')).body;
    const department = (await client.post('/api/departments', { name: 'Care' })).body;
    const team = (await client.post('/api/teams', { name: 'Night', departmentId: department.id })).body;
    const ids: Ids = {
      teamId: [team.id],
      departmentId: [department.id],
      parentId: [department.id],
      membershipId: [me.membershipId],
      ownerId: [me.membershipId],
      participantId: [me.membershipId],
      mention: [me.membershipId],
    };
    return { client, ids, organisationId: me.organisationId };
  }

  it('accepts what the schema allows, refuses one invalid field with a 400 naming it, and never answers 5xx', async () => {
    const valid = await organisation('Schema valid');
    const invalid = await organisation('Schema invalid');
    const document = await (await fetch(`${api.url}/api/docs/json`)).json();
    const operations = contractOperations(document);
    const before = await organisationSnapshot(database.ownerUrl, invalid.organisationId);

    const run = await runSchemaContract({
      baseUrl: api.url,
      operations,
      valid: { token: valid.client.accessToken as string, ids: valid.ids },
      invalid: { token: invalid.client.accessToken as string, ids: invalid.ids },
      seed,
      perOperation,
    });
    console.log(
      `schema contract: ${run.operations} operations, ${run.sent.valid} valid and ${run.sent.invalid} invalid requests, answers ${JSON.stringify(run.statuses)}, ${run.semanticRefusals} valid requests refused by a rule the document cannot state`,
    );

    expect(run.operations).toBeGreaterThan(90);
    expect(run.sent.valid).toBe(run.operations * perOperation);
    expect(run.sent.invalid).toBeGreaterThan(run.operations * perOperation * 0.6);
    expect(run.failures).toEqual([]);
    const after = await organisationSnapshot(database.ownerUrl, invalid.organisationId);
    expect(after.split('\n').filter((line) => !before.includes(line))).toEqual([]);
  });
});
