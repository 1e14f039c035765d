import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions, Db, TenantTransactions } from '@kaizen/api/data-access-db';
import { RollupsRepository, RollupsService } from '@kaizen/api/feature-rollups';
import { loadConfigOrExit } from '@kaizen/shared/util-config';

/**
 * `node dist/apps/worker/recompute-rollups.js <organisation-id>…`: the nightly recompute for one or more
 * organisations, run by hand (after a bulk import, or in a benchmark). Prints the events folded and the seconds, per organisation.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const organisationIds = process.argv.slice(2);
  if (organisationIds.length === 0) throw new Error('usage: recompute-rollups <organisation-id>…');
  const dataSource = await new DataSource(dataSourceOptions(config.DATABASE_URL, 2)).initialize();
  try {
    const transactions = new TenantTransactions(dataSource);
    const service = new RollupsService(new RollupsRepository(new Db()));
    for (const organisationId of organisationIds) {
      const started = performance.now();
      const events = await transactions.run({ organisationId }, () => service.recompute());
      process.stdout.write(
        `${JSON.stringify({ organisationId, events, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) })}\n`,
      );
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`recompute-rollups: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
