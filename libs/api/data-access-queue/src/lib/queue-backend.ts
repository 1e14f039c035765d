import { Queue, Worker, createPostgresBackend, type Processor } from 'bullmq';
import { Redis } from 'ioredis';
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
  createWorker(name: string, processor: Processor, concurrency: number): AnyWorker;
  /** Releases connections this backend owns; queues and workers close themselves first. */
  close(): Promise<void>;
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
    createWorker: (name, processor, concurrency) => new Worker(name, processor, { connection, prefix, concurrency }),
    close: async () => {
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

function postgresBackend(connectionString: string, prefix: string): QueueBackend {
  const connection = () => ({
    connectionString,
    schema: POSTGRES_QUEUE_SCHEMA,
    max: 4,
    application_name: 'kaizen-loop-queue',
  });
  return {
    kind: 'postgres',
    createQueue: (name) => new Queue(name, { connection: connection(), prefix }, createPostgresBackend),
    createWorker: (name, processor, concurrency) =>
      new Worker(name, processor, { connection: connection(), prefix, concurrency }, createPostgresBackend),
    close: async () => undefined, // each queue and worker owns its pool
  };
}
