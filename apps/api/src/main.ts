import 'reflect-metadata';
import { migrateDatabase } from '@kaizen/api/data-access-db';
import { closeOnSignals } from '@kaizen/api/util-core';
import { loadConfigOrExit } from '@kaizen/shared/util-config';
import { createApi } from './create-api';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // Migrations need the owner; without its URL the API leaves them to `npm run migrate` or a deploy job.
  if (config.MIGRATE_ON_START && config.DATABASE_MIGRATION_URL) {
    await migrateDatabase(config.DATABASE_MIGRATION_URL, { appUrl: config.DATABASE_URL });
  }
  const app = await createApi(config);
  closeOnSignals(app, config.SHUTDOWN_GRACE_MS, 'api');
  await app.listen({ host: config.HOST, port: config.PORT });
}

main().catch((error) => {
  process.stderr.write(`api: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
