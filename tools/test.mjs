// `npm test`: every check the project has, in one run, ending with "N passed, N failed".
// Checks that are not test runners (build, lint, type-check, client drift) count as one each.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = `${root}/tmp/test-reports`;
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const env = {
  ...process.env,
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  FORCE_COLOR: process.env.FORCE_COLOR ?? '1',
};
const results = [];

function step(name, command, args, { report } = {}) {
  process.stdout.write(`\n\x1b[1m▶ ${name}\x1b[0m\n`);
  const started = Date.now();
  const reportFile = report ? `${reports}/${report}.json` : undefined;
  const run = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: reportFile ? { ...env, VITEST_JSON_REPORT: reportFile } : env,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  let passed = ok ? 1 : 0;
  let failed = ok ? 0 : 1;
  if (reportFile && existsSync(reportFile)) {
    const json = JSON.parse(readFileSync(reportFile, 'utf8'));
    passed = json.numPassedTests;
    failed = json.numFailedTests + (!ok && json.numFailedTests === 0 ? 1 : 0); // a crash with no failed test still fails
  }
  results.push({ name, ok, passed, failed, seconds });
  process.stdout.write(`${ok ? '\x1b[32m✔' : '\x1b[31m✘'} ${name}\x1b[0m (${seconds} s)\n`);
  return ok;
}

/**
 * Checks that read the sources and write nothing, run side by side: each is mostly one busy thread, and
 * two cores run three of them in about half the time they take in a row. Output is printed per check, in order.
 */
async function stepsSideBySide(checks) {
  const runs = checks.map(({ name, command, args }) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    return new Promise((resolve) =>
      child.on('close', (status) =>
        resolve({
          name,
          ok: status === 0,
          output: Buffer.concat(output),
          seconds: (Date.now() - started) / 1000,
        }),
      ),
    );
  });
  for (const run of await Promise.all(runs)) {
    process.stdout.write(`\n\x1b[1m▶ ${run.name}\x1b[0m\n`);
    process.stdout.write(run.output);
    const seconds = run.seconds.toFixed(1);
    results.push({ name: run.name, ok: run.ok, passed: run.ok ? 1 : 0, failed: run.ok ? 0 : 1, seconds });
    process.stdout.write(
      `${run.ok ? '\x1b[32m✔' : '\x1b[31m✘'} ${run.name}\x1b[0m (${seconds} s, side by side)\n`,
    );
  }
}

const nx = (...args) => ['nx', ...args, '--output-style=stream-without-prefixes'];

const built = step(
  'build api, worker and web, and compress the web app',
  'npx',
  nx('run-many', '-t', 'build', 'compress', '-p', 'api', 'worker', 'web'),
);
await stepsSideBySide([
  { name: 'lint (module boundaries included)', command: 'npx', args: ['eslint', '.', '--max-warnings=0'] },
  {
    name: 'formatting (prettier --check)',
    command: 'npx',
    args: ['prettier', '--check', '--log-level=warn', '.'],
  },
  {
    name: 'type-check every project (server and web programs)',
    command: process.execPath,
    args: ['tools/typecheck.mjs'],
  },
]);
if (built)
  step('generated API client matches the OpenAPI document', process.execPath, [
    'tools/openapi.mjs',
    '--check',
  ]);
step('unit tests (server and shared)', 'npx', ['vitest', 'run', '--config', 'vitest.unit.config.mts'], {
  report: 'unit',
});
// One Angular build and one vitest run over every web spec (apps/web and libs/web): a run per library rebuilt
// the app each time (14 runs took 168 s of the CI budget; one run needs about a fifth of their CPU time).
step('unit tests (web)', 'npx', nx('run', 'web:test'), { report: 'web' });
if (built) {
  step(
    'integration, browser and lint-rule tests (real PostgreSQL, Redis, Chromium)',
    'npx',
    ['vitest', 'run', '--config', 'tests/vitest.config.mts'],
    {
      report: 'integration',
    },
  );
  // After the others: it builds into the dist/ they serve.
  step(
    'npm start, as a person runs it (builds into dist/)',
    'npx',
    ['vitest', 'run', '--config', 'tests/vitest.launcher.config.mts'],
    { report: 'launcher' },
  );
}

const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0) + (built ? 0 : 3); // skipped for want of a build
process.stdout.write('\n');
for (const r of results)
  process.stdout.write(
    `  ${r.ok ? 'ok  ' : 'FAIL'}  ${r.name}: ${r.passed} passed, ${r.failed} failed (${r.seconds} s)\n`,
  );
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 && results.every((r) => r.ok) ? 0 : 1);
