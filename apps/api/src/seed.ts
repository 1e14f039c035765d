import { loadConfigOrExit } from '@kaizen/shared/util-config';
import { seedDemoOrganisation } from './seed/demo-organisation';

/** `npm start` runs this after migrating: the demo organisation, once, and how to sign in to it. */
const config = loadConfigOrExit();
const password = process.env['DEMO_PASSWORD'];
if (!password) {
  process.stderr.write('seed: DEMO_PASSWORD is required\n');
  process.exit(78);
}
seedDemoOrganisation(config.DATABASE_MIGRATION_URL ?? config.DATABASE_URL, password)
  .then(({ created, signIns }) => {
    process.stdout.write(`${JSON.stringify({ created, password, signIns })}\n`);
  })
  .catch((error) => {
    process.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
