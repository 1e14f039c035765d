import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { inject } from 'vitest';
import { migrateDatabase } from '@kaizen/api/data-access-db';
import { parseConfig, type AppConfig } from '@kaizen/shared/util-config';

export type QueueBackendChoice = 'redis' | 'postgres';

/** A database of this test file's own, migrated, dropped at the end: test files run in parallel. */
/** The application's own login: neither owner nor exempt from row-level security. */
const APP_LOGIN = { user: 'kaizen_test_app', password: 'kaizen-test-app' };

export interface TestDatabase {
  /** As the application connects: row-level security applies. */
  url: string;
  /** As the schema owner connects, for migrations and for looking behind row-level security. */
  ownerUrl: string;
  drop(): Promise<void>;
  /** Simulates an outage: ends every session and refuses new ones, superusers included. */
  refuseConnections(): Promise<void>;
  allowConnections(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `kz_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const asAdmin = async (...statements: string[]) => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const owner = new URL(adminUrl);
  owner.pathname = `/${name}`;
  const app = new URL(owner);
  app.username = APP_LOGIN.user;
  app.password = APP_LOGIN.password;
  await migrateDatabase(owner.toString(), { appUrl: app.toString() });
  return {
    url: app.toString(),
    ownerUrl: owner.toString(),
    drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    refuseConnections: () =>
      asAdmin(
        `ALTER DATABASE ${name} ALLOW_CONNECTIONS false`,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`,
      ),
    allowConnections: () => asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`),
  };
}

/** A valid configuration for the given database and queue backend, with a queue prefix of its own. */
export function testConfig(
  databaseUrl: string,
  backend: QueueBackendChoice,
  overrides: Record<string, string> = {},
): AppConfig {
  const result = parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(32).toString('hex'),
    TRUST_PROXY: 'true',
    REDIS_URL: backend === 'redis' ? inject('redisUrl') : undefined,
    QUEUE_PREFIX: `kt${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'error',
    PORT: '3000',
    SHUTDOWN_GRACE_MS: '5000',
    ...overrides,
  });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
}

export async function until<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
