import { defineConfig } from 'vite';
import { nodeAppConfig } from '../../tools/vite-node-app.config.mjs';

export default defineConfig(
  nodeAppConfig('api', {
    main: 'src/main.ts',
    migrate: 'src/migrate.ts',
    openapi: 'src/openapi-cli.ts',
    seed: 'src/seed.ts',
  }),
);
