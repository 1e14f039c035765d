import { runMigrations as runQueueMigrations } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Any key will do, as long as every process uses the same one. */
const MIGRATION_LOCK = 7_310_442_001;
export const QUEUE_SCHEMA = 'bullmq';

export interface MigrationReport {
  applied: string[];
  queueSchemaVersion: number;
}

/**
 * Brings the product schema and BullMQ's PostgreSQL schema up to date.
 * An advisory lock lets several replicas start at once: one migrates, the others wait and find nothing to do.
 */
export async function migrateDatabase(url: string): Promise<MigrationReport> {
  const lock = new Client({ connectionString: url, application_name: 'kaizen-loop-migrate' });
  await lock.connect();
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const queueSchemaVersion = await runQueueMigrations(lock, QUEUE_SCHEMA);
    return { applied: applied.map((migration) => migration.name), queueSchemaVersion };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}
