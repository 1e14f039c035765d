import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../tools/embedded-postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose role may create databases; each test file makes its own. */
    postgresAdminUrl: string;
    /** The migrated database every test database is copied from, made by the first file that needs one. */
    templateDatabase: string;
    /** A Redis URL; each test file uses its own key prefix. */
    redisUrl: string;
  }
}

const onCi = process.env['CI'] === 'true';
const cleanups: Array<() => Promise<void>> = [];

/**
 * Finds real servers for the integration tests: PostgreSQL from TEST_DATABASE_URL, DATABASE_URL
 * or embedded; Redis from REDIS_URL, 127.0.0.1:6379, or a redis-server started on a free port.
 */
export async function setup(project: TestProject): Promise<void> {
  const postgresAdminUrl = await findPostgres();
  project.provide('postgresAdminUrl', postgresAdminUrl);
  project.provide('redisUrl', await findRedis());
  const templateDatabase = `kz_template_${randomBytes(6).toString('hex')}`;
  project.provide('templateDatabase', templateDatabase);
  cleanups.push(async () => {
    const client = new Client({ connectionString: postgresAdminUrl });
    await client.connect();
    await client
      .query(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`)
      .finally(() => client.end());
  });
}

export async function teardown(): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup();
}

async function findPostgres(): Promise<string> {
  const configured = process.env['TEST_DATABASE_URL'] || process.env['DATABASE_URL'];
  if (configured) {
    await assertPostgres(configured);
    return configured;
  }
  // Runs in a helper process, so embedded-postgres's exit hook can never swallow this run's exit code.
  const dir = mkdtempSync(join(tmpdir(), 'kaizen-test-pg-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as its own user when we are root
  const database = await startEmbeddedPostgres(join(dir, 'data'), { throwaway: true });
  cleanups.push(async () => {
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return database.adminUrl;
}

async function assertPostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(`PostgreSQL at ${redact(url)} does not answer: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function findRedis(): Promise<string> {
  if (process.env['REDIS_URL']) {
    if (await redisAnswers(process.env['REDIS_URL'])) return process.env['REDIS_URL'];
    throw new Error(`REDIS_URL ${redact(process.env['REDIS_URL'])} does not answer`);
  }
  if (await redisAnswers('redis://127.0.0.1:6379')) return 'redis://127.0.0.1:6379';
  const started = await startRedisServer();
  if (started) return started;
  const message = 'no Redis: set REDIS_URL, run one on 127.0.0.1:6379, or put redis-server on PATH';
  if (onCi) throw new Error(message);
  process.stderr.write(`warning: ${message}; Redis tests will fail\n`);
  return 'redis://127.0.0.1:1';
}

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function startRedisServer(): Promise<string | null> {
  const port = await freePort();
  let child: ChildProcess;
  try {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve());
    });
  } catch {
    return null;
  }
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await redisAnswers(url)); i++) await new Promise((r) => setTimeout(r, 100));
  cleanups.push(async () => {
    child.kill('SIGTERM');
  });
  return url;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
