// API throughput: `GET /api/experiments/:id` and a list page of 50, signed in and under row-level security, loaded
// with autocannon on loopback, against a bare Fastify + pg server running the same SELECTs (no authentication,
// no row-level security, no transaction: the floor any framework code sits on). The baseline's role bypasses
// row-level security and reads through views that write the tenant filter out, so the same SQL returns the same
// rows by the same indexes (see bench-kit.mjs, scopedBypassReader). Server on core 0, load on core 1.
// The product names its prepared queries, so PostgreSQL parses and plans them once per connection; the baseline
// sends each statement unnamed, parsed and planned every time, as a plain `pool.query(text, values)` does. A second
// baseline that names its statements too is measured beside them, for information: the gap that is the
// framework's alone.
// Needs a build. Knobs: BENCH_DURATION (seconds per run, default 10), BENCH_CONNECTIONS (default 10),
// BENCH_EXPERIMENTS (rows in the organisation, default 5,000), BENCH_DATABASE_URL.
import { spawn } from 'node:child_process';
import {
  autocannon,
  benchDatabase,
  experimentPlan,
  figure,
  freePort,
  loadFigure,
  processCpuMs,
  log,
  organisation,
  root,
  round,
  scopedBypassReader,
  seedExperiments,
  sleep,
  startApi,
} from './bench-kit.mjs';
import { productStatements } from './experiment-sql.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const EXPERIMENTS = Number(process.env.BENCH_EXPERIMENTS ?? 5_000);

async function startBare(env) {
  const port = await freePort();
  // BENCH_NODE_ARGS profiles the baseline too, so the two profiles compare like for like.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn('taskset', ['-c', '0', process.execPath, ...nodeArgs, 'tests/bench/bare-server.mjs'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => String(chunk).includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return {
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))),
  };
}

/** CPU time of the PostgreSQL backends serving one application (by its application_name), per backend pid. */
async function backendsCpu(session, applicationName) {
  const { rows } = await session.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
    applicationName,
  ]);
  return new Map(rows.map(({ pid }) => [pid, processCpuMs(pid) ?? 0]));
}

/** CPU the backends used between two readings; a backend the pool opened meanwhile counts from zero. */
const backendsCpuSince = (before, after) =>
  [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

async function main() {
  loadFigure();
  const database = await benchDatabase('api');
  let api;
  let bare;
  let bareNamed;
  let reader;
  const owner = await database.owner();
  try {
    api = await startApi(database.env, { cpu: 0 });
    const org = await organisation(api.url, database, { name: 'Throughput', members: 3 });
    const author = org.members[0];
    let experiment = (
      await author.client.post('/api/experiments', experimentPlan(org.teamId, 'The one we read'))
    ).body;
    experiment = (
      await author.client.post(`/api/experiments/${experiment.id}/transitions`, {
        transition: 'propose',
        version: experiment.version,
      })
    ).body;
    experiment = (
      await org.lead.client.post(`/api/experiments/${experiment.id}/transitions`, {
        transition: 'approve',
        version: experiment.version,
        reason: 'go',
      })
    ).body;
    if (experiment.status !== 'approved')
      throw new Error(`could not prepare the experiment: ${JSON.stringify(experiment)}`);
    await seedExperiments(database, {
      organisationId: org.organisationId,
      teamId: org.teamId,
      ownerId: author.membershipId,
      count: EXPERIMENTS,
    });
    // A second organisation with as many rows, so row-level security has something to keep out.
    const other = await organisation(api.url, database, { name: 'Neighbour', members: 1 });
    await seedExperiments(database, {
      organisationId: other.organisationId,
      teamId: other.teamId,
      ownerId: other.members[0].membershipId,
      count: EXPERIMENTS,
    });

    // One more, proposed, for the approve whose round trips are counted.
    let toApprove = (await author.client.post('/api/experiments', experimentPlan(org.teamId, 'To approve')))
      .body;
    toApprove = (
      await author.client.post(`/api/experiments/${toApprove.id}/transitions`, {
        transition: 'propose',
        version: toApprove.version,
      })
    ).body;

    // The baseline reads as a role that bypasses row-level security, the tenant filter written out in views.
    reader = await scopedBypassReader(database, owner, org.organisationId);
    const sent = await productStatements(
      database,
      author.client.accessToken,
      { detail: `/api/experiments/${experiment.id}`, list: '/api/experiments?limit=50' },
      {
        approve: {
          method: 'POST',
          path: `/api/experiments/${toApprove.id}/transitions`,
          body: { transition: 'approve', version: toApprove.version, reason: 'go' },
          accessToken: org.lead.client.accessToken,
          warm: `/api/experiments/${toApprove.id}`,
        },
      },
    );
    figure(
      'POST /api/experiments/:id/transitions (approve): round trips of its transaction',
      sent.approve.roundTrips,
      '',
      '≤ 6',
      sent.approve.roundTrips <= 6,
    );
    figure(
      'POST /api/experiments/:id/transitions (approve): round trips with its job enqueued on the PostgreSQL queue backend',
      sent.approve.withQueue,
      '',
    );
    const statements = JSON.stringify({ detail: sent.detail.statements, list: sent.list.statements });
    bare = await startBare({ DATABASE_URL: reader.url, BARE_STATEMENTS: statements });
    bareNamed = await startBare({
      DATABASE_URL: reader.url,
      BARE_STATEMENTS: statements,
      BARE_NAMED_STATEMENTS: '1',
      BARE_APPLICATION_NAME: 'bare-baseline-named',
    });

    const auth = { authorization: `Bearer ${author.client.accessToken}` };
    const routes = [
      {
        name: 'GET /api/experiments/:id',
        product: `${api.url}/api/experiments/${experiment.id}`,
        pids: { product: api.child.pid, baseline: bare.pid, named: bareNamed.pid },
        backends: { product: 'kaizen-loop', baseline: 'bare-baseline', named: 'bare-baseline-named' },
        baseline: `${bare.url}/experiments/${experiment.id}`,
        named: `${bareNamed.url}/experiments/${experiment.id}`,
        sent: sent.detail,
      },
      {
        name: 'GET /api/experiments (page of 50)',
        product: `${api.url}/api/experiments?limit=50`,
        pids: { product: api.child.pid, baseline: bare.pid, named: bareNamed.pid },
        backends: { product: 'kaizen-loop', baseline: 'bare-baseline', named: 'bare-baseline-named' },
        baseline: `${bare.url}/experiments`,
        named: `${bareNamed.url}/experiments`,
        sent: sent.list,
      },
    ];
    for (const route of routes) {
      const check = await fetch(route.product, { headers: auth });
      const body = await check.json();
      if (!check.ok || (route.name.includes('page') && body.items.length !== 50))
        throw new Error(`${route.name}: ${check.status} ${JSON.stringify(body).slice(0, 200)}`);
      const results = {};
      // Warm both up, then measure them one after the other, twice each, alternating: drift on a shared machine hits both.
      const sides = ['product', 'baseline', 'named'];
      for (const side of sides)
        await autocannon(route[side], {
          headers: side === 'product' ? auth : {},
          connections: CONNECTIONS,
          duration: 2,
        });
      for (const run of [1, 2]) {
        for (const side of sides) {
          log(`${route.name}: ${side}, run ${run}…`);
          const cpuBefore = processCpuMs(route.pids[side]);
          const databaseBefore = await backendsCpu(owner, route.backends[side]);
          const result = await autocannon(route[side], {
            headers: side === 'product' ? auth : {},
            connections: CONNECTIONS,
            duration: DURATION / 2,
          });
          (results[side] ??= []).push({
            ...result,
            cpuMs: processCpuMs(route.pids[side]) - cpuBefore,
            databaseCpuMs: backendsCpuSince(databaseBefore, await backendsCpu(owner, route.backends[side])),
          });
          await sleep(500);
        }
      }
      const summary = (runs) => ({
        rps:
          runs.reduce((sum, r) => sum + r.requests.total, 0) / runs.reduce((sum, r) => sum + r.duration, 0),
        p99: Math.max(...runs.map((r) => r.latency.p99)),
        bad: runs.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
        cpuPerRequest:
          runs.reduce((sum, r) => sum + r.cpuMs, 0) / runs.reduce((sum, r) => sum + r.requests.total, 0),
        databaseCpuPerRequest:
          runs.reduce((sum, r) => sum + r.databaseCpuMs, 0) /
          runs.reduce((sum, r) => sum + r.requests.total, 0),
      });
      const product = summary(results.product);
      const baseline = summary(results.baseline);
      const named = summary(results.named);
      figure(`${route.name}: product`, round(product.rps, 0), 'req/s');
      figure(`${route.name}: bare Fastify + pg baseline`, round(baseline.rps, 0), 'req/s');
      figure(
        `${route.name}: product ÷ baseline`,
        round(product.rps / baseline.rps, 2),
        '×',
        '≥ 0.8',
        product.rps / baseline.rps >= 0.8,
      );
      figure(`${route.name}: baseline with named statements`, round(named.rps, 0), 'req/s');
      figure(
        `${route.name}: product ÷ baseline with named statements`,
        round(product.rps / named.rps, 2),
        '×',
      );
      // CPU per request holds up on a shared machine where req/s does not: a busy neighbour slows both sides
      // unevenly, as the product saturates its core and the baseline waits on PostgreSQL.
      figure(`${route.name}: product CPU per request`, round(product.cpuPerRequest, 3), 'ms');
      figure(`${route.name}: baseline CPU per request`, round(baseline.cpuPerRequest, 3), 'ms');
      figure(
        `${route.name}: baseline with named statements CPU per request`,
        round(named.cpuPerRequest, 3),
        'ms',
      );
      figure(
        `${route.name}: PostgreSQL CPU per request, product`,
        round(product.databaseCpuPerRequest, 3),
        'ms',
      );
      figure(
        `${route.name}: PostgreSQL CPU per request, baseline`,
        round(baseline.databaseCpuPerRequest, 3),
        'ms',
      );
      figure(
        `${route.name}: PostgreSQL CPU per request, baseline with named statements`,
        round(named.databaseCpuPerRequest, 3),
        'ms',
      );
      figure(`${route.name}: product p99`, product.p99, 'ms');
      figure(`${route.name}: baseline p99`, baseline.p99, 'ms');
      figure(
        `${route.name}: errors and non-2xx answers`,
        product.bad + baseline.bad + named.bad,
        '',
        '0',
        product.bad + baseline.bad + named.bad === 0,
      );
      figure(
        `${route.name}: round trips to PostgreSQL per request`,
        route.sent.roundTrips,
        '',
        '≤ 3',
        route.sent.roundTrips <= 3,
      );
      figure(
        `${route.name}: statements (the baseline runs these ${route.sent.statements.length} alone)`,
        route.sent.statements.length,
        '',
      );
    }
    loadFigure('at end');
  } finally {
    await bare?.stop();
    await bareNamed?.stop();
    await api?.stop();
    await reader?.drop();
    await owner.end();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
