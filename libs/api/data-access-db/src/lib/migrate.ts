import { runMigrations as runQueueMigrations } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { APP_ROLE } from './migrations/tenant-isolation';

/** Any key will do, as long as every process uses the same one. */
const MIGRATION_LOCK = 7_310_442_001;
export const QUEUE_SCHEMA = 'bullmq';

export interface MigrationReport {
  applied: string[];
  queueSchemaVersion: number;
}

export interface MigrateOptions {
  /**
   * The application's own connection. When its role differs from the owner's and does not exist yet,
   * it is created with the URL's password; either way it joins the application role.
   */
  appUrl?: string;
}

/**
 * Brings the product schema and BullMQ's PostgreSQL schema up to date, as the schema owner.
 * An advisory lock lets several replicas start at once: one migrates, the others wait and find nothing to do.
 */
export async function migrateDatabase(
  ownerUrl: string,
  options: MigrateOptions = {},
): Promise<MigrationReport> {
  const session = new Client({ connectionString: ownerUrl, application_name: 'kaizen-loop-migrate' });
  await session.connect();
  const dataSource = new DataSource(dataSourceOptions(ownerUrl, 2));
  try {
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const queueSchemaVersion = await runQueueMigrations(session, QUEUE_SCHEMA);
    await grantQueueSchema(session);
    if (options.appUrl) await provisionAppLogin(session, options.appUrl);
    return { applied: applied.map((migration) => migration.name), queueSchemaVersion };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await session.end();
  }
}

/** BullMQ's migrations may add objects in any release, so the grants are renewed on every run. */
async function grantQueueSchema(session: Client): Promise<void> {
  // CREATE too: BullMQ's bulk add creates a per-queue id sequence on first use, as whoever enqueues.
  await session.query(`GRANT USAGE, CREATE ON SCHEMA ${QUEUE_SCHEMA} TO ${APP_ROLE}`);
  await session.query(
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${QUEUE_SCHEMA} TO ${APP_ROLE}`,
  );
  await session.query(
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${QUEUE_SCHEMA} TO ${APP_ROLE}`,
  );
  await session.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${QUEUE_SCHEMA} TO ${APP_ROLE}`);
}

async function provisionAppLogin(session: Client, appUrl: string): Promise<void> {
  const url = new URL(appUrl);
  const role = decodeURIComponent(url.username);
  const { rows } = await session.query('SELECT current_user AS owner');
  if (!role || role === rows[0].owner) return;
  const exists = await session.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (exists.rowCount === 0) {
    const password = decodeURIComponent(url.password);
    const { rows: quoted } = await session.query(
      'SELECT quote_ident($1) AS role, quote_literal($2) AS password',
      [role, password],
    );
    // CREATE ROLE takes no parameters; both parts are quoted by PostgreSQL itself.
    await session
      .query(`CREATE ROLE ${quoted[0].role} LOGIN PASSWORD ${quoted[0].password} NOSUPERUSER NOBYPASSRLS`)
      .catch((error: { code?: string }) => {
        if (error.code !== '42710' && error.code !== '23505') throw error; // created meanwhile by a parallel run
      });
  }
  const { rows: ident } = await session.query('SELECT quote_ident($1) AS role', [role]);
  // Roles are cluster-wide: databases migrating side by side may grant at the same moment.
  for (let attempt = 1; ; attempt++) {
    try {
      await session.query(`GRANT ${APP_ROLE} TO ${ident[0].role}`);
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
