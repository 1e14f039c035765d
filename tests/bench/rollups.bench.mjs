// Roll-up benchmark (issue: learning roll-ups). A script, not a test; prints JSON lines {figure, value, unit, target, pass}.
//  1. Generates one organisation (20,000 members, 1,000 teams, 60 departments, 1,000,000 experiments over two years) with COPY.
//  2. Recomputes its roll-ups, then times the organisation dashboard and the department comparison over HTTP
//     (authentication, row-level security and all) against the same figures computed from the raw tables.
//  3. Adds 200 other organisations and times the first organisation again.
// Needs a build (`npx nx run-many -t build -p api worker`) and a PostgreSQL whose URL may create databases:
// BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres. BENCH_EXPERIMENTS scales step 1.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';

const root = fileURLToPath(new URL('../..', import.meta.url));
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const EXPERIMENTS = Number(process.env.BENCH_EXPERIMENTS ?? 1_000_000);
const MEMBERS = 20_000;
const TEAMS = 1_000;
const DEPARTMENTS = 60;
const OTHER_ORGS = Number(process.env.BENCH_OTHER_ORGS ?? 200);
const DAY = 86_400_000;
const now = Date.now();
const figure = (name, value, unit, target, pass) => console.log(JSON.stringify({ figure: name, value, unit, target, pass }));
const log = (line) => process.stderr.write(`${line}\n`);

function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
}

async function copy(client, table, columns, rows) {
  const stream = client.query(copyStreams.from(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  const text = (value) =>
    value === null || value === undefined ? '\\N' : Array.isArray(value) ? `{${value.join(',')}}` : value instanceof Date ? value.toISOString() : String(value);
  async function* lines() {
    let buffer = '';
    for (const row of rows) {
      buffer += `${row.map(text).join('\t')}\n`;
      if (buffer.length > 1 << 20) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  await pipeline(Readable.from(lines()), stream);
}

/** Ids derived from (organisation seed, kind, index), so each table's rows can be generated on their own, streaming. */
const hex = (n, width) => n.toString(16).padStart(width, '0');
const idOf = (seed, kind, index) => `${hex(seed, 8)}-${hex(kind, 4)}-4000-8000-${hex(index, 12)}`;
const KIND = { department: 1, team: 2, user: 3, membership: 4, placement: 5, experiment: 6, event: 7, approval: 8, lesson: 9 };

const statusPlan = [
  [0.45, 'closed'], [0.1, 'learned'], [0.1, 'running'], [0.08, 'concluded'], [0.05, 'stopped'], [0.07, 'approved'], [0.1, 'proposed'], [0.05, 'draft'],
];
const steps = {
  draft: [], proposed: ['propose'], approved: ['propose', 'approve'], running: ['propose', 'approve', 'start'],
  stopped: ['propose', 'approve', 'start', 'stop'], concluded: ['propose', 'approve', 'start', 'conclude'],
  learned: ['propose', 'approve', 'start', 'conclude', 'learn'], closed: ['propose', 'approve', 'start', 'conclude', 'learn', 'close'],
};
const toStatus = { propose: 'proposed', approve: 'approved', start: 'running', stop: 'stopped', conclude: 'concluded', learn: 'learned', close: 'closed' };

/** Everything about experiment i, the same every time it is asked for. */
function experimentPlan(seed, i, { members, teams }) {
  const r = random(seed * 1_000_003 + i);
  const roll = r();
  let acc = 0;
  const status = statusPlan.find(([share]) => (acc += share) >= roll)?.[1] ?? 'draft';
  const path = steps[status];
  const created = now - Math.floor(r() * 730 * DAY);
  const times = [];
  let at = created;
  for (let k = 0; k < path.length; k++) {
    at += Math.floor(r() * 5 * DAY);
    times.push(Math.min(at, now));
  }
  return {
    teamIndex: Math.floor(r() * teams),
    ownerIndex: 1 + Math.floor(r() * (members - 1)),
    created,
    status,
    path,
    times,
    verdict: ['confirmed', 'refuted', 'inconclusive'][Math.floor(r() * 3)],
    recommendation: ['adopt', 'adapt', 'abandon', 'standardise'][Math.floor(r() * 4)],
    doubleLoop: r() < 0.3,
  };
}

/** One organisation's structure, people and experiments, streamed into COPY. */
async function generateOrganisation(client, { members, teams, departments, experiments, seed, passwordHash }) {
  const org = idOf(seed, 0, 0);
  const size = { members, teams };
  await client.query(`SELECT set_config('app.organisation_id', $1, false)`, [org]);
  await client.query(`INSERT INTO organisation (organisation_id, name) VALUES ($1, $2)`, [org, `Bench ${seed}`]);
  const department = (i) => idOf(seed, KIND.department, i);
  const team = (i) => idOf(seed, KIND.team, i);
  const membership = (i) => idOf(seed, KIND.membership, i);
  const topLevel = Math.max(1, Math.round(departments / 6));
  const range = function* (n, row) {
    for (let i = 0; i < n; i++) yield row(i);
  };
  await copy(client, 'department', ['organisation_id', 'id', 'name', 'parent_id'],
    range(departments, (i) => [org, department(i), `Department ${i}`, i < topLevel ? null : department(i % topLevel)]));
  await copy(client, 'team', ['organisation_id', 'id', 'name', 'department_id'], range(teams, (i) => [org, team(i), `Team ${i}`, department(i % departments)]));
  await copy(client, 'app_user', ['id', 'email', 'password_hash', 'display_name'],
    range(members, (i) => [idOf(seed, KIND.user, i), `m${i}.${seed}@bench.example`, passwordHash, `Member ${i}`]));
  await copy(client, 'membership', ['organisation_id', 'id', 'user_id', 'role'],
    range(members, (i) => [org, membership(i), idOf(seed, KIND.user, i), i === 0 ? 'org_admin' : i <= teams ? 'team_lead' : 'member']));
  await copy(client, 'team_membership', ['organisation_id', 'id', 'team_id', 'membership_id', 'position'],
    range(members - 1, (i) => [org, idOf(seed, KIND.placement, i), team(i % teams), membership(i + 1), i < teams ? 'lead' : 'member']));

  const experiment = (i) => idOf(seed, KIND.experiment, i);
  await copy(client, 'experiment', ['organisation_id', 'id', 'team_id', 'owner_membership_id', 'title', 'status', 'created_at', 'updated_at', 'requested_hours',
    'requested_amount_minor', 'approved_hours', 'approved_amount_minor', 'verdict', 'actual_hours', 'actual_spend_minor'],
    range(experiments, (i) => {
      const p = experimentPlan(seed, i, size);
      const approved = p.path.includes('approve');
      const concluded = p.path.includes('conclude');
      const created = new Date(p.created);
      return [org, experiment(i), team(p.teamIndex), membership(p.ownerIndex), `Experiment ${i}`, p.status, created, created, 8, 10_000,
        approved ? 8 : null, approved ? 10_000 : null, concluded ? p.verdict : null, concluded ? 7.5 : null, concluded ? 9_000 : null];
    }));
  await copy(client, 'approval', ['organisation_id', 'id', 'experiment_id', 'level', 'requested_hours', 'requested_amount_minor', 'requested_at', 'decided_at', 'decision'],
    (function* () {
      for (let i = 0; i < experiments; i++) {
        const p = experimentPlan(seed, i, size);
        if (!p.path.includes('propose')) continue;
        const approved = p.path.includes('approve');
        yield [org, idOf(seed, KIND.approval, i), experiment(i), 'team_lead', 8, 10_000, new Date(p.times[0]), approved ? new Date(p.times[1]) : null, approved ? 'approved' : null];
      }
    })());
  let events = 0;
  await copy(client, 'experiment_event', ['organisation_id', 'id', 'experiment_id', 'actor_membership_id', 'type', 'transition', 'from_status', 'to_status', 'occurred_at'],
    (function* () {
      for (let i = 0; i < experiments; i++) {
        const p = experimentPlan(seed, i, size);
        let from = 'draft';
        for (let k = 0; k < p.path.length; k++) {
          const transition = p.path[k];
          events++;
          yield [org, idOf(seed, KIND.event, i * 8 + k), experiment(i), membership(p.ownerIndex), 'transition', transition, from, toStatus[transition], new Date(p.times[k])];
          from = toStatus[transition];
        }
      }
    })());
  await copy(client, 'lesson', ['organisation_id', 'id', 'experiment_id', 'team_id', 'department_id', 'author_membership_id', 'insight', 'recommendation', 'visibility', 'double_loop'],
    (function* () {
      for (let i = 0; i < experiments; i++) {
        const p = experimentPlan(seed, i, size);
        if (!p.path.includes('learn')) continue;
        yield [org, idOf(seed, KIND.lesson, i), experiment(i), team(p.teamIndex), department(p.teamIndex % departments), membership(p.ownerIndex), `Insight ${i}`, p.recommendation, 'organisation', p.doubleLoop];
      }
    })());
  return { org, adminEmail: `m0.${seed}@bench.example`, events };
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function time(runs, fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

async function main() {
  const name = `kz_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const ownerUrl = new URL(adminUrl);
  ownerUrl.pathname = `/${name}`;
  const appUrl = new URL(ownerUrl);
  appUrl.username = 'kaizen_bench_app';
  appUrl.password = 'kaizen-bench-app';
  const env = { ...process.env, DATABASE_URL: appUrl.toString(), DATABASE_MIGRATION_URL: ownerUrl.toString(), AUTH_SECRET: 'bench'.repeat(8), LOG_LEVEL: 'error' };
  let api;
  try {
    const migrated = spawnSync(process.execPath, ['dist/apps/api/migrate.js'], { cwd: root, env, encoding: 'utf8' });
    if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
    const owner = new pg.Client({ connectionString: ownerUrl.toString() });
    await owner.connect();
    const passwordHash = await hash('bench-password-1', { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });

    log(`generating ${EXPERIMENTS} experiments…`);
    let started = performance.now();
    const first = await generateOrganisation(owner, { members: MEMBERS, teams: TEAMS, departments: DEPARTMENTS, experiments: EXPERIMENTS, seed: 1, passwordHash });
    const generateSeconds = (performance.now() - started) / 1000;
    figure(`generate ${EXPERIMENTS} experiments with COPY`, Number(generateSeconds.toFixed(1)), 's', '≤ 60', generateSeconds <= 60);

    started = performance.now();
    const recompute = spawnSync(process.execPath, ['dist/apps/worker/recompute-rollups.js', first.org], { cwd: root, env, encoding: 'utf8' });
    if (recompute.status !== 0) throw new Error(`recompute failed: ${recompute.stderr}`);
    figure(`full roll-up recompute (${first.events} events)`, Number(((performance.now() - started) / 1000).toFixed(1)), 's');
    await owner.query('ANALYZE');

    const port = await freePort();
    api = spawn(process.execPath, ['dist/apps/api/main.js'], { cwd: root, env: { ...env, PORT: String(port), MIGRATE_ON_START: 'false' }, stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${url}/api/health/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const signIn = async (email) => (await (await fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'bench-password-1' }) })).json()).accessToken;
    const token = await signIn(first.adminEmail);
    const get = async (path) => {
      const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      await response.arrayBuffer();
    };
    const dashboard = () => get('/api/rollups/organisation?period=month&count=12');
    const comparison = () => get('/api/rollups/comparison?metric=improvementRate&period=quarter&count=4');
    await dashboard();
    await comparison();
    const dash = await time(40, dashboard);
    const comp = await time(20, comparison);
    figure('organisation dashboard p50', Number(dash.p50.toFixed(1)), 'ms');
    figure('organisation dashboard p95', Number(dash.p95.toFixed(1)), 'ms', '≤ 50', dash.p95 <= 50);
    figure('department comparison p50', Number(comp.p50.toFixed(1)), 'ms');
    figure('department comparison p95', Number(comp.p95.toFixed(1)), 'ms', '≤ 50', comp.p95 <= 50);

    // The same figures from the raw tables: twelve months of counts for the organisation, and validated
    // improvements per department (with sub-departments) per quarter.
    await owner.query(`SELECT set_config('app.organisation_id', $1, false)`, [first.org]);
    const rawDashboard = () => owner.query(`
      SELECT date_trunc('month', ev.occurred_at AT TIME ZONE 'Europe/Amsterdam') AS month,
             count(*) FILTER (WHERE ev.transition = 'start') AS started, count(*) FILTER (WHERE ev.transition = 'conclude') AS concluded,
             count(*) FILTER (WHERE ev.transition = 'learn') AS learned,
             count(*) FILTER (WHERE ev.transition = 'learn' AND e.verdict = 'confirmed' AND l.recommendation IN ('adopt', 'standardise')) AS validated
        FROM experiment_event ev JOIN experiment e ON e.organisation_id = ev.organisation_id AND e.id = ev.experiment_id
        LEFT JOIN lesson l ON l.organisation_id = e.organisation_id AND l.experiment_id = e.id
       WHERE ev.organisation_id = $1 AND ev.occurred_at >= now() - interval '12 months' GROUP BY 1`, [first.org]);
    const rawComparison = () => owner.query(`
      WITH RECURSIVE chain AS (SELECT d.id AS start_id, d.id, d.parent_id FROM department d WHERE d.organisation_id = $1
                               UNION ALL SELECT c.start_id, p.id, p.parent_id FROM department p JOIN chain c ON p.id = c.parent_id)
      SELECT c.id, date_trunc('quarter', ev.occurred_at) AS quarter, count(*) AS validated
        FROM experiment_event ev JOIN experiment e ON e.organisation_id = ev.organisation_id AND e.id = ev.experiment_id
        JOIN lesson l ON l.organisation_id = e.organisation_id AND l.experiment_id = e.id
        JOIN team t ON t.organisation_id = e.organisation_id AND t.id = e.team_id JOIN chain c ON c.start_id = t.department_id
       WHERE ev.organisation_id = $1 AND ev.transition = 'learn' AND e.verdict = 'confirmed' AND l.recommendation IN ('adopt', 'standardise')
         AND ev.occurred_at >= now() - interval '12 months'
       GROUP BY 1, 2`, [first.org]);
    const rawDash = await time(5, rawDashboard);
    const rawComp = await time(5, rawComparison);
    figure('raw organisation dashboard p50', Number(rawDash.p50.toFixed(1)), 'ms');
    figure('raw department comparison p50', Number(rawComp.p50.toFixed(1)), 'ms');
    const dashRatio = rawDash.p50 / dash.p50;
    const compRatio = rawComp.p50 / comp.p50;
    figure('dashboard: raw ÷ roll-up (p50)', Number(dashRatio.toFixed(1)), '×', '≥ 50', dashRatio >= 50);
    figure('comparison: raw ÷ roll-up (p50)', Number(compRatio.toFixed(1)), '×', '≥ 50', compRatio >= 50);

    log(`adding ${OTHER_ORGS} other organisations…`);
    started = performance.now();
    for (let i = 0; i < OTHER_ORGS; i++) {
      const other = await generateOrganisation(owner, { members: 100, teams: 5, departments: 2, experiments: 1_000, seed: 1000 + i, passwordHash });
      const result = spawnSync(process.execPath, ['dist/apps/worker/recompute-rollups.js', other.org], { cwd: root, env, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`recompute failed: ${result.stderr}`);
    }
    figure(`add ${OTHER_ORGS} organisations of 1,000 experiments, with roll-ups`, Number(((performance.now() - started) / 1000).toFixed(1)), 's');
    await owner.query('ANALYZE');
    const dashAfter = await time(40, dashboard);
    const compAfter = await time(20, comparison);
    const isolation = Math.max(dashAfter.p50 / dash.p50, compAfter.p50 / comp.p50);
    figure(`dashboard p50 with ${OTHER_ORGS} more organisations`, Number(dashAfter.p50.toFixed(1)), 'ms');
    figure(`comparison p50 with ${OTHER_ORGS} more organisations`, Number(compAfter.p50.toFixed(1)), 'ms');
    figure('first organisation: latency with others ÷ alone (worst p50)', Number(isolation.toFixed(2)), '×', '≤ 1.2', isolation <= 1.2);
    await owner.end();
  } finally {
    api?.kill('SIGTERM');
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
