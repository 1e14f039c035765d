// Shared by the benchmark scripts (not a benchmark itself: tools/bench.mjs runs only *.bench.mjs).
// A benchmark gets a database of its own on BENCH_DATABASE_URL (default: the local PostgreSQL), migrated as
// the owner, and runs the built API and worker (dist/) against it as the application role, as production does.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
import pg from 'pg';
import { appNodeFlags } from '../../tools/app-node-flags.mjs';
import { roundTripCounter as wireCounter } from '../support/wire-counter.mjs';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The built apps; BENCH_DIST points elsewhere, e.g. at a copy that a rebuild cannot change halfway through a run. */
export const dist = process.env.BENCH_DIST ?? 'dist';

/** One result line for tools/bench.mjs. */
export const figure = (name, value, unit, target, pass) =>
  console.log(JSON.stringify({ figure: name, value, unit, target, pass }));
export const log = (line) => process.stderr.write(`${line}\n`);
export const round = (value, digits = 1) => Number(value.toFixed(digits));
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** The machine's load, to report beside figures measured on a shared machine. */
export function loadFigure(when = 'at start') {
  figure(`machine load average (1 min) ${when}`, round(loadavg()[0], 2), `on ${cpus().length} cores`);
}

/**
 * A fresh database migrated by the product's own migrations. `owner` is the schema owner (the admin URL's role),
 * `app` the application role the API uses. `drop()` removes it (BENCH_KEEP_DATABASE keeps it).
 */
export async function benchDatabase(label, { adminUrl: admin = adminUrl } = {}) {
  const name = `kz_bench_${label}_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const ownerUrl = new URL(admin);
  ownerUrl.pathname = `/${name}`;
  const appUrl = new URL(ownerUrl);
  appUrl.username = 'kaizen_bench_app';
  appUrl.password = 'kaizen-bench-app';
  const env = {
    ...process.env,
    DATABASE_URL: appUrl.toString(),
    DATABASE_MIGRATION_URL: ownerUrl.toString(),
    AUTH_SECRET: 'bench'.repeat(8),
    LOG_LEVEL: 'error',
    MIGRATE_ON_START: 'false',
    NODE_ENV: 'production',
  };
  delete env.REDIS_URL;
  const migrated = spawnSync(process.execPath, [`${dist}/apps/api/migrate.js`], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
  return {
    name,
    ownerUrl: ownerUrl.toString(),
    appUrl: appUrl.toString(),
    env,
    async owner() {
      const c = new pg.Client({ connectionString: ownerUrl.toString() });
      await c.connect();
      return c;
    },
    async drop() {
      if (process.env.BENCH_KEEP_DATABASE) return log(`kept database ${name}`);
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux); null where there is none. */
export function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = 100; // USER_HZ, 100 on every Linux this runs on

/** Starts a built app (`api` or `worker`), optionally pinned to one core with taskset. */
export function startApp(app, env, { cpu, port } = {}) {
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=tmp/profiles": a profile of each app, written when it stops.
  const args = [
    ...appNodeFlags[app],
    ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    `${dist}/apps/${app}/main.js`,
  ];
  const [command, argv] =
    cpu === undefined
      ? [process.execPath, args]
      : ['taskset', ['-c', String(cpu), process.execPath, ...args]];
  const child = spawn(command, argv, {
    cwd: root,
    env: { ...env, ...(port ? { PORT: String(port) } : {}) },
    stdio: ['ignore', process.env.BENCH_APP_STDOUT ? 'inherit' : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
    if (process.env.BENCH_APP_LOGS) process.stderr.write(`[${app}] ${chunk}`); // the apps' own error lines, to find a failure's cause
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    child,
    exited,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

export async function startApi(env, options = {}) {
  const port = options.port ?? (await freePort());
  const api = startApp('api', env, { ...options, port });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (api.child.exitCode !== null) throw new Error(`API exited: ${api.stderr()}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { ...api, url, port };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`API did not start: ${api.stderr()}`);
}

/** A small JSON client with a bearer token. */
export function client(url, accessToken) {
  const call = async (method, path, body) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: response.status, body: json };
  };
  return {
    accessToken,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    put: (path, body) => call('PUT', path, body),
    patch: (path, body) => call('PATCH', path, body),
    delete: (path) => call('DELETE', path),
  };
}

const PASSWORD = 'a long enough bench password';
let passwordHash;

/**
 * An organisation signed up through the API, with a department, a team, a lead and `members` members placed
 * in it (people are inserted by the owner, as an accepted invitation would, then sign in through the API).
 */
export async function organisation(url, database, { name, members = 3 }) {
  const email = `admin.${randomUUID()}@bench.example`;
  const signUp = await client(url).post('/api/auth/sign-up', {
    organisationName: name,
    displayName: `Admin of ${name}`,
    email,
    password: PASSWORD,
  });
  if (signUp.status !== 201)
    throw new Error(`sign-up failed: ${signUp.status} ${JSON.stringify(signUp.body)}`);
  const admin = client(url, signUp.body.accessToken ?? (await signIn(url, email)));
  const { organisationId } = (await admin.get('/api/auth/me')).body;
  const departmentId = (await admin.post('/api/departments', { name: `${name} department` })).body.id;
  const teamId = (await admin.post('/api/teams', { name: `${name} team`, departmentId })).body.id;
  passwordHash ??= await hash(PASSWORD, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  const owner = await database.owner();
  const people = [];
  try {
    for (let i = 0; i <= members; i++) {
      const role = i === 0 ? 'team_lead' : 'member';
      const userId = randomUUID();
      const membershipId = randomUUID();
      const personEmail = `${role}.${randomUUID()}@bench.example`;
      await owner.query(
        `INSERT INTO app_user (id, email, password_hash, display_name) VALUES ($1, $2, $3, $4)`,
        [userId, personEmail, passwordHash, `${role} ${i}`],
      );
      await owner.query(`SELECT set_config('app.organisation_id', $1, false)`, [organisationId]);
      await owner.query(
        `INSERT INTO membership (organisation_id, id, user_id, role) VALUES ($1, $2, $3, $4)`,
        [organisationId, membershipId, userId, role],
      );
      const placed = await admin.post(`/api/teams/${teamId}/members`, {
        membershipId,
        position: i === 0 ? 'lead' : 'member',
      });
      if (placed.status >= 300)
        throw new Error(`placing a member failed: ${placed.status} ${JSON.stringify(placed.body)}`);
      people.push({ role, membershipId, client: client(url, await signIn(url, personEmail)) });
    }
  } finally {
    await owner.end();
  }
  return { organisationId, admin, teamId, departmentId, lead: people[0], members: people.slice(1) };
}

export async function signIn(url, email) {
  const response = await client(url).post('/api/auth/sign-in', { email, password: PASSWORD });
  if (response.status !== 200)
    throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.accessToken;
}

/** A complete experiment plan, as the API asks for before proposing. */
export const experimentPlan = (teamId, title) => ({
  title,
  teamId,
  problem: 'Handovers lose information',
  hypothesis: { change: 'a checklist', outcome: 'fewer errors', measure: 'errors per week' },
  metric: { name: 'Errors', unit: 'per week', baseline: 10, target: 5, direction: 'decrease' },
  plan: {
    start: new Date().toISOString().slice(0, 10),
    end: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  },
  request: { hours: 4, amountMinor: 1_000 },
});

/** `count` experiments in various stages for one team, inserted by the owner in one statement: list pages need rows. */
export async function seedExperiments(database, { organisationId, teamId, ownerId, count }) {
  const owner = await database.owner();
  try {
    await owner.query(`SELECT set_config('app.organisation_id', $1, false)`, [organisationId]);
    await owner.query(
      `INSERT INTO experiment (organisation_id, id, team_id, owner_membership_id, title, problem, status, created_at, updated_at)
       SELECT $1, gen_random_uuid(), $2, $3, 'Seeded experiment ' || i, 'A problem',
              (ARRAY['draft', 'proposed', 'approved', 'running', 'concluded'])[1 + i % 5],
              now() - i * interval '1 minute', now() - i * interval '1 minute'
         FROM generate_series(1, $4) AS i`,
      [organisationId, teamId, ownerId, count],
    );
    await owner.query('ANALYZE');
  } finally {
    await owner.end();
  }
}

/** Runs autocannon on core `cpu` against `url`; resolves with its JSON summary. */
export function autocannon(url, { headers = {}, connections = 10, duration = 10, cpu = 1 } = {}) {
  const args = [
    `${root}/node_modules/autocannon/autocannon.js`,
    '-c',
    String(connections),
    '-d',
    String(duration),
    '-j',
  ];
  for (const [key, value] of Object.entries(headers)) args.push('-H', `${key}=${value}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', String(cpu), process.execPath, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon failed: ${err}`));
      resolve(JSON.parse(out));
    });
  });
}

/**
 * A BYPASSRLS login whose search_path puts every tenant table behind a plain view filtering on the tenant setting:
 * the product's SQL text, unchanged, keeps its tenant filter without row-level security (without one it would read
 * every tenant's rows and lose the tenant key its indexes start with). Returns its URL and a cleanup.
 */
export async function scopedBypassReader(database, owner, organisationId) {
  const role = `kaizen_bench_bypass_${process.pid}`;
  await owner.query(`CREATE ROLE ${role} LOGIN PASSWORD 'bench-bypass' BYPASSRLS IN ROLE kaizen_app`);
  await owner.query(`CREATE SCHEMA bench_scoped`);
  const { rows: tables } = await owner.query(
    `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND c.column_name = 'organisation_id' AND t.table_type = 'BASE TABLE'`,
  );
  for (const { table_name } of tables) {
    await owner.query(
      `CREATE VIEW bench_scoped.${table_name} AS SELECT * FROM public.${table_name} WHERE organisation_id = current_organisation_id()`,
    );
  }
  await owner.query(
    `GRANT USAGE ON SCHEMA bench_scoped TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA bench_scoped TO ${role}`,
  );
  const url = new URL(database.appUrl);
  url.username = role;
  url.password = 'bench-bypass';
  // Set at connection start: no statement of the product's, no transaction around them.
  url.searchParams.set(
    'options',
    `-c search_path=bench_scoped,public${organisationId ? ` -c app.organisation_id=${organisationId}` : ''}`,
  );
  return {
    url: url.toString(),
    async drop() {
      await owner.query(`DROP SCHEMA IF EXISTS bench_scoped CASCADE`).catch(() => undefined);
      await owner.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    },
  };
}

/** The counting proxy of tests/support/wire-counter.mjs, in front of the bench database; `BENCH_SQL_LOG=1` prints each statement. */
export const roundTripCounter = (target = adminUrl) =>
  wireCounter(target, { log: process.env.BENCH_SQL_LOG ? (sql) => log(`sql: ${sql}`) : undefined });
