import { defineConfig } from 'vitest/config';
import integration, { LAUNCHER_TEST } from './vitest.config.mjs';

/** `npm start` as a person runs it, building into dist/: alone, never beside a test that serves dist/. */
export default defineConfig({
  ...integration,
  test: { ...integration.test, include: [LAUNCHER_TEST], exclude: ['**/node_modules/**'] },
});
