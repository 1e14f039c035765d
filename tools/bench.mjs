// `npm run bench`: runs every tests/bench/*.bench.mjs, prints one table, writes tmp/bench-results.json.
// Each script prints JSON lines {figure, value, unit, target?, pass?}.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// `npm run bench -- rollups soak` runs only the scripts whose names contain one of the words.
const only = process.argv.slice(2);
const scripts = readdirSync(`${root}/tests/bench`)
  .filter((f) => f.endsWith('.bench.mjs') && (only.length === 0 || only.some((word) => f.includes(word))))
  .sort();
const results = [];
for (const script of scripts) {
  process.stderr.write(`running ${script}…\n`);
  const run = spawnSync(process.execPath, [`tests/bench/${script}`], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for (const line of run.stdout.split('\n').filter((l) => l.startsWith('{')))
    results.push({ script, ...JSON.parse(line) });
  if (run.status !== 0) results.push({ script, figure: 'exit code', value: run.status, pass: false });
}
const rows = results.map((r) => [
  r.figure,
  `${r.value} ${r.unit ?? ''}`.trim(),
  r.target ?? '',
  r.pass === undefined ? '' : r.pass ? 'pass' : 'FAIL',
]);
const widths = [0, 1, 2, 3].map((i) =>
  Math.max(...[['figure', 'value', 'target', 'result'], ...rows].map((row) => String(row[i]).length)),
);
for (const row of [['figure', 'value', 'target', 'result'], ...rows])
  console.log(row.map((cell, i) => String(cell).padEnd(widths[i])).join('  '));
mkdirSync(`${root}/tmp`, { recursive: true });
writeFileSync(
  `${root}/tmp/bench-results.json`,
  JSON.stringify({ at: new Date().toISOString(), results }, null, 2),
);
process.exit(results.some((r) => r.pass === false) ? 1 : 0);
