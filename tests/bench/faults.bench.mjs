// Faults, on servers of its own (the machine's shared PostgreSQL and Redis are never touched):
//  1. PostgreSQL restarted under load: a private embedded PostgreSQL (tools/embedded-postgres.mjs) stops for
//     FAULT_DOWN_SECONDS (default 5) while members run experiments through the loop. Expected: readiness answers
//     503 while it is down, the same API process answers again once it is back (no restart), requests started after
//     that succeed, and no request is half-applied (every experiment has its creation event, its status is the one
//     its last transition recorded, and its approvals match).
//  2. Redis restarted: a private redis-server (append-only file, as production runs it) restarts while heartbeat
//     jobs are enqueued; every job Redis acknowledged is processed by the worker once it is back.
// Needs a build and redis-server on PATH. Knobs: FAULT_DOWN_SECONDS, FAULT_JOBS (default 400).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { Queue } from 'bullmq';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../tools/embedded-postgres.mjs';
import {
  dist,
  experimentPlan,
  figure,
  freePort,
  loadFigure,
  log,
  organisation,
  root,
  round,
  sleep,
  startApi,
  startApp,
} from './bench-kit.mjs';

const DOWN_SECONDS = Number(process.env.FAULT_DOWN_SECONDS ?? 5);
const JOBS = Number(process.env.FAULT_JOBS ?? 400);

function startRedis(port, dir) {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, stop: async () => (child.exitCode === null && child.kill('SIGTERM'), await exited) };
}

async function waitFor(check, timeoutMs, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await sleep(everyMs);
  }
  return false;
}

async function main() {
  loadFigure();
  const dir = `/tmp/kz-faults-${process.pid}`;
  mkdirSync(`${dir}/redis`, { recursive: true });
  const pgPort = await freePort();
  const redisPort = await freePort();
  let postgres = await startEmbeddedPostgres(`${dir}/postgres`, { port: pgPort, database: 'kaizen' });
  let redis = startRedis(redisPort, `${dir}/redis`);
  let api;
  let worker;
  let queue;
  try {
    const ownerUrl = postgres.url;
    const appUrl = new URL(ownerUrl);
    appUrl.username = 'kaizen_bench_app';
    appUrl.password = 'kaizen-bench-app';
    const env = {
      ...process.env,
      DATABASE_URL: appUrl.toString(),
      DATABASE_MIGRATION_URL: ownerUrl,
      AUTH_SECRET: 'bench'.repeat(8),
      LOG_LEVEL: 'fatal',
      MIGRATE_ON_START: 'false',
      NODE_ENV: 'production',
      ACCESS_TOKEN_TTL_SECONDS: '3600',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    };
    if (
      !(await waitFor(
        async () =>
          spawnSync('redis-cli', ['-p', String(redisPort), 'ping'], { encoding: 'utf8' }).stdout.includes(
            'PONG',
          ),
        10_000,
      ))
    )
      throw new Error('private redis-server did not start');
    const migrated = spawnSync(process.execPath, [`${dist}/apps/api/migrate.js`], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
    api = await startApi(env);
    worker = startApp('worker', env);
    const owner = {
      async owner() {
        const c = new pg.Client({ connectionString: ownerUrl });
        await c.connect();
        return c;
      },
    };
    const org = await organisation(api.url, owner, { name: 'Faults', members: 4 });
    const apiPid = api.child.pid;

    // 1. PostgreSQL restarted under load.
    const outcomes = [];
    let stopLoad = false;
    let recoveredAt = Infinity;
    const call = async (client, method, path, body) => {
      const started = Date.now();
      const response = await client[method](path, body).catch((error) => ({
        status: 0,
        body: String(error),
      }));
      outcomes.push({ started, status: response.status, path });
      return response;
    };
    const load = async (person) => {
      while (!stopLoad) {
        let e = (
          await call(person.client, 'post', '/api/experiments', experimentPlan(org.teamId, 'Under fault'))
        ).body;
        if (!e?.id) {
          await sleep(50); // the database is away: a client waits a little before trying again
          continue;
        }
        for (const [client, name, extra] of [
          [person.client, 'propose'],
          [org.lead.client, 'approve', { reason: 'go' }],
          [person.client, 'start'],
        ]) {
          const response = await call(client, 'post', `/api/experiments/${e.id}/transitions`, {
            transition: name,
            version: e.version,
            ...extra,
          });
          if (response.status !== 200) break;
          e = response.body;
        }
        await call(person.client, 'get', '/api/experiments?limit=50');
      }
    };
    const running = Promise.all(org.members.map(load));
    await sleep(3_000);
    log(`stopping PostgreSQL for ${DOWN_SECONDS} s under load…`);
    await postgres.stop();
    const readyWhileDown = [];
    const downUntil = Date.now() + DOWN_SECONDS * 1000;
    while (Date.now() < downUntil) {
      readyWhileDown.push((await fetch(`${api.url}/api/health/ready`).catch(() => ({ status: 0 }))).status);
      await sleep(250);
    }
    postgres = await startEmbeddedPostgres(`${dir}/postgres`, { port: pgPort, database: 'kaizen' });
    const back = Date.now();
    const recovered = await waitFor(
      async () => (await fetch(`${api.url}/api/health/ready`)).status === 200,
      60_000,
      100,
    );
    recoveredAt = Date.now();
    await sleep(5_000);
    stopLoad = true;
    await running;

    const afterRecovery = outcomes.filter((o) => o.started >= recoveredAt);
    const failedAfter = afterRecovery.filter((o) => o.status === 0 || o.status >= 500);
    figure(
      'PostgreSQL down: readiness answers 503',
      readyWhileDown.every((s) => s === 503)
        ? 'always'
        : `${readyWhileDown.filter((s) => s === 503).length} of ${readyWhileDown.length}`,
      '',
      'always',
      readyWhileDown.length > 0 && readyWhileDown.every((s) => s === 503),
    );
    figure(
      'PostgreSQL back: API ready again after',
      recovered ? round((recoveredAt - back) / 1000, 1) : 'never',
      's',
      'recovers',
      recovered,
    );
    figure(
      'PostgreSQL back: same API process (no restart)',
      Number(api.child.pid === apiPid && api.child.exitCode === null),
      '',
      '1',
      api.child.pid === apiPid && api.child.exitCode === null,
    );
    figure(
      'PostgreSQL back: requests started after recovery that failed',
      `${failedAfter.length} of ${afterRecovery.length}`,
      '',
      '0',
      afterRecovery.length > 0 && failedAfter.length === 0,
    );
    figure(
      'PostgreSQL down: requests that failed during the outage (expected)',
      outcomes.filter((o) => o.started < recoveredAt && (o.status === 0 || o.status >= 500)).length,
      'requests',
    );

    const check = await owner.owner();
    try {
      const {
        rows: [invariants],
      } = await check.query(
        `WITH last_transition AS (
           SELECT DISTINCT ON (experiment_id) experiment_id, to_status FROM experiment_event
            WHERE type = 'transition' ORDER BY experiment_id, occurred_at DESC, id DESC)
         SELECT (SELECT count(*) FROM experiment)::int AS experiments,
                (SELECT count(*) FROM experiment e WHERE NOT EXISTS (SELECT 1 FROM experiment_event ev WHERE ev.experiment_id = e.id AND ev.type = 'created'))::int AS without_creation,
                (SELECT count(*) FROM experiment e LEFT JOIN last_transition lt ON lt.experiment_id = e.id WHERE coalesce(lt.to_status, 'draft') <> e.status)::int AS status_mismatch,
                (SELECT count(*) FROM experiment e WHERE e.status = 'proposed' AND (SELECT count(*) FROM approval a WHERE a.experiment_id = e.id AND a.decided_at IS NULL) <> 1)::int AS proposed_without_open_approval,
                (SELECT count(*) FROM experiment e WHERE e.status IN ('approved', 'running') AND NOT EXISTS (SELECT 1 FROM approval a WHERE a.experiment_id = e.id AND a.decision = 'approved'))::int AS approved_without_decision`,
      );
      log(`invariants: ${JSON.stringify(invariants)}`);
      const broken =
        invariants.without_creation +
        invariants.status_mismatch +
        invariants.proposed_without_open_approval +
        invariants.approved_without_decision;
      figure(
        `PostgreSQL restart: half-applied requests (of ${invariants.experiments} experiments)`,
        broken,
        '',
        '0',
        broken === 0 && invariants.experiments > 0,
      );
    } finally {
      await check.end();
    }

    // 2. Redis restarted while jobs are enqueued.
    queue = new Queue('system', {
      connection: { host: '127.0.0.1', port: redisPort, maxRetriesPerRequest: null },
      prefix: process.env.QUEUE_PREFIX ?? 'kaizen',
    });
    queue.on('error', () => undefined); // reconnects by itself; failed adds are retried below
    const acknowledged = [];
    const enqueue = async (i) => {
      const id = `bench-fault-${process.pid}-${i}`;
      for (;;) {
        try {
          await queue.add(
            'heartbeat',
            { heartbeatId: id, requestedAt: new Date().toISOString() },
            { jobId: id, attempts: 3, backoff: { type: 'fixed', delay: 500 } },
          );
          acknowledged.push(id);
          return;
        } catch {
          await sleep(200); // Redis is down: a producer retries
        }
      }
    };
    let restartedAt = 0;
    const restart = (async () => {
      await sleep(1_000);
      log('restarting Redis…');
      const readyBefore = (await fetch(`${api.url}/api/health/ready`)).status;
      await redis.stop();
      restartedAt = Date.now();
      const readyDown = (await fetch(`${api.url}/api/health/ready`).catch(() => ({ status: 0 }))).status;
      await sleep(2_000);
      redis = startRedis(redisPort, `${dir}/redis`);
      return { readyBefore, readyDown };
    })();
    for (let i = 0; i < JOBS; i++) {
      await enqueue(i);
      await sleep(10);
    }
    const { readyDown } = await restart;
    const check2 = await owner.owner();
    let processed = 0;
    try {
      await waitFor(
        async () => {
          const { rows } = await check2.query(
            `SELECT count(*)::int AS n FROM system_heartbeat WHERE id = ANY ($1) AND processed_at IS NOT NULL`,
            [acknowledged],
          );
          processed = rows[0].n;
          return processed === acknowledged.length;
        },
        60_000,
        500,
      );
    } finally {
      await check2.end();
    }
    const roundTrip = await fetch(`${api.url}/api/health/heartbeats`, {
      method: 'POST',
      headers: { authorization: `Bearer ${org.admin.accessToken}` },
    });
    figure('Redis down: readiness answers 503', readyDown, '', '503', readyDown === 503);
    figure(
      `Redis restart: jobs acknowledged around the restart, processed`,
      `${processed} of ${acknowledged.length}`,
      '',
      'all',
      restartedAt > 0 && processed === acknowledged.length && acknowledged.length === JOBS,
    );
    figure(
      'Redis back: heartbeat round trip through API, queue and worker',
      roundTrip.status,
      '',
      '2xx',
      roundTrip.ok,
    );
    figure(
      'Redis back: API and worker still running',
      Number(api.child.exitCode === null && worker.child.exitCode === null),
      '',
      '1',
      api.child.exitCode === null && worker.child.exitCode === null,
    );
    loadFigure('at end');
  } finally {
    await queue?.close().catch(() => undefined);
    await worker?.stop();
    await api?.stop();
    await redis.stop();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}/postgres.password`, { force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
