import { defineConfig } from 'vite';
import { nodeAppConfig } from '../../tools/vite-node-app.config.mjs';

export default defineConfig(
  nodeAppConfig('worker', {
    main: 'src/main.ts',
    'recompute-rollups': 'src/recompute-rollups.ts',
    'failed-jobs': 'src/failed-jobs.ts',
  }),
);
