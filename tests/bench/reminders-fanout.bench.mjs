// Reminder fan-out (issue: reminders). A script, not a test; prints JSON lines {figure, value, unit, target, pass}.
// For each queue backend (Redis, then BullMQ's PostgreSQL backend):
//  1. Seeds one organisation (BENCH_MEMBERS, default 1,000, members in 50 teams) with BENCH_REMINDERS (100,000) running
//     experiments, each with one pending check-in reminder to be sent now; e-mail is on for everyone (BENCH_EMAIL=0
//     turns it off), delivered to a local SMTP catcher (tools/smtp-catcher.mjs, counting and noting Message-IDs only),
//     and nobody has quiet hours.
//  2. Starts the built worker; its boot reconciles, which fans out the reminders/fire jobs. Times from spawning it until
//     every reminder is `sent` and, with e-mail, every outbox row `delivered` (counted in PostgreSQL) and its mail
//     counted by the catcher: reminders/s. Checks each reminder made one notification and planned the next check-in,
//     each notification is in exactly one outbox row, and each row's mail arrived exactly once (by Message-ID). A
//     person's reminders of one moment go as one mail, so a run sends about one mail per member (BENCH_MEMBERS=100000:
//     one reminder, and so one mail, each). Prints the outbox lag (due to delivered) p50 and p99. No progress for
//     BENCH_STALL_S (120) seconds, or the whole run past BENCH_TIMEOUT_S (1,800), fails naming what is missing.
//  3. Bare BullMQ on the same backend, before and after the product (the machine's load drifts): addBulk the same
//     number of no-op jobs and process them with one Worker at the same concurrency: jobs/s, and the ratio
//     reminders/s ÷ bare jobs/s of both runs together (target ≥ 0.5). On Redis, also each side's CPU (the product's in
//     all, redis-server included; bare BullMQ's: this process and redis-server) and their quotient, the ratio's
//     ceiling where the CPU is the limit.
// Both sides run at WORKER_CONCURRENCY = BENCH_CONCURRENCY (default 50). Needs a build (`npx nx run-many -t build -p api worker`).
// Redis: REDIS_URL or redis://127.0.0.1:6379, under a unique prefix whose keys are deleted at the end.
// BENCH_BACKENDS=redis or =postgres runs one backend.
import { readFileSync } from 'node:fs';
import { Queue, Worker, createPostgresBackend } from 'bullmq';
import { Redis } from 'ioredis';
import { startSmtpCatcher } from '../../tools/smtp-catcher.mjs';
import { benchDatabase, figure, loadFigure, log, round, sleep, startApp } from './bench-kit.mjs';

const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
/** Members the reminders are spread over: each one's reminders of the moment go as one mail. */
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1_000);
const TEAMS = 50;
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'redis,postgres').split(',');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const EMAIL = (process.env.BENCH_EMAIL ?? '1') !== '0';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? 1_800) * 1000;
const STALL_MS = Number(process.env.BENCH_STALL_S ?? 120) * 1000;

/**
 * One organisation whose reminders are all still due by the rules (weekly check-ins that started a week before the
 * latest 09:00 UTC, the organisation's zone being UTC, with no check-in since) and are to be sent now: `fire_at` is
 * the seeding moment, as for a reminder held until now. Not `fire_at` = `due_at`, up to a day ago: reminders
 * overdue by more than CATCH_UP_AFTER_MS (15 minutes) when they fire are caught up after downtime, a different path.
 */
async function seed(database) {
  const now = Date.now();
  const due = new Date(Math.floor((now - 9 * HOUR) / DAY) * DAY + 9 * HOUR);
  const startedAt = new Date(due.getTime() - 9 * HOUR - 7 * DAY + 10 * HOUR);
  const owner = await database.owner();
  try {
    const org = (await owner.query(`SELECT gen_random_uuid() AS id`)).rows[0].id;
    await owner.query(`SELECT set_config('app.organisation_id', $1, false)`, [org]);
    await owner.query(
      `INSERT INTO organisation (organisation_id, name, time_zone) VALUES ($1, 'Fan-out bench', 'UTC')`,
      [org],
    );
    await owner.query(
      `INSERT INTO department (organisation_id, id, name) VALUES ($1, gen_random_uuid(), 'Operations')`,
      [org],
    );
    await owner.query(
      `INSERT INTO team (organisation_id, id, department_id, name)
       SELECT $1, gen_random_uuid(), (SELECT id FROM department WHERE organisation_id = $1), 'Team ' || i FROM generate_series(1, $2) AS i`,
      [org, TEAMS],
    );
    await owner.query(
      `WITH u AS (INSERT INTO app_user (id, email, password_hash, display_name)
                  SELECT gen_random_uuid(), 'm' || i || '.' || $2 || '@fanout.bench.example', 'not-a-hash', 'Member ' || i
                    FROM generate_series(1, $3) AS i RETURNING id)
       INSERT INTO membership (organisation_id, id, user_id, role) SELECT $1, gen_random_uuid(), u.id, 'member' FROM u`,
      [org, org.slice(0, 8), MEMBERS],
    );
    await owner.query(
      `INSERT INTO team_membership (organisation_id, id, team_id, membership_id, position)
       SELECT $1, gen_random_uuid(), t.id, m.id, 'member'
         FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM membership WHERE organisation_id = $1) m
         JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM team WHERE organisation_id = $1) t ON t.n = m.n % $2`,
      [org, TEAMS],
    );
    // No quiet hours: everything goes at once; e-mail on for everyone unless BENCH_EMAIL=0.
    await owner.query(
      `INSERT INTO notification_preference (organisation_id, membership_id, quiet_start, quiet_end, email_reminders, email_reviews, email_digest)
       SELECT $1, id, 0, 0, $2, $2, $2 FROM membership WHERE organisation_id = $1`,
      [org, EMAIL],
    );
    await owner.query(
      `INSERT INTO experiment (organisation_id, id, team_id, owner_membership_id, title, status, check_in_cadence, started_at, created_at, updated_at)
       SELECT $1, gen_random_uuid(), p.team_id, p.membership_id, 'Fan-out ' || i, 'running', 'weekly', $3, $3, $3
         FROM generate_series(0, $2 - 1) AS i
         JOIN (SELECT team_id, membership_id, row_number() OVER (ORDER BY membership_id) - 1 AS n FROM team_membership WHERE organisation_id = $1) p
           ON p.n = i % ${MEMBERS}`,
      [org, REMINDERS, startedAt],
    );
    await owner.query(
      `INSERT INTO reminder (organisation_id, id, kind, experiment_id, recipient_membership_id, due_at, fire_at)
       SELECT $1, gen_random_uuid(), 'check_in_due', id, owner_membership_id, $2, now() FROM experiment WHERE organisation_id = $1`,
      [org, due],
    );
    await owner.query('ANALYZE');
    return { org, due };
  } finally {
    await owner.end();
  }
}

async function countBy(owner, table) {
  const { rows } = await owner.query(`SELECT status, count(*)::int AS n FROM ${table} GROUP BY status`);
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

/** Where the run stands: reminders and outbox rows by status, and the mails the catcher counted. */
async function progress(owner, smtp) {
  const reminders = await countBy(owner, 'reminder');
  const outbox = EMAIL ? await countBy(owner, 'outbox') : {};
  const rows = Object.values(outbox).reduce((sum, n) => sum + n, 0);
  return {
    sent: reminders.sent ?? 0,
    reminders,
    rows,
    delivered: outbox.delivered ?? 0,
    outbox,
    mails: smtp.count(),
  };
}

/** The user and system CPU seconds a (Linux) process has used so far (0 once it is gone). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of the PostgreSQL backends connected to this database, but the asking one: the worker's pool, all
 * opened after its spawn. Read at every poll and kept per backend, so a connection the pool closes when idle (10 s)
 * still counts, up to its last poll (counting only those connected at the end missed those). Not the WAL writer.
 */
function backendCpu(owner) {
  const seen = new Map();
  return {
    async sample() {
      const { rows } = await owner.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      for (const { pid } of rows) seen.set(pid, Math.max(seen.get(pid) ?? 0, cpuSeconds(pid)));
    },
    seconds: () => [...seen.values()].reduce((sum, value) => sum + value, 0),
  };
}

/** redis-server's process, for its CPU seconds (null on the PostgreSQL backend, or a Redis on another host). */
async function redisServerPid(backend) {
  if (backend !== 'redis') return null;
  const redis = new Redis(REDIS_URL);
  try {
    const pid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
    return pid && cpuSeconds(pid) > 0 ? pid : null;
  } finally {
    redis.disconnect();
  }
}

/** Transactions committed in this database so far, by every client (the statistics lag by up to a second). */
async function xactCommits(owner) {
  await owner.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await owner.query(
    `SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = current_database()`,
  );
  return Number(rows[0].n);
}

/** What is still missing, for a run that stalled or ran out of time. */
const missing = (state) =>
  `${REMINDERS - state.sent} of ${REMINDERS} reminders not sent (${JSON.stringify(state.reminders)})` +
  (EMAIL
    ? `, ${state.rows - state.delivered} of ${state.rows} outbox rows not delivered (${JSON.stringify(state.outbox)}),` +
      ` ${state.mails} mails caught for ${state.delivered} delivered rows`
    : '');

/**
 * The Message-ID each outbox row's mail carries (the relay's naming: a notification's id, or a merged mail's row),
 * without the host; how many rows merged reminders caught up after downtime (rows written before merged rows named
 * their reason were all such); and the recipients with more than one mail.
 */
async function expectedMails(owner) {
  const { rows } = await owner.query(
    `SELECT CASE WHEN payload ? 'notificationIds' THEN dedupe_key ELSE 'notification-' || (payload->>'notificationId') END AS id,
            payload ? 'notificationIds' AND coalesce(payload->>'reason', 'caught-up') = 'caught-up' AS caught_up,
            count(*) OVER (PARTITION BY recipient_membership_id) > 1 AS not_alone
       FROM outbox WHERE channel = 'notification-email'`,
  );
  return {
    ids: rows.map((row) => row.id),
    caughtUp: rows.filter((row) => row.caught_up).length,
    notAlone: rows.filter((row) => row.not_alone).length,
  };
}

/** The product: the built worker, from its spawn until every seeded reminder is sent. */
async function product(backend, database, env) {
  const { due } = await seed(database);
  const owner = await database.owner();
  const smtp = await startSmtpCatcher({ keep: false, ids: true });
  let worker;
  try {
    env = { ...env, SMTP_URL: smtp.url };
    log(`  ${backend}: ${REMINDERS} reminders seeded, starting the worker…`);
    const commitsBefore = await xactCommits(owner);
    const backends = backendCpu(owner);
    const redisPid = await redisServerPid(backend);
    const redisCpuBefore = redisPid ? cpuSeconds(redisPid) : 0;
    const benchCpuBefore = process.cpuUsage();
    const started = performance.now();
    worker = startApp('worker', env);
    let firstSentAt = null;
    let lastLog = started;
    let lastChange = started;
    let last = '';
    for (;;) {
      if (worker.child.exitCode !== null) throw new Error(`worker exited: ${worker.stderr()}`);
      const state = await progress(owner, smtp);
      await backends.sample();
      if (state.sent > 0 && firstSentAt === null) firstSentAt = performance.now();
      // The outbox rows are written with the reminders they tell of: once all are sent, the rows are all there.
      const allSent = state.sent >= REMINDERS;
      if (allSent && (!EMAIL || (state.delivered === state.rows && state.mails >= state.rows))) break;
      if (EMAIL && (state.outbox.failed || state.outbox.skipped))
        throw new Error(`outbox rows failed or skipped: ${missing(state)}; worker: ${worker.stderr()}`);
      const now = performance.now();
      const key = `${state.sent} ${state.delivered} ${state.mails}`;
      if (key !== last) [last, lastChange] = [key, now];
      if (now - lastChange > STALL_MS)
        throw new Error(
          `no progress for ${STALL_MS / 1000} s: ${missing(state)}; worker: ${worker.stderr()}`,
        );
      if (now - started > TIMEOUT_MS)
        throw new Error(
          `not done after ${TIMEOUT_MS / 1000} s: ${missing(state)}; worker: ${worker.stderr()}`,
        );
      if (now - lastLog > 10_000) {
        lastLog = now;
        log(
          `  ${backend}: ${state.sent} sent, ${state.delivered} mailed, ${state.mails} caught after ${round((now - started) / 1000)} s`,
        );
      }
      // Counting is a scan of the table: once a second keeps it out of the way of the worker.
      await sleep(1_000);
    }
    const seconds = (performance.now() - started) / 1000;
    // What the run cost, less dependent on the machine's load than the time it took.
    const cpu = cpuSeconds(worker.child.pid);
    await backends.sample();
    const backendCpuSeconds = backends.seconds();
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const redisCpu = redisPid ? cpuSeconds(redisPid) - redisCpuBefore : 0;
    const commits = (await xactCommits(owner)) - commitsBefore;
    await worker.stop();
    worker = undefined;
    // Once each, and the next moment planned: what the fan-out is for.
    const { rows } = await owner.query(
      `SELECT (SELECT count(DISTINCT dedupe_key)::int FROM notification WHERE dedupe_key LIKE 'reminder-%') AS notified,
              (SELECT count(*)::int FROM notification) AS notifications,
              (SELECT count(*)::int FROM notification WHERE emailed_at IS NOT NULL) AS emailed,
              (SELECT count(*)::int FROM reminder WHERE status = 'pending' AND kind = 'check_in_due' AND due_at = $1::timestamptz + interval '7 days') AS next`,
      [due],
    );
    const [{ notified, notifications, emailed, next }] = rows;
    const once = notified === REMINDERS && notifications === REMINDERS && next === REMINDERS;
    figure(
      `${backend}: reminders notified once each, next check-in planned`,
      once ? 'yes' : `${notified} notified, ${notifications} notifications, ${next} planned`,
      '',
      'yes',
      once,
    );
    figure(
      `${backend}: worker CPU per 1,000 reminders (boot included)`,
      round((1000 * cpu) / REMINDERS, 3),
      's',
    );
    figure(
      `${backend}: PostgreSQL backend CPU per 1,000 reminders (the worker's connections)`,
      round((1000 * backendCpuSeconds) / REMINDERS, 3),
      's',
    );
    figure(
      `${backend}: bench process CPU per 1,000 reminders (SMTP catcher, polling)`,
      round((benchCpu.user + benchCpu.system) / 1e3 / REMINDERS, 3),
      's',
    );
    if (redisPid)
      figure(
        `${backend}: redis-server CPU per 1,000 reminders`,
        round((1000 * redisCpu) / REMINDERS, 3),
        's',
      );
    const totalCpu = cpu + backendCpuSeconds + (benchCpu.user + benchCpu.system) / 1e6 + redisCpu;
    figure(
      `${backend}: CPU per 1,000 reminders in all (worker, its PostgreSQL backends, bench with SMTP catcher${redisPid ? ', redis-server' : ''})`,
      round((1000 * totalCpu) / REMINDERS, 3),
      's',
    );
    figure(`${backend}: PostgreSQL commits per reminder (all clients)`, round(commits / REMINDERS, 3), '');
    figure(
      `${backend}: first reminder sent after worker spawn`,
      round((firstSentAt - started) / 1000, 2),
      's',
    );
    if (EMAIL) {
      // Every notification in exactly one outbox row, and marked e-mailed.
      const [{ covered, twice }] = (
        await owner.query(
          `WITH told AS (
             SELECT coalesce(n.id, o.payload->>'notificationId') AS id
               FROM outbox o LEFT JOIN LATERAL jsonb_array_elements_text(o.payload->'notificationIds') AS n(id) ON true
              WHERE o.channel = 'notification-email')
           SELECT count(DISTINCT id)::int AS covered, (count(*) - count(DISTINCT id))::int AS twice FROM told`,
        )
      ).rows;
      const inRows = covered === REMINDERS && twice === 0 && emailed === REMINDERS;
      figure(
        `${backend}: notifications in one outbox row each, marked e-mailed`,
        inRows ? 'yes' : `${covered} in a row, ${twice} in two, ${emailed} marked`,
        '',
        'yes',
        inRows,
      );
      // Each row's mail arrived exactly once, by its Message-ID.
      const expected = await expectedMails(owner);
      const counts = new Map(expected.ids.map((id) => [id, 0]));
      let unexpected = 0;
      for (const messageId of smtp.messageIds()) {
        const id = messageId.replace(/^<|@[^@]*$/g, '');
        if (counts.has(id)) counts.set(id, counts.get(id) + 1);
        else unexpected++;
      }
      const absent = [...counts.values()].filter((n) => n === 0).length;
      const duplicated = [...counts.values()].filter((n) => n > 1).length;
      const exact = absent === 0 && duplicated === 0 && unexpected === 0;
      figure(
        `${backend}: mails received by the SMTP catcher, each once`,
        smtp.count(),
        '',
        `${expected.ids.length}${exact ? '' : ` (${absent} missing, ${duplicated} twice, ${unexpected} unexpected)`}`,
        exact && smtp.count() === expected.ids.length,
      );
      // A person's reminders of one moment go as one mail (one per person, reason and due moment).
      figure(
        `${backend}: reminders per mail (each person's of one moment in one)`,
        round(REMINDERS / Math.max(1, expected.ids.length), 1),
        '',
      );
      figure(
        `${backend}: mails beside another to the same person (a person's moment split between batches)`,
        expected.notAlone,
        '',
      );
      // Caught-up mails mean reminders fired more than CATCH_UP_AFTER_MS late: a run too slow to measure the fan-out.
      figure(
        `${backend}: mails merging reminders caught up after downtime`,
        expected.caughtUp,
        '',
        '0',
        expected.caughtUp === 0,
      );
      const lag = (
        await owner.query(
          `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - due_at)) AS p50,
                  percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - due_at)) AS p99
             FROM outbox WHERE status = 'delivered'`,
        )
      ).rows[0];
      figure(`${backend}: outbox lag (due to delivered) p50`, round(Number(lag.p50), 2), 's');
      figure(`${backend}: outbox lag (due to delivered) p99`, round(Number(lag.p99), 2), 's');
    }
    return { seconds, rate: REMINDERS / seconds, cpu: totalCpu };
  } finally {
    await worker?.stop();
    await owner.end();
    await smtp.stop();
  }
}

/** Bare BullMQ on the same backend: the same number of no-op jobs, added in bulk and processed at the same concurrency. */
async function bare(backend, database, prefix) {
  const redis = backend === 'redis' ? new Redis(REDIS_URL, { maxRetriesPerRequest: null }) : null;
  // As the schema owner: BullMQ's bulk add creates a per-queue id sequence, which the product's role may not.
  const pgConnection = () => ({ connectionString: database.ownerUrl, schema: 'bullmq', max: 4 });
  // A queue of each run's own: BullMQ's PostgreSQL backend ignores the prefix, so a second run's jobs, under the
  // first's ids, would be taken for its completed ones and never run.
  const name = `noop-${prefix}`;
  const queue = redis
    ? new Queue(name, { connection: redis, prefix })
    : new Queue(name, { connection: pgConnection(), prefix }, createPostgresBackend);
  let done = 0;
  let finished;
  const allDone = new Promise((resolve) => (finished = resolve));
  const processor = async () => undefined;
  const settings = { prefix, concurrency: CONCURRENCY };
  const redisPid = await redisServerPid(backend);
  const redisCpuBefore = redisPid ? cpuSeconds(redisPid) : 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const worker = redis
    ? new Worker(name, processor, { connection: redis, ...settings })
    : new Worker(name, processor, { connection: pgConnection(), ...settings }, createPostgresBackend);
  worker.on('completed', () => {
    if (++done === REMINDERS) finished();
  });
  try {
    // The product's retention, so both sides keep and trim completed jobs alike.
    const opts = { removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: false };
    for (let start = 0; start < REMINDERS; start += 1_000) {
      const size = Math.min(1_000, REMINDERS - start);
      await queue.addBulk(
        Array.from({ length: size }, (_, i) => ({
          name: 'noop',
          data: { i: start + i },
          opts: { ...opts, jobId: `noop-${start + i}` },
        })),
      );
    }
    const added = performance.now();
    let timer;
    const timeout = new Promise(
      (_, reject) =>
        (timer = setTimeout(() => reject(new Error(`bare: only ${done} processed`)), TIMEOUT_MS)),
    );
    await Promise.race([allDone, timeout]).finally(() => clearTimeout(timer));
    const seconds = (performance.now() - started) / 1000;
    const own = process.cpuUsage(cpuBefore);
    // This process (producer and worker) and redis-server; on the PostgreSQL backend its backends are not counted.
    const cpu = (own.user + own.system) / 1e6 + (redisPid ? cpuSeconds(redisPid) - redisCpuBefore : 0);
    figure(
      `${backend}: bare addBulk of ${REMINDERS} jobs (processing alongside)`,
      round((added - started) / 1000, 2),
      's',
    );
    return { seconds, rate: REMINDERS / seconds, cpu };
  } finally {
    await worker.close();
    await queue.close();
    redis?.disconnect();
  }
}

async function deleteRedisKeys(prefix) {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
      cursor = next;
      if (keys.length) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
    log(`  deleted ${deleted} Redis keys under ${prefix}`);
  } finally {
    redis.disconnect();
  }
}

async function run(backend) {
  const database = await benchDatabase(`fanout_${backend}`);
  const prefix = `bench-fanout-${Date.now()}`;
  const env = {
    ...database.env,
    WORKER_CONCURRENCY: String(CONCURRENCY),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  };
  if (backend === 'redis') env.REDIS_URL = REDIS_URL;
  try {
    // Bare BullMQ both before and after the product, on a machine whose load drifts within minutes: the ratio is
    // against both runs together (2N jobs over their summed time), and each is printed.
    loadFigure(`before ${backend}`);
    log(`  ${backend}: bare BullMQ, before…`);
    const before = await bare(backend, database, `${prefix}-bare1`);
    loadFigure(`before the ${backend} product run`);
    const reminders = await product(backend, database, env);
    figure(`${backend}: ${REMINDERS} due reminders fanned out and sent`, round(reminders.seconds), 's');
    figure(
      `${backend}: reminders sent per second${EMAIL ? ', each also e-mailed,' : ''} (worker boot included)`,
      round(reminders.rate),
      'reminders/s',
    );
    loadFigure(`after the ${backend} product run`);
    log(`  ${backend}: bare BullMQ, after…`);
    const after = await bare(backend, database, `${prefix}-bare2`);
    figure(
      `${backend}: bare BullMQ no-op jobs per second before and after (concurrency ${CONCURRENCY})`,
      `${round(before.rate)} and ${round(after.rate)}`,
      'jobs/s',
    );
    const noop = (2 * REMINDERS) / (before.seconds + after.seconds);
    figure(`${backend}: bare BullMQ no-op jobs per second, both runs`, round(noop), 'jobs/s');
    const ratio = reminders.rate / noop;
    figure(`${backend}: reminders/s ÷ bare BullMQ jobs/s`, round(ratio, 2), '×', '≥ 0.5', ratio >= 0.5);
    if (backend === 'redis') {
      // Where both sides keep the machine's cores busy, the ratio cannot exceed what a no-op job costs over what a
      // reminder costs, whatever the load: the ceiling of the ratio on this machine, for information.
      const bareCpu = (before.cpu + after.cpu) / (2 * REMINDERS);
      figure(
        `${backend}: bare BullMQ CPU per 1,000 jobs (bench process, redis-server)`,
        round(1000 * bareCpu, 3),
        's',
      );
      figure(
        `${backend}: bare CPU per job ÷ product CPU per reminder (the ratio's ceiling where the CPU is the limit)`,
        round(bareCpu / (reminders.cpu / REMINDERS), 2),
        '×',
      );
    }
  } finally {
    if (backend === 'redis') {
      await deleteRedisKeys(prefix);
      await deleteRedisKeys(`${prefix}-bare1`);
      await deleteRedisKeys(`${prefix}-bare2`);
    }
    await database.drop();
  }
}

async function main() {
  for (const backend of BACKENDS) await run(backend);
  loadFigure('at end');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
