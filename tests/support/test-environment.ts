import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { inject } from 'vitest';
import { migrateDatabase } from '@kaizen/api/data-access-db';
import { parseConfig, type AppConfig } from '@kaizen/shared/util-config';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

export type QueueBackendChoice = 'redis' | 'postgres';

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

/** A migrated database of this test file's own, dropped at the end: test files run in parallel. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `kz_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(async (admin) => {
    const template = await migratedTemplate(admin);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  });
  const { ownerUrl, url } = urlsOf(name);
  const statements = (...sql: string[]) =>
    asAdmin(async (admin) => {
      for (const statement of sql) await admin.query(statement);
    });
  return {
    url,
    ownerUrl,
    drop: () => statements(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    refuseConnections: () =>
      statements(
        `ALTER DATABASE ${name} ALLOW_CONNECTIONS false`,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`,
      ),
    allowConnections: () => statements(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`),
  };
}

/**
 * The run's template database, migrated by whichever test file asks first (the others wait on a lock):
 * copying a migrated database takes a fraction of running every migration again.
 */
async function migratedTemplate(admin: Client): Promise<string> {
  const template = inject('templateDatabase');
  await admin.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${template}`);
      const { ownerUrl, url } = urlsOf(template);
      await migrateDatabase(ownerUrl, { appUrl: url }).catch(async (error: unknown) => {
        await admin.query(`DROP DATABASE ${template} WITH (FORCE)`); // never copy a half-migrated one
        throw error;
      });
    }
    return template;
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
  }
}

function urlsOf(database: string): { ownerUrl: string; url: string } {
  const owner = new URL(inject('postgresAdminUrl'));
  owner.pathname = `/${database}`;
  const app = new URL(owner);
  app.username = APP_LOGIN.user;
  app.password = APP_LOGIN.password;
  return { ownerUrl: owner.toString(), url: app.toString() };
}

async function asAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: inject('postgresAdminUrl') });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
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
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'error',
    PORT: '3000',
    SHUTDOWN_GRACE_MS: '5000',
    ...overrides,
  });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
}

/** Polls until `probe` yields a value; `quietMs` is ample on a quiet machine and stretches with the load. */
export async function until<T>(
  probe: () => Promise<T | null | undefined | false>,
  quietMs = 10_000,
): Promise<T> {
  const timeoutMs = hangGuardMs(quietMs);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
