import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { declaredOptions, jobCatalog, type JobName, type JobPayload, type QueueName } from '@kaizen/shared/util-jobs';
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

  constructor(@Inject(QUEUE_BACKEND) private readonly backend: QueueBackend) {}

  get backendKind(): QueueBackend['kind'] {
    return this.backend.kind;
  }

  async enqueue<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    payload: JobPayload<Q, J>,
    options: EnqueueOptions,
  ): Promise<void> {
    const { attempts, backoff } = declaredOptions(queue, job);
    await this.queue(queue).add(job, payload, {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts,
      backoff,
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: false, // failed jobs stay visible to operators
    });
  }

  /** Creates or updates a repeating job; calling it again with the same id keeps one schedule. */
  async schedule<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    schedulerId: string,
    everyMs: number,
    payload: JobPayload<Q, J>,
  ): Promise<void> {
    const { attempts, backoff } = declaredOptions(queue, job);
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
