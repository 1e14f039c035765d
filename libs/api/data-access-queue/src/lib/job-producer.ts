import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  declaredOptions,
  jobCatalog,
  type JobName,
  type JobPayload,
  type QueueName,
} from '@kaizen/shared/util-jobs';
import { APP_CONFIG } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { QUEUE_BACKEND, type AnyQueue, type QueueBackend } from './queue-backend';

export interface EnqueueOptions {
  /** The idempotency key: a second job with the same id is ignored while the first is kept. */
  jobId: string;
  delayMs?: number;
}

/** Enqueues declared jobs with their declared retry policy. The API only ever enqueues. */
@Injectable()
export class JobProducer implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, AnyQueue>();
  private readonly bulkRefused = new Set<QueueName>();
  private readonly logger = new Logger('JobProducer');

  constructor(
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'QUEUE_RETRY_DELAY_MS'>,
  ) {}

  get backendKind(): QueueBackend['kind'] {
    return this.backend.kind;
  }

  async enqueue<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    payload: JobPayload<Q, J>,
    options: EnqueueOptions,
  ): Promise<void> {
    const { attempts, backoff } = this.options(queue, job);
    await this.queue(queue).add(job, payload, {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts,
      backoff,
      ...retention,
    });
  }

  /**
   * Makes sure a job exists, for reconcilers: adds it when the backend lost it, and runs a delayed
   * one now when its moment has come (a clock ahead of the timer, e.g. after downtime).
   */
  async ensure<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    payload: JobPayload<Q, J>,
    options: EnqueueOptions,
  ): Promise<'added' | 'promoted' | 'present'> {
    // A job that ran (completed, or failed and visible to operators) is left alone: its handler is
    // idempotent and decided already; removing it could race a worker that is just finishing it.
    const existing = await this.queue(queue).getJob(options.jobId);
    if (!existing) {
      await this.enqueue(queue, job, payload, options);
      return 'added';
    }
    if ((options.delayMs ?? 0) <= 0 && (await existing.isDelayed())) {
      await existing.promote();
      return 'promoted';
    }
    return 'present';
  }

  /**
   * `ensure` for many jobs at once, for reconcilers that rebuild thousands of timers: adds them with
   * addBulk in chunks (BullMQ ignores ids it holds), re-adds those whose job completed, and promotes
   * delayed ones whose moment has come. Existing jobs are found by listing ids, not one read per job.
   */
  async ensureMany<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    items: Array<{ payload: JobPayload<Q, J> } & EnqueueOptions>,
  ): Promise<{ submitted: number; readded: number; promoted: number }> {
    if (items.length === 0) return { submitted: 0, readded: 0, promoted: 0 };
    const target = this.queue(queue);
    const counts = await target.getJobCounts('completed', 'delayed');
    // A completed job would swallow a re-add; retention keeps few, so listing them is cheap.
    let readded = 0;
    if (counts['completed'] > 0) {
      const completed = new Set(await target.getRanges(['completed'], 0, -1));
      for (const item of items) {
        if (completed.has(item.jobId)) {
          await target.remove(item.jobId);
          readded++;
        }
      }
    }
    const dueNow =
      counts['delayed'] > 0 ? items.filter((item) => (item.delayMs ?? 0) <= 0).map((item) => item.jobId) : [];
    // Few due now (the usual case): ask for each one's state. Many (after downtime): list the delayed ids once.
    let delayed: string[] = [];
    if (dueNow.length > ENSURE_PER_ID_LIMIT) {
      const listed = new Set(await target.getRanges(['delayed'], 0, -1));
      delayed = dueNow.filter((id) => listed.has(id));
    } else if (dueNow.length > 0) {
      const states = await Promise.all(dueNow.map((id) => target.getJobState(id)));
      delayed = dueNow.filter((_, i) => states[i] === 'delayed');
    }
    await this.addMany(queue, job, items);
    let promoted = 0;
    for (const id of delayed) {
      // It may have run or moved on since it was looked at; then there is nothing to promote.
      const existing = await target.getJob(id);
      if (
        existing &&
        (await existing.promote().then(
          () => true,
          () => false,
        ))
      )
        promoted++;
    }
    return { submitted: items.length, readded, promoted };
  }

  /** `enqueue` for many jobs: one round trip per chunk instead of one per job. */
  async enqueueMany<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    items: Array<{ payload: JobPayload<Q, J> } & EnqueueOptions>,
  ): Promise<void> {
    await this.addMany(queue, job, items);
  }

  private async addMany<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    items: Array<{ payload: JobPayload<Q, J> } & EnqueueOptions>,
  ): Promise<void> {
    const target = this.queue(queue);
    const { attempts, backoff } = this.options(queue, job);
    for (let start = 0; start < items.length; start += ENSURE_CHUNK) {
      const chunk = items.slice(start, start + ENSURE_CHUNK).map((item) => ({
        name: job,
        data: item.payload,
        opts: { jobId: item.jobId, delay: item.delayMs, attempts, backoff, ...retention },
      }));
      if (!this.bulkRefused.has(queue)) {
        try {
          await target.addBulk(chunk);
          continue;
        } catch (error) {
          // BullMQ's PostgreSQL bulk add first creates a per-queue id sequence, which a role without CREATE on
          // its schema may not; the statement then changes nothing, and one-by-one adds still work.
          if ((error as { code?: string }).code !== '42501') throw error;
          this.bulkRefused.add(queue);
          this.logger.warn(
            { queue, err: error },
            'bulk add refused by the queue backend; adding jobs one by one',
          );
        }
      }
      await Promise.all(chunk.map((entry) => target.add(entry.name, entry.data, entry.opts)));
    }
  }

  /** Creates or updates a repeating job; calling it again with the same id keeps one schedule. */
  async schedule<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    schedulerId: string,
    everyMs: number,
    payload: JobPayload<Q, J>,
  ): Promise<void> {
    const { attempts, backoff } = this.options(queue, job);
    await this.queue(queue).upsertJobScheduler(
      schedulerId,
      { every: everyMs },
      {
        name: job,
        data: payload,
        opts: { attempts, backoff, removeOnComplete: { count: 100 }, removeOnFail: { count: 1_000 } },
      },
    );
  }

  /** Resolves when the queue backend answers a read; rejects with the reason otherwise. */
  async ping(timeoutMs = 2_000): Promise<void> {
    const [first] = Object.keys(jobCatalog) as QueueName[];
    await withTimeout(this.queue(first).getJobCounts('waiting'), timeoutMs, 'queue backend did not answer');
  }

  /**
   * Runs after the HTTP server has drained, so in-flight requests can still enqueue.
   * The producer is the backend's last user (workers close earlier), so it closes the backend too.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
    await this.backend.close();
  }

  private options<Q extends QueueName>(queue: Q, job: JobName<Q>) {
    return retryOptions(this.config, queue, job);
  }

  /** The queue of that name, created on first use. */
  queue(name: QueueName): AnyQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.backend.createQueue(name);
      queue.on('error', () => undefined); // surfaced through ping() and readiness
      this.queues.set(name, queue);
    }
    return queue;
  }
}

/** Jobs per addBulk call: one round trip each, small enough not to hold the backend for long. */
const ENSURE_CHUNK = 1_000;
/** Above this many jobs due now, one listing of the delayed ids beats asking for each job's state. */
const ENSURE_PER_ID_LIMIT = 1_000;
/** Completed jobs are kept a day (at most 10,000); failed jobs stay visible to operators. */
const retention = { removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: false } as const;

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A job's attempts and backoff as declared, with the first delay from QUEUE_RETRY_DELAY_MS when set: the one rule
 * for retries, whether BullMQ retries the job or the outbox retries a row.
 */
export function retryOptions<Q extends QueueName>(
  config: Pick<AppConfig, 'QUEUE_RETRY_DELAY_MS'>,
  queue: Q,
  job: JobName<Q>,
) {
  const { attempts, backoff } = declaredOptions(queue, job);
  return { attempts, backoff: { ...backoff, delay: config.QUEUE_RETRY_DELAY_MS ?? backoff.delay } };
}
