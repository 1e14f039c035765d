import { migrateDatabase } from '@kaizen/api/data-access-db';
import { loadConfigOrExit } from '@kaizen/shared/util-config';

/** `npm run migrate`: applies pending migrations and exits. */
const config = loadConfigOrExit();
migrateDatabase(config.DATABASE_MIGRATION_URL ?? config.DATABASE_URL, { appUrl: config.DATABASE_URL })
  .then(({ applied, queueSchemaVersion }) => {
    process.stdout.write(
      `migrations: ${applied.length ? applied.join(', ') : 'none pending'}; queue schema version ${queueSchemaVersion}\n`,
    );
  })
  .catch((error) => {
    process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
