import { defineConfig } from 'vitest/config';
import { hangGuardMs } from './tools/hang-guard.mjs';
import { workspaceAliases } from './tools/vite-node-app.config.mjs';

/** Unit tests of Node-side projects: `vitest run --config vitest.unit.config.mts --dir <project>`. */
export default defineConfig({
  resolve: { alias: workspaceAliases() },
  test: {
    include: ['**/src/**/*.spec.ts'],
    exclude: ['**/node_modules/**', 'apps/web/**', 'libs/web/**'],
    environment: 'node',
    passWithNoTests: false,
    // Property tests are pure CPU: on a loaded machine they only take longer, so the guard stretches with the load.
    testTimeout: hangGuardMs(10_000),
    reporters: process.env.VITEST_JSON_REPORT
      ? ['default', ['json', { outputFile: process.env.VITEST_JSON_REPORT }]]
      : ['default'],
  },
});
