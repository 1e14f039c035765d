import { migrateDatabase } from '@kaizen/api/data-access-db';
import { loadConfigOrExit } from '@kaizen/shared/util-config';

/** `npm run migrate`: applies pending migrations and exits. */
loadConfigOrExit();
migrateDatabase(process.env['DATABASE_URL'] as string)
  .then(({ applied, queueSchemaVersion }) => {
    process.stdout.write(
      `migrations: ${applied.length ? applied.join(', ') : 'none pending'}; queue schema version ${queueSchemaVersion}\n`,
    );
  })
  .catch((error) => {
    process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
