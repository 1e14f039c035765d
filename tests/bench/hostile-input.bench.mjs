// Hostile input at full count: for every route of the OpenAPI document, HOSTILE_PER_ROUTE (default 200) malformed
// or hostile requests from the same generator as the seeded sample in npm test (tests/support/hostile-requests.mjs):
// wrong types, huge strings, odd unicode, SQL and HTML injection, missing and extra fields, negative numbers, bad ids.
// Expected: no 5xx, no write that takes input accepts one, and the organisation's data unchanged (fingerprinted
// before and after; the audit export's own audit line is the one change by design). A worker runs, so the
// heartbeat route is covered too. Needs a build. Knobs: HOSTILE_PER_ROUTE, HOSTILE_SEED, BENCH_CONCURRENCY (default 4),
// HOSTILE_ROUTES (replay only paths containing it).
import { benchDatabase, figure, loadFigure, log, organisation, startApi, startApp } from './bench-kit.mjs';
import {
  hostileRequest,
  mulberry32,
  operationsOf,
  organisationFingerprint,
  takesInput,
} from '../support/hostile-requests.mjs';

const PER_ROUTE = Number(process.env.HOSTILE_PER_ROUTE ?? 200);
const SEED = Number(process.env.HOSTILE_SEED ?? 20261122);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);

const hashOf = (text) => [...text].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 0);

async function main() {
  loadFigure();
  const database = await benchDatabase('hostile');
  const env = { ...database.env, ACCESS_TOKEN_TTL_SECONDS: '3600' };
  let api;
  let worker;
  const owner = await database.owner();
  try {
    api = await startApi(env);
    worker = startApp('worker', env);
    const org = await organisation(api.url, database, { name: 'Hostile', members: 2 });
    const operations = operationsOf(await (await fetch(`${api.url}/api/docs/json`)).json());
    // Exports are reads that are audited by design: their audit lines are not changes made by hostile input.
    const fingerprint = async () => {
      await owner.query(`SELECT set_config('app.organisation_id', $1, false)`, [org.organisationId]);
      const tables = await organisationFingerprint(owner, org.organisationId);
      const { rows } = await owner.query(
        `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM audit_event t WHERE organisation_id = $1 AND action NOT LIKE '%.exported'`,
        [org.organisationId],
      );
      return tables
        .split('\n')
        .map((line) => (line.startsWith('audit_event:') ? `audit_event:${rows[0].digest}` : line));
    };
    const before = await fingerprint();

    const failures = [];
    const cutOff = [];
    const accepted = new Set();
    const statuses = {};
    let sent = 0;
    const started = performance.now();
    // HOSTILE_ROUTES replays only the routes whose path contains it (each route's sequence is its own, so it replays exactly).
    const queue = operations.filter(
      (o) => !process.env.HOSTILE_ROUTES || o.path.includes(process.env.HOSTILE_ROUTES),
    );
    const runRoute = async (operation) => {
      // Each route draws from a generator of its own, so routes can run side by side and still replay exactly.
      const random = mulberry32(SEED ^ hashOf(`${operation.method} ${operation.path}`));
      for (let i = 0; i < PER_ROUTE; i++) {
        const { path, query, defect, body } = hostileRequest(operation, random);
        const response = await fetch(`${api.url}${path}${query}`, {
          method: operation.method,
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': '203.0.113.7',
            ...(operation.public ? {} : { authorization: `Bearer ${org.admin.accessToken}` }),
          },
          body,
        }).catch((error) => ({ status: 0, error, arrayBuffer: async () => undefined }));
        sent++;
        await response.arrayBuffer();
        // The server may answer 413 and close while a body over the limit is still being sent: no answer reaches us.
        if (response.status === 0)
          cutOff.push(
            `${operation.method} ${path.slice(0, 120)} (${defect}): ${response.error.cause?.code ?? response.error.message}`,
          );
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (response.status >= 500)
          failures.push(`${operation.method} ${path.slice(0, 120)} (${defect}) -> ${response.status}`);
        if (
          response.status > 0 &&
          response.status < 400 &&
          operation.method !== 'GET' &&
          takesInput(operation)
        ) {
          accepted.add(`${operation.method} ${operation.path}`);
          log(
            `accepted: ${operation.method} ${path.slice(0, 120)}${query.slice(0, 80)} (${defect}) -> ${response.status}; body ${String(body).slice(0, 300)}`,
          );
        }
      }
    };
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let operation = queue.shift(); operation; operation = queue.shift()) await runRoute(operation);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const after = await fingerprint();
    const changed = after.filter((line) => !before.includes(line)).map((line) => line.split(':')[0]);

    log(`answers by status: ${JSON.stringify(statuses)}`);
    for (const failure of failures.slice(0, 20)) log(`5xx: ${failure}`);
    if (changed.length) log(`changed: ${changed.join(', ')}`);
    figure(
      'hostile input: routes covered (every route of the OpenAPI document)',
      operations.length,
      'routes',
    );
    figure(
      'hostile input: requests sent',
      sent,
      'requests',
      `≥ 200 per route (${200 * operations.length})`,
      sent >= 200 * operations.length && sent === PER_ROUTE * operations.length,
    );
    figure('hostile input: 5xx answers', failures.length, '', '0', failures.length === 0);
    figure(
      'hostile input: writes that accepted hostile input',
      accepted.size,
      'routes',
      '0',
      accepted.size === 0,
    );
    figure(
      'hostile input: tables of the organisation changed',
      changed.length,
      'tables',
      '0',
      changed.length === 0,
    );
    for (const line of cutOff.slice(0, 10)) log(`cut off: ${line}`);
    figure(
      'hostile input: connections closed before an answer (bodies over the limit)',
      cutOff.length,
      'requests',
      'only huge bodies',
      cutOff.every((line) => line.includes('(hugeBody)')),
    );
    figure('hostile input: duration', Number(seconds.toFixed(1)), 's');
    loadFigure('at end');
  } finally {
    await worker?.stop();
    await api?.stop();
    await owner.end();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
