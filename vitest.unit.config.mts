import { defineConfig } from 'vitest/config';
import { workspaceAliases } from './tools/vite-node-app.config.mjs';

/** Unit tests of Node-side projects: `vitest run --config vitest.unit.config.mts --dir <project>`. */
export default defineConfig({
  resolve: { alias: workspaceAliases() },
  test: {
    include: ['**/src/**/*.spec.ts'],
    exclude: ['**/node_modules/**', 'apps/web/**', 'libs/web/**'],
    environment: 'node',
    passWithNoTests: false,
    reporters: process.env.VITEST_JSON_REPORT
      ? ['default', ['json', { outputFile: process.env.VITEST_JSON_REPORT }]]
      : ['default'],
  },
});
