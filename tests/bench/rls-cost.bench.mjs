// What row-level security costs: the product's own statements for one experiment and for a list page of 50, run
// (a) as the application role under row-level security with the tenant setting, as the API runs them, and
// (b) as a BYPASSRLS role whose search_path puts each tenant table behind a plain view filtering on the same
//     setting: the same SQL text and the same tenant filter, written out instead of enforced by policies.
// (b) is the fair floor: the product's SQL leaves the tenant filter to the policies, so without any it would lose
// the tenant key and read other organisations' rows. Alternating runs, p50 per statement set; target: (a) at most
// 10% slower. Also checks with EXPLAIN that the policies give the planner the tenant key for an index.
// Needs a build. Knobs: BENCH_RUNS (default 2,000 per side), BENCH_EXPERIMENTS (default 5,000), BENCH_DATABASE_URL.
import pg from 'pg';
import {
  benchDatabase,
  experimentPlan,
  figure,
  loadFigure,
  log,
  organisation,
  percentile,
  round,
  scopedBypassReader,
  seedExperiments,
  startApi,
} from './bench-kit.mjs';
import { productStatements } from './experiment-sql.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 2_000);
const EXPERIMENTS = Number(process.env.BENCH_EXPERIMENTS ?? 5_000);

/** Every plan node, depth first. */
function* nodes(plan) {
  yield plan;
  for (const child of plan.Plans ?? []) yield* nodes(child);
}

async function main() {
  loadFigure();
  const database = await benchDatabase('rls');
  const owner = await database.owner();
  let api;
  let reader;
  const clients = [];
  try {
    api = await startApi(database.env);
    const org = await organisation(api.url, database, { name: 'Policies', members: 2 });
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
    await seedExperiments(database, {
      organisationId: org.organisationId,
      teamId: org.teamId,
      ownerId: author.membershipId,
      count: EXPERIMENTS,
    });
    const other = await organisation(api.url, database, { name: 'Neighbour', members: 1 });
    await seedExperiments(database, {
      organisationId: other.organisationId,
      teamId: other.teamId,
      ownerId: other.members[0].membershipId,
      count: EXPERIMENTS,
    });
    const sent = await productStatements(database, author.client.accessToken, {
      detail: `/api/experiments/${experiment.id}`,
      list: '/api/experiments?limit=50',
    });
    await api.stop();
    api = undefined;

    reader = await scopedBypassReader(database, owner);
    const connect = async (url) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      clients.push(c);
      return c;
    };
    const sides = {
      rls: await connect(database.appUrl),
      written: await connect(reader.url),
    };
    const sets = {
      [`GET /api/experiments/:id (${sent.detail.statements.length} statements)`]: sent.detail.statements,
      'list page of 50': sent.list.statements,
    };
    /** One request's statements in one transaction with the tenant setting, as the API runs them; times the statements. */
    const run = async (c, statements) => {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.organisation_id', $1, true)`, [org.organisationId]);
      const started = performance.now();
      const results = [];
      for (const [sql, params] of statements) results.push((await c.query(sql, params)).rows);
      const elapsed = performance.now() - started;
      await c.query('COMMIT');
      return { elapsed, results };
    };

    for (const [name, statements] of Object.entries(sets)) {
      const a = await run(sides.rls, statements);
      const b = await run(sides.written, statements);
      if (JSON.stringify(a.results) !== JSON.stringify(b.results))
        throw new Error(`${name}: the two sides disagree`);
      if (a.results[0].length === 0) throw new Error(`${name}: no rows`);
      for (let i = 0; i < 50; i++) for (const side of Object.values(sides)) await run(side, statements);
      const times = { rls: [], written: [] };
      log(`${name}: ${RUNS} runs per side…`);
      for (let i = 0; i < RUNS; i++) {
        const order = i % 2 ? ['rls', 'written'] : ['written', 'rls'];
        for (const side of order) times[side].push((await run(sides[side], statements)).elapsed);
      }
      const rls = percentile(times.rls, 0.5);
      const written = percentile(times.written, 0.5);
      figure(`${name}: p50 under row-level security`, round(rls, 3), 'ms');
      figure(`${name}: p50 as BYPASSRLS, tenant filter written out`, round(written, 3), 'ms');
      const slower = rls / written - 1;
      figure(
        `${name}: row-level security slower by (p50)`,
        round(slower * 100, 1),
        '%',
        '≤ 10',
        slower <= 0.1,
      );
    }

    // The policies must hand the planner the tenant key: the experiment is found through an index on organisation_id.
    for (const [name, [sql, params]] of [
      ['GET /api/experiments/:id', sent.detail.statements[0]],
      ['list page of 50', sent.list.statements[0]],
    ]) {
      await sides.rls.query('BEGIN');
      await sides.rls.query(`SELECT set_config('app.organisation_id', $1, true)`, [org.organisationId]);
      const { rows } = await sides.rls.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      await sides.rls.query('COMMIT');
      const scans = [...nodes(rows[0]['QUERY PLAN'][0].Plan)].filter(
        (n) => n['Relation Name'] === 'experiment',
      );
      // A bitmap heap scan takes its index condition from the bitmap index scan below it.
      const indexUse = (scan) => [...nodes(scan)].find((n) => /organisation_id/.test(n['Index Cond'] ?? ''));
      const keyed = scans.map(indexUse).filter(Boolean);
      figure(
        `${name}: EXPLAIN reaches experiment by an index on organisation_id`,
        keyed.map((n) => n['Index Name']).join(', ') || scans.map((n) => n['Node Type']).join(', '),
        '',
        'index condition on organisation_id',
        keyed.length > 0 && keyed.length === scans.length,
      );
    }
    loadFigure('at end');
  } finally {
    for (const c of clients) await c.end().catch(() => undefined);
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
