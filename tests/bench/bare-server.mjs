// The throughput baseline: bare Fastify and pg, running the SELECTs the product sent for one experiment and one
// list page (captured by experiment-sql.mjs, passed as JSON in BARE_STATEMENTS), without authentication,
// row-level security or a transaction around them. BARE_NAMED_STATEMENTS=1 names each statement, so PostgreSQL
// parses and plans it once per connection, as the product does with its prepared queries.
//   DATABASE_URL=… PORT=… BARE_STATEMENTS='{"detail":[[sql, values]…],"list":[…]}' node tests/bench/bare-server.mjs
import Fastify from 'fastify';
import pg from 'pg';

const { detail, list } = JSON.parse(process.env.BARE_STATEMENTS);
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  application_name: process.env.BARE_APPLICATION_NAME ?? 'bare-baseline',
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const app = Fastify({ logger: false });
const named = process.env.BARE_NAMED_STATEMENTS === '1';
const nameOf = new Map(
  [...detail, ...list].map(([sql], index) => [sql, named ? `bare_${index}` : undefined]),
);
const run = async (statements) => {
  const results = [];
  for (const [text, values] of statements)
    results.push((await pool.query({ name: nameOf.get(text), text, values })).rows);
  return results;
};
app.get('/experiments/:id', async () => ({ results: await run(detail) }));
app.get('/experiments', async () => ({ results: await run(list) }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await app.close();
  await pool.end();
  process.exit(0);
});
