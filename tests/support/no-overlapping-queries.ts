import pg from 'pg';
import { afterAll, expect } from 'vitest';

/**
 * Code that sends a query on a pg client still running one (`Promise.all` over one transaction's queries) queues
 * on its connection today and fails in pg 9. pg warns about it only once per process, and test files share their
 * worker process, so the check is made here on every call, by pg's own rule (a query already waiting in the
 * client's queue), and every test file whose code did it fails.
 */
interface Queueing {
  _queryQueue?: unknown[];
  pipeline?: boolean;
}
interface Overlaps {
  found: string[];
}
const key = Symbol.for('kaizen.tests.overlappingQueries');
const global = globalThis as { [key]?: Overlaps };

if (!global[key]) {
  const overlaps: Overlaps = { found: [] };
  global[key] = overlaps;
  if (!Array.isArray((new pg.Client() as unknown as Queueing)._queryQueue))
    throw new Error('pg.Client has no _queryQueue any more: update tests/support/no-overlapping-queries.ts');
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: Queueing, ...args: unknown[]) {
    if ((this._queryQueue?.length ?? 0) > 0 && !this.pipeline) overlaps.found.push(new Error().stack ?? '');
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}
const overlaps = global[key] as Overlaps;

afterAll(() => {
  expect(overlaps.found.splice(0), 'queries overlapped on one pg client').toEqual([]);
});
