import { Queue, Worker, createPostgresBackend, type Processor } from 'bullmq';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { queueBackendOf, type AppConfig, type QueueBackendKind } from '@kaizen/shared/util-config';

export const QUEUE_BACKEND = Symbol('QUEUE_BACKEND');
/** BullMQ's tables live in their own schema of the product database. */
export const POSTGRES_QUEUE_SCHEMA = 'bullmq';

// The backend type parameter differs between Redis and PostgreSQL; callers only use the shared API.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyQueue = Queue<any, any, string, any, any, string, any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorker = Worker<any, any, string, any, any, any>;

/**
 * Where BullMQ keeps its jobs: Redis when REDIS_URL is set, else BullMQ's PostgreSQL
 * backend in the product database. Everything above this file is the same for both.
 */
export interface QueueBackend {
  readonly kind: QueueBackendKind;
  createQueue(name: string): AnyQueue;
  createWorker(name: string, processor: Processor, options: WorkerOptions): AnyWorker;
  /** Refuses a backend that could lose jobs under workers, e.g. a Redis that evicts keys. */
  assertSafeForWorkers(): Promise<void>;
  /** Releases connections this backend owns; queues and workers close themselves first. */
  close(): Promise<void>;
}

export interface WorkerOptions {
  concurrency: number;
  /** Lock of a running job; a job whose worker died is taken over once it lapses. */
  lockMs: number;
}

/** Thrown at worker boot when the queue backend is configured in a way that loses jobs. */
export class UnsafeQueueBackendError extends Error {
  override readonly name = 'UnsafeQueueBackendError';
}

type QueueSettings = Pick<AppConfig, 'REDIS_URL' | 'DATABASE_URL' | 'QUEUE_PREFIX'>;

export function createQueueBackend(config: QueueSettings): QueueBackend {
  return queueBackendOf(config) === 'redis'
    ? redisBackend(config.REDIS_URL as string, config.QUEUE_PREFIX)
    : postgresBackend(config.DATABASE_URL, config.QUEUE_PREFIX);
}

function redisBackend(url: string, prefix: string): QueueBackend {
  // Workers need maxRetriesPerRequest: null, or a Redis blip fails their blocking calls for good.
  const connection = new Redis(url, { maxRetriesPerRequest: null, connectionName: 'kaizen-loop' });
  connection.on('error', () => undefined); // readiness reports it; ioredis keeps reconnecting
  return {
    kind: 'redis',
    createQueue: (name) => new Queue(name, { connection, prefix }),
    createWorker: (name, processor, options) =>
      new Worker(name, processor, { connection, prefix, ...workerSettings(options) }),
    assertSafeForWorkers: async () => {
      const policy = await evictionPolicy(connection);
      if (policy !== 'noeviction') {
        throw new UnsafeQueueBackendError(
          `Redis maxmemory-policy is "${policy}", but the worker needs "noeviction": under memory pressure Redis would ` +
            'silently drop queued jobs and reminders. Set `maxmemory-policy noeviction` in redis.conf ' +
            '(or `CONFIG SET maxmemory-policy noeviction`) and start the worker again.',
        );
      }
    },
    close: async () => {
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

function postgresBackend(connectionString: string, prefix: string): QueueBackend {
  // One pool for every queue and worker of the process: by default each would own a pool of its own,
  // and a worker on 9 queues would hold some 80 connections. Each worker keeps one pooled
  // client for LISTEN, so the pool grows by one per worker on top of the shared few.
  let pool: Pool | undefined;
  let listeners = 0;
  const shared = () => {
    if (!pool) {
      pool = new Pool({
        connectionString,
        max: 4 + listeners,
        keepAlive: true,
        application_name: 'kaizen-loop-queue',
        options: `-c search_path=${POSTGRES_QUEUE_SCHEMA}`,
      });
      // Every queue and worker listens for the shared pool's errors; more than Node's default ten is expected, not a leak.
      pool.setMaxListeners(0);
    }
    return pool;
  };
  return {
    kind: 'postgres',
    createQueue: (name) => new Queue(name, { connection: shared(), prefix }, createPostgresBackend),
    createWorker: (name, processor, options) => {
      listeners += 1;
      const connection = shared();
      connection.options.max = 4 + listeners;
      return new Worker(
        name,
        processor,
        { connection, prefix, ...workerSettings(options) },
        createPostgresBackend,
      );
    },
    assertSafeForWorkers: async () => undefined, // PostgreSQL never evicts rows
    // Queues and workers close first (they release their clients); then the pool they shared.
    close: async () => {
      await pool?.end().catch(() => undefined);
      pool = undefined;
    },
  };
}

function workerSettings({ concurrency, lockMs }: WorkerOptions) {
  // Stalled jobs are looked for as often as a lock lasts, so a dead worker's job moves on within about two locks.
  return { concurrency, lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: 3 };
}

/** Managed Redis often disables CONFIG; INFO tells the same. */
async function evictionPolicy(connection: Redis): Promise<string> {
  try {
    const [, policy] = (await connection.config('GET', 'maxmemory-policy')) as [string, string];
    if (policy) return policy;
  } catch {
    // fall through to INFO
  }
  const info = await connection.info('memory');
  return /maxmemory_policy:(\S+)/.exec(info)?.[1] ?? 'unknown';
}
