// Soak: SOAK_SECONDS (default 60) of mixed traffic from three organisations at once: each member runs experiments
// through the loop (create, read, edit, propose, approval by their lead, start, check in, result, conclude) between
// list, timeline and dashboard reads, while a worker folds the events into roll-ups. Expected: zero errors
// (every answer is the one the step expects) and p99 printed. Needs a build. Knobs: SOAK_SECONDS, SOAK_MEMBERS
// (members per organisation, default 4), BENCH_DATABASE_URL. Queues run on PostgreSQL, inside the bench database.
import {
  benchDatabase,
  experimentPlan,
  figure,
  loadFigure,
  log,
  organisation,
  percentile,
  round,
  startApi,
  startApp,
} from './bench-kit.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const MEMBERS = Number(process.env.SOAK_MEMBERS ?? 4);

async function main() {
  loadFigure();
  const database = await benchDatabase('soak');
  const env = { ...database.env, ACCESS_TOKEN_TTL_SECONDS: '3600' };
  let api;
  let worker;
  try {
    api = await startApi(env);
    worker = startApp('worker', env);
    const organisations = [];
    for (const name of ['Soak A', 'Soak B', 'Soak C'])
      organisations.push(await organisation(api.url, database, { name, members: MEMBERS }));

    const latencies = [];
    const errors = [];
    const counts = { reads: 0, writes: 0, transitions: 0, loops: 0 };
    const deadline = Date.now() + SECONDS * 1000;
    /** One call, timed; an answer other than `expected` is an error. */
    const step = async (client, kind, method, path, body, expected) => {
      const started = performance.now();
      const response = await client[method](path, body);
      latencies.push(performance.now() - started);
      counts[kind]++;
      if (response.status !== expected) {
        errors.push(
          `${method.toUpperCase()} ${path} -> ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`,
        );
        throw new Error('unexpected answer');
      }
      return response.body;
    };
    const transition = (client, e, name, extra = {}) =>
      step(
        client,
        'transitions',
        'post',
        `/api/experiments/${e.id}/transitions`,
        { transition: name, version: e.version, ...extra },
        200,
      );

    const member = async (org, person, index) => {
      while (Date.now() < deadline) {
        try {
          let e = await step(
            person.client,
            'writes',
            'post',
            '/api/experiments',
            experimentPlan(org.teamId, `Soak ${index} ${counts.loops}`),
            201,
          );
          await step(person.client, 'reads', 'get', `/api/experiments/${e.id}`, undefined, 200);
          e = await step(
            person.client,
            'writes',
            'patch',
            `/api/experiments/${e.id}`,
            { version: e.version, title: `Soak ${index} edited` },
            200,
          );
          e = await transition(person.client, e, 'propose');
          await step(org.lead.client, 'reads', 'get', '/api/approvals', undefined, 200);
          e = await transition(org.lead.client, e, 'approve', { reason: 'go ahead' });
          e = await transition(person.client, e, 'start');
          await step(
            person.client,
            'writes',
            'post',
            `/api/experiments/${e.id}/check-ins`,
            { progress: 'on track', confidence: 4 },
            201,
          );
          await step(person.client, 'reads', 'get', '/api/experiments?limit=50', undefined, 200);
          e = await step(
            person.client,
            'writes',
            'put',
            `/api/experiments/${e.id}/result`,
            {
              version: e.version,
              value: 4,
              verdict: 'confirmed',
              evidence: 'counted',
              actualHours: 3,
              actualSpendMinor: 500,
            },
            200,
          );
          e = await transition(person.client, e, 'conclude');
          await step(person.client, 'reads', 'get', `/api/experiments/${e.id}/timeline`, undefined, 200);
          await step(
            person.client,
            'reads',
            'get',
            '/api/rollups/organisation?period=month&count=3',
            undefined,
            200,
          );
          counts.loops++;
        } catch (error) {
          if (error.message !== 'unexpected answer') errors.push(String(error));
        }
      }
    };
    log(
      `soaking for ${SECONDS} s with ${organisations.length * MEMBERS} members in ${organisations.length} organisations…`,
    );
    await Promise.all(organisations.flatMap((org) => org.members.map((person, i) => member(org, person, i))));
    for (const error of errors.slice(0, 10)) log(`error: ${error}`);
    figure(
      `soak: requests in ${SECONDS} s (reads ${counts.reads}, writes ${counts.writes}, transitions ${counts.transitions})`,
      latencies.length,
      'requests',
    );
    figure('soak: throughput', round(latencies.length / SECONDS, 0), 'req/s');
    figure('soak: experiments taken from draft to concluded', counts.loops, 'loops');
    figure('soak: errors', errors.length, '', '0', errors.length === 0 && latencies.length > 0);
    figure('soak: p50', round(percentile(latencies, 0.5)), 'ms');
    figure('soak: p99', round(percentile(latencies, 0.99)), 'ms');
    figure(
      'soak: API and worker still running',
      Number(api.child.exitCode === null && worker.child.exitCode === null),
      '',
      '1',
      api.child.exitCode === null && worker.child.exitCode === null,
    );
    loadFigure('at end');
  } finally {
    await worker?.stop();
    await api?.stop();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
