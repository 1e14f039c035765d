import { defineConfig } from 'vitest/config';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

/**
 * What the Angular unit-test builder leaves to vitest, for every web spec (`runnerConfig` in nx.json): a loaded
 * 2-core machine may take far longer than vitest's default 5 s to load a lazy route's chunk, so the guard stretches with the load.
 */
export default defineConfig({ test: { testTimeout: hangGuardMs(10_000) } });
