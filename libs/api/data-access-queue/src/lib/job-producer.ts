import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { declaredOptions, jobCatalog, type JobName, type JobPayload, type QueueName } from '@kaizen/shared/util-jobs';
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
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: false, // failed jobs stay visible to operators
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
    let existing = await this.queue(queue).getJob(options.jobId);
    // A completed job would swallow a re-add; a failed one stays for operators to see and retry.
    if (existing && (await existing.isCompleted())) {
      await existing.remove();
      existing = undefined;
    }
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
      { name: job, data: payload, opts: { attempts, backoff, removeOnComplete: { count: 100 }, removeOnFail: { count: 1_000 } } },
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
    const { attempts, backoff } = declaredOptions(queue, job);
    return { attempts, backoff: { ...backoff, delay: this.config.QUEUE_RETRY_DELAY_MS ?? backoff.delay } };
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

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
