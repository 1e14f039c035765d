import { afterAll, expect } from 'vitest';

/**
 * pg warns (once per process) when code sends a query on a client that is still running one, e.g.
 * `Promise.all` over one transaction's queries: they queue on its connection today and fail in pg 9.
 * Every test file fails when the code it ran did that.
 */
const overlapping: string[] = [];
process.on('warning', (warning) => {
  if (/already executing a query/.test(warning.message)) overlapping.push(warning.stack ?? warning.message);
});

afterAll(() => {
  expect(overlapping, 'queries overlapped on one pg client').toEqual([]);
});
