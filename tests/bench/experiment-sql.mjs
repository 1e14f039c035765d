// The SQL the experiments repository issues for `GET /api/experiments/:id` and a list page, read from its
// source so the baseline and the row-level-security comparison run exactly the product's statements.
import { readFileSync } from 'node:fs';
import { root } from './bench-kit.mjs';

const source = readFileSync(`${root}/libs/api/feature-experiments/src/lib/experiments.repository.ts`, 'utf8');

/** The body of the first template literal after `marker`, with `${…}` filled from `values`; fails on anything unknown. */
function template(marker, values) {
  const at = source.indexOf(marker);
  if (at < 0) throw new Error(`experiments.repository.ts no longer has ${marker}: update tests/bench/experiment-sql.mjs`);
  const start = source.indexOf('`', at) + 1;
  const end = source.indexOf('`', start);
  return source
    .slice(start, end)
    .replace(/\$\{([\w.]+)\}/g, (_, name) => {
      if (!(name in values)) throw new Error(`experiments.repository.ts: unknown \${${name}} in ${marker}`);
      return values[name];
    })
    .replace(/\\\\/g, '\\');
}

const summaryColumns = template('const summaryColumns =', {});
const fullColumns = template('const fullColumns =', { summaryColumns });
const fromExperiment = template('const fromExperiment =', {});
const shared = { summaryColumns, fullColumns, fromExperiment };
// The default list order: most recently updated first.
const updated = { 'sort.column': 'e.updated_at', 'sort.direction': 'DESC', 'sort.cursorType': 'timestamptz', comparison: '<' };

/** Statements and parameters, in the order the service issues them. */
export const detailStatements = (id, membershipId, isAdmin) => [
  [template('  find(id: string)', shared), [id]],
  [template('  async relations(', shared), [id, membershipId, isAdmin]],
  [template('  participants(id: string)', shared), [id]],
  [template('  approvals(experimentId: string)', shared), [id]],
];

/** The first page of 50 (the repository asks for one more, to know whether a next page exists). */
export const listStatement = () => [template('  async list(filter: ListFilter)', { ...shared, ...updated }), [null, null, null, null, null, null, 51]];
