// Reminder fan-out (issue: reminders). A script, not a test; prints JSON lines {figure, value, unit, target, pass}.
// For each queue backend (Redis, then BullMQ's PostgreSQL backend):
//  1. Seeds one organisation (1,000 members in 50 teams) with BENCH_REMINDERS (100,000) running experiments, each with
//     one pending check-in reminder due now; e-mail is on for everyone (BENCH_EMAIL=0 turns it off), delivered to a
//     local SMTP catcher (tools/smtp-catcher.mjs, counting only), and nobody has quiet hours.
//  2. Starts the built worker; its boot reconciles, which fans out the reminders/fire jobs. Times from spawning it until
//     every reminder is `sent` and, with e-mail, every outbox row `delivered` (counted in PostgreSQL) and every mail
//     counted by the catcher: reminders/s. Checks each reminder made one notification and planned the next check-in;
//     prints the outbox lag (due to delivered) p50 and p99.
//  3. Bare BullMQ on the same backend: addBulk the same number of no-op jobs and process them with one Worker at the
//     same concurrency: jobs/s, and the ratio reminders/s ÷ bare jobs/s (target ≥ 0.5).
// Both sides run at WORKER_CONCURRENCY = BENCH_CONCURRENCY (default 50). Needs a build (`npx nx run-many -t build -p api worker`).
// Redis: REDIS_URL or redis://127.0.0.1:6379, under a unique prefix whose keys are deleted at the end.
// BENCH_BACKENDS=redis or =postgres runs one backend.
import { Queue, Worker, createPostgresBackend } from 'bullmq';
import { Redis } from 'ioredis';
import { startSmtpCatcher } from '../../tools/smtp-catcher.mjs';
import { benchDatabase, figure, loadFigure, log, round, sleep, startApp } from './bench-kit.mjs';

const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const MEMBERS = 1_000;
const TEAMS = 50;
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'redis,postgres').split(',');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const EMAIL = (process.env.BENCH_EMAIL ?? '1') !== '0';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? 1_800) * 1000;

/**
 * One organisation whose reminders are all due now and still due by the rules: weekly check-ins that started
 * a week before the latest 09:00 UTC (the organisation's zone is UTC), with no check-in since.
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
       SELECT $1, gen_random_uuid(), 'check_in_due', id, owner_membership_id, $2, $2 FROM experiment WHERE organisation_id = $1`,
      [org, due],
    );
    await owner.query('ANALYZE');
    return { org, due };
  } finally {
    await owner.end();
  }
}

async function countReminders(owner) {
  const { rows } = await owner.query(`SELECT status, count(*)::int AS n FROM reminder GROUP BY status`);
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

/** The product: the built worker, from its spawn until every seeded reminder is sent. */
async function product(backend, database, env) {
  const { due } = await seed(database);
  const owner = await database.owner();
  const smtp = await startSmtpCatcher({ keep: false });
  let worker;
  try {
    env = { ...env, SMTP_URL: smtp.url };
    log(`  ${backend}: ${REMINDERS} reminders seeded, starting the worker…`);
    const started = performance.now();
    worker = startApp('worker', env);
    let firstSentAt = null;
    let lastLog = started;
    for (;;) {
      if (worker.child.exitCode !== null) throw new Error(`worker exited: ${worker.stderr()}`);
      const sent = (await owner.query(`SELECT count(*)::int AS n FROM reminder WHERE status = 'sent'`))
        .rows[0].n;
      if (sent > 0 && firstSentAt === null) firstSentAt = performance.now();
      const mailed = EMAIL
        ? (await owner.query(`SELECT count(*)::int AS n FROM outbox WHERE status = 'delivered'`)).rows[0].n
        : REMINDERS;
      if (sent >= REMINDERS && mailed >= REMINDERS && (!EMAIL || smtp.count() >= REMINDERS)) break;
      if (performance.now() - started > TIMEOUT_MS)
        throw new Error(`only ${sent} of ${REMINDERS} sent after ${TIMEOUT_MS / 1000} s`);
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(
          `  ${backend}: ${sent} sent, ${mailed} mailed after ${round((lastLog - started) / 1000)} s (${JSON.stringify(await countReminders(owner))})`,
        );
      }
      // Counting is a scan of the table: once a second keeps it out of the way of the worker.
      await sleep(1_000);
    }
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    worker = undefined;
    // Once each, and the next moment planned: what the fan-out is for.
    const { rows } = await owner.query(
      `SELECT (SELECT count(DISTINCT dedupe_key)::int FROM notification WHERE dedupe_key LIKE 'reminder-%') AS notified,
              (SELECT count(*)::int FROM notification) AS notifications,
              (SELECT count(*)::int FROM reminder WHERE status = 'pending' AND kind = 'check_in_due' AND due_at = $1::timestamptz + interval '7 days') AS next`,
      [due],
    );
    const [{ notified, notifications, next }] = rows;
    const once = notified === REMINDERS && notifications === REMINDERS && next === REMINDERS;
    figure(
      `${backend}: reminders notified once each, next check-in planned`,
      once ? 'yes' : `${notified} notified, ${notifications} notifications, ${next} planned`,
      '',
      'yes',
      once,
    );
    figure(
      `${backend}: first reminder sent after worker spawn`,
      round((firstSentAt - started) / 1000, 2),
      's',
    );
    if (EMAIL) {
      const lag = (
        await owner.query(
          `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - due_at)) AS p50,
                  percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - due_at)) AS p99
             FROM outbox WHERE status = 'delivered'`,
        )
      ).rows[0];
      figure(
        `${backend}: mails received by the SMTP catcher`,
        smtp.count(),
        '',
        `${REMINDERS}`,
        smtp.count() === REMINDERS,
      );
      figure(`${backend}: outbox lag (due to delivered) p50`, round(Number(lag.p50), 2), 's');
      figure(`${backend}: outbox lag (due to delivered) p99`, round(Number(lag.p99), 2), 's');
    }
    return { seconds, rate: REMINDERS / seconds };
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
  const name = 'bare-noop';
  const queue = redis
    ? new Queue(name, { connection: redis, prefix })
    : new Queue(name, { connection: pgConnection(), prefix }, createPostgresBackend);
  let done = 0;
  let finished;
  const allDone = new Promise((resolve) => (finished = resolve));
  const processor = async () => undefined;
  const settings = { prefix, concurrency: CONCURRENCY };
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
    figure(
      `${backend}: bare addBulk of ${REMINDERS} jobs (processing alongside)`,
      round((added - started) / 1000, 2),
      's',
    );
    return { seconds, rate: REMINDERS / seconds };
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
    loadFigure(`before ${backend}`);
    const reminders = await product(backend, database, env);
    figure(`${backend}: ${REMINDERS} due reminders fanned out and sent`, round(reminders.seconds), 's');
    figure(
      `${backend}: reminders sent per second${EMAIL ? ', each also e-mailed,' : ''} (worker boot included)`,
      round(reminders.rate),
      'reminders/s',
    );
    loadFigure(`between ${backend} runs`);
    log(`  ${backend}: bare BullMQ…`);
    const noop = await bare(backend, database, `${prefix}-bare`);
    figure(
      `${backend}: bare BullMQ no-op jobs per second (concurrency ${CONCURRENCY})`,
      round(noop.rate),
      'jobs/s',
    );
    const ratio = reminders.rate / noop.rate;
    figure(`${backend}: reminders/s ÷ bare BullMQ jobs/s`, round(ratio, 2), '×', '≥ 0.5', ratio >= 0.5);
  } finally {
    if (backend === 'redis') {
      await deleteRedisKeys(prefix);
      await deleteRedisKeys(`${prefix}-bare`);
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
