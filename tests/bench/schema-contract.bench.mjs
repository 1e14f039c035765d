// The OpenAPI document as the contract, at full count: for every operation, SCHEMA_PER_OPERATION (default 500)
// requests valid by its schema and as many made invalid by one mutation of one field or by a hostile class
// (tests/support/schema-cases.mjs, the generator `npm test` samples). Expected: no 5xx, no schema-valid request
// refused for a rule the document states, every invalid one refused with a 400 (415 for a form body) naming the
// field, and the organisation that received the invalid ones unchanged (fingerprinted before and after).
// Needs a build. Knobs: SCHEMA_PER_OPERATION, SCHEMA_SEED, BENCH_CONCURRENCY (default 4).
import { benchDatabase, figure, loadFigure, log, organisation, startApi } from './bench-kit.mjs';
import { organisationFingerprint } from '../support/hostile-requests.mjs';
import { contractOperations, runSchemaContract } from '../support/schema-cases.mjs';

const PER_OPERATION = Number(process.env.SCHEMA_PER_OPERATION ?? 500);
const SEED = Number(process.env.SCHEMA_SEED ?? 20261203);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);

async function main() {
  loadFigure();
  const database = await benchDatabase('schema');
  const env = { ...database.env, ACCESS_TOKEN_TTL_SECONDS: '3600' };
  let api;
  const owner = await database.owner();
  try {
    api = await startApi(env);
    const sides = [];
    for (const name of ['Schema valid', 'Schema invalid']) {
      const org = await organisation(api.url, database, { name, members: 1 });
      const me = (await org.admin.get('/api/auth/me')).body;
      const ids = {
        teamId: [org.teamId],
        departmentId: [org.departmentId],
        parentId: [org.departmentId],
        membershipId: [org.lead.membershipId, ...org.members.map((m) => m.membershipId)],
        ownerId: [me.membershipId],
        participantId: [org.lead.membershipId],
        mention: [org.lead.membershipId],
      };
      sides.push({ org, token: org.admin.accessToken, ids });
    }
    const [validSide, invalidSide] = sides;
    const fingerprint = async () => {
      await owner.query(`SELECT set_config('app.organisation_id', $1, false)`, [
        invalidSide.org.organisationId,
      ]);
      return (await organisationFingerprint(owner, invalidSide.org.organisationId)).split('\n');
    };
    const before = await fingerprint();
    const document = await (await fetch(`${api.url}/api/docs/json`)).json();
    const operations = contractOperations(document);
    const started = performance.now();
    const run = await runSchemaContract({
      baseUrl: api.url,
      operations,
      valid: validSide,
      invalid: invalidSide,
      seed: SEED,
      perOperation: PER_OPERATION,
      concurrency: CONCURRENCY,
    });
    const seconds = (performance.now() - started) / 1000;
    const changed = (await fingerprint())
      .filter((line) => !before.includes(line))
      .map((line) => line.split(':')[0]);

    log(`answers by status: ${JSON.stringify(run.statuses)}`);
    for (const failure of run.failures.slice(0, 30)) log(`failure: ${failure}`);
    for (const resent of run.resent) log(`resent: ${resent}`);
    if (changed.length) log(`changed: ${changed.join(', ')}`);
    const fivexx = Object.entries(run.statuses)
      .filter(([status]) => Number(status) >= 500)
      .reduce((sum, [, n]) => sum + n, 0);
    figure(
      'schema contract: operations (all in the OpenAPI document but the heartbeat and SCIM)',
      run.operations,
      'operations',
    );
    figure(
      'schema contract: schema-valid requests',
      run.sent.valid,
      'requests',
      `${PER_OPERATION} per operation`,
      run.sent.valid === PER_OPERATION * run.operations,
    );
    figure(
      'schema contract: invalid requests (one mutation of one field, or a hostile class)',
      run.sent.invalid,
      'requests',
    );
    figure('schema contract: 5xx answers', fivexx, '', '0', fivexx === 0);
    figure(
      'schema contract: answers against the contract',
      run.failures.length,
      '',
      '0',
      run.failures.length === 0,
    );
    figure(
      'schema contract: valid requests refused by a rule the document cannot state (an id naming nothing, say)',
      run.semanticRefusals,
      'requests',
    );
    figure(
      'schema contract: tables of the organisation that got invalid input changed',
      changed.length,
      'tables',
      '0',
      changed.length === 0,
    );
    figure(
      'schema contract: requests sent again after the connection closed under them',
      run.resent.length,
      'requests',
    );
    figure('schema contract: duration', Number(seconds.toFixed(1)), 's');
    loadFigure('at end');
  } finally {
    await api?.stop();
    await owner.end();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
