import { defineConfig } from 'vitest/config';

/**
 * What the Angular unit-test builder leaves to vitest, for every web spec (`runnerConfig` in nx.json): a loaded
 * 2-core machine may take longer than vitest's default 5 s to load a lazy route's chunk.
 */
export default defineConfig({ test: { testTimeout: 30_000 } });
