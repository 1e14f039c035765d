// The measure chart endpoint at scale (issue: proof of improvement): p95 of GET /api/measures/:id/chart over HTTP,
// authentication and row-level security included, with 100,000 measures of 104 weekly points each in the database
// (target ≤ 30 ms). A third each of values, proportions and rates, so XmR, p- and u-charts are all timed.
// Needs a build (`npx nx run api:build`) and a PostgreSQL whose URL may create databases (BENCH_DATABASE_URL).
// BENCH_MEASURES scales the table; BENCH_RUNS the number of timed requests.
import { createHash } from 'node:crypto';
import {
  benchDatabase,
  figure,
  loadFigure,
  log,
  organisation,
  percentile,
  round,
  startApi,
} from './bench-kit.mjs';

const MEASURES = Number(process.env.BENCH_MEASURES ?? 100_000);
const POINTS = 104;
const RUNS = Number(process.env.BENCH_RUNS ?? 300);

loadFigure();
const database = await benchDatabase('chart');
const api = await startApi(database.env);
try {
  const org = await organisation(api.url, database, { name: 'Chart bench', members: 1 });
  const owner = await database.owner();
  const started = performance.now();
  try {
    await owner.query(`SELECT set_config('app.organisation_id', $1, false)`, [org.organisationId]);
    // In batches, so one statement never holds millions of rows in memory at once.
    for (let from = 1; from <= MEASURES; from += 10_000) {
      const to = Math.min(MEASURES, from + 9_999);
      await owner.query(
        `INSERT INTO measure (organisation_id, id, name, unit, direction, kind, multiplier, owner_type, team_id, created_by)
         SELECT $1, md5('measure' || i)::uuid, 'Measure ' || i, 'per week',
                CASE WHEN i % 2 = 0 THEN 'lower-is-better' ELSE 'higher-is-better' END,
                (ARRAY['value', 'proportion', 'rate'])[1 + i % 3], CASE WHEN i % 3 = 0 THEN 1 ELSE 100 END,
                'team', $2, $3
           FROM generate_series($4::int, $5::int) AS i`,
        [org.organisationId, org.teamId, org.lead.membershipId, from, to],
      );
      await owner.query(
        `INSERT INTO measure_point (organisation_id, id, measure_id, period, value, numerator, denominator, entered_by)
         SELECT $1, gen_random_uuid(), md5('measure' || i)::uuid, date '2025-01-06' + 7 * w,
                CASE WHEN i % 3 = 0 THEN 50 + 10 * random() END,
                CASE WHEN i % 3 <> 0 THEN floor(20 * random()) END,
                CASE WHEN i % 3 <> 0 THEN 40 + floor(60 * random()) END,
                $2
           FROM generate_series($3::int, $4::int) AS i CROSS JOIN generate_series(0, ${POINTS - 1}) AS w`,
        [org.organisationId, org.lead.membershipId, from, to],
      );
      log(`${to} measures inserted`);
    }
    await owner.query('ANALYZE measure; ANALYZE measure_point');
  } finally {
    await owner.end();
  }
  figure('measures in the database', MEASURES, `of ${POINTS} points each`);
  figure('generation', round((performance.now() - started) / 1000), 's');

  const client = org.lead.client;
  const chartOf = async (n) => {
    const response = await client.get(`/api/measures/${measureId(n)}/chart`);
    if (response.status !== 200)
      throw new Error(`chart answered ${response.status}: ${JSON.stringify(response.body)}`);
    if (response.body.values.length !== POINTS)
      throw new Error(`chart has ${response.body.values.length} points`);
  };
  for (let i = 0; i < 20; i++) await chartOf(1 + i); // warm up
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const n = 1 + Math.floor(Math.random() * MEASURES);
    const t = performance.now();
    await chartOf(n);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 0.95);
  figure('measure chart p50', round(percentile(times, 0.5)), 'ms');
  figure('measure chart p95', round(p95), 'ms', '≤ 30', p95 <= 30);
  loadFigure('at end');
} finally {
  await api.stop();
  await database.drop();
}

/** The id the generator gave measure `i`: md5('measure' || i) read as a uuid. */
function measureId(i) {
  const hex = createHash('md5').update(`measure${i}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
