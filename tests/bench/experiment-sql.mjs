// The SQL the API sends for `GET /api/experiments/:id` and a list page, captured from the wire as it runs (a
// second API behind the counting proxy of bench-kit.mjs), so the baseline and the row-level-security comparison
// run exactly the product's statements with the same values, whatever the repositories' code looks like.
import { roundTripCounter, startApi } from './bench-kit.mjs';

/** A read enters the tenant in the batch of each of its statements (TenantTransactions.read): not the read's own SQL. */
const ENTERING_THE_TENANT = /^SELECT enter_tenant\(/;

/**
 * For each route: the statements one request sends inside its transaction (BEGIN, entering the tenant and
 * COMMIT excluded: simple-protocol messages, or a read's entry into the tenant batched with each statement), and
 * its round trips to PostgreSQL in all. For each of `writes` ({ method, path, body, accessToken }, sent once each
 * after a warming GET of `warm`): the round trips of its transaction, and all it sent, jobs it enqueued on the PostgreSQL queue backend included (`withQueue`).
 */
export async function productStatements(database, accessToken, routes, writes = {}) {
  const counter = await roundTripCounter(database.appUrl);
  const api = await startApi({ ...database.env, DATABASE_URL: counter.url(database.appUrl) }, { cpu: 0 });
  const headers = { authorization: `Bearer ${accessToken}` };
  try {
    const found = {};
    for (const [name, path] of Object.entries(routes)) {
      await (await fetch(`${api.url}${path}`, { headers })).arrayBuffer(); // warm: the pool connects on first use
      const before = counter.count();
      const statements = (
        await counter.capture(async () => {
          const response = await fetch(`${api.url}${path}`, { headers });
          if (!response.ok) throw new Error(`${name}: ${response.status} ${await response.text()}`);
          await response.arrayBuffer();
        })
      ).filter(([sql]) => !ENTERING_THE_TENANT.test(sql));
      found[name] = { statements, roundTrips: counter.count() - before };
    }
    for (const [name, write] of Object.entries(writes)) {
      const as = { authorization: `Bearer ${write.accessToken}` };
      await (await fetch(`${api.url}${write.warm}`, { headers: as })).arrayBuffer();
      const before = counter.count();
      const beforeInTransactions = counter.countInTransactions();
      const response = await fetch(`${api.url}${write.path}`, {
        method: write.method,
        headers: { ...as, 'content-type': 'application/json' },
        body: JSON.stringify(write.body),
      });
      if (!response.ok) throw new Error(`${name}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
      found[name] = {
        roundTrips: counter.countInTransactions() - beforeInTransactions,
        withQueue: counter.count() - before,
      };
    }
    return found;
  } finally {
    await api.stop();
    await counter.close();
  }
}
