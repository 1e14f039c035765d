// The throughput baseline: bare Fastify and pg, running the same SELECTs as the product for one experiment and
// one list page, without authentication, row-level security or a transaction around them.
//   DATABASE_URL=… PORT=… MEMBERSHIP_ID=… [IS_ADMIN=true] node tests/bench/bare-server.mjs
import Fastify from 'fastify';
import pg from 'pg';
import { detailStatements, listStatement } from './experiment-sql.mjs';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const app = Fastify({ logger: false });
app.get('/experiments/:id', async (request) => {
  const [find, relations, participants, approvals] = detailStatements(request.params.id, process.env.MEMBERSHIP_ID, process.env.IS_ADMIN === 'true');
  const row = (await pool.query(...find)).rows[0];
  const held = (await pool.query(...relations)).rows[0];
  return { ...row, held, participants: (await pool.query(...participants)).rows, approvals: (await pool.query(...approvals)).rows };
});
app.get('/experiments', async () => ({ items: (await pool.query(...listStatement())).rows.slice(0, 50) }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await app.close();
  await pool.end();
  process.exit(0);
});
