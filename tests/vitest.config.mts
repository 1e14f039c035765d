import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { hangGuardMs } from '../tools/hang-guard.mjs';
import { workspaceAliases } from '../tools/vite-node-app.config.mjs';

const reporters = process.env['VITEST_JSON_REPORT']
  ? ['default', ['json', { outputFile: process.env['VITEST_JSON_REPORT'] }]]
  : ['default'];

/** The `npm start` test (tests/vitest.launcher.config.mts). */
export const LAUNCHER_TEST = 'tests/integration/launcher.test.ts';

/** Cross-app suites against real PostgreSQL, Redis and Chromium. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: { alias: workspaceAliases() },
  test: {
    include: ['tests/**/*.test.ts'],
    // `npm start` builds into dist/, which every browser test serves: Nx restoring its cached build there took two
    // chunks away from a page that was loading (404s in a CI run). It runs alone, after these, in its own config.
    exclude: ['**/node_modules/**', LAUNCHER_TEST],
    environment: 'node',
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/no-overlapping-queries.ts'],
    // Tests wait for events; these only guard against hangs, and a loaded machine must only make them slower.
    testTimeout: hangGuardMs(60_000),
    hookTimeout: hangGuardMs(60_000),
    // expect.poll gives up after 1 s by default: a wall-clock budget that a loaded machine misses (a browser test
    // failed so at load 18, waiting for a page's empty state).
    expect: { poll: { timeout: hangGuardMs(15_000) } },
    pool: 'forks',
    // Files share their worker process: each starts its own apps and databases, and a fresh process per file spent
    // 390 of 2,465 worker-seconds loading the same modules again (a CI run at load 8 to 11; 42 s shared).
    isolate: false,
    // Two cores: more files at once would only queue up behind PostgreSQL.
    maxWorkers: 2,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    reporters: reporters as any,
  },
});
