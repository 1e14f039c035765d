import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { UnrecoverableError, type Job } from 'bullmq';
import { jobKey, type JobCatalog } from '@kaizen/shared/util-jobs';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import { APP_CONFIG } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { JOB_HANDLER_METADATA, type JobHandlerFn, type JobHandlerTarget } from './job-handler.decorator';
import { buildHandlerRegistry, type FoundHandler } from './job-handler-registry';
import { JobsStopping } from './jobs-stopping';
import { QUEUE_BACKEND, type AnyWorker, type QueueBackend } from './queue-backend';

export const JOB_CATALOG = Symbol('JOB_CATALOG');

/**
 * Runs one BullMQ worker per declared queue and dispatches each job to its handler.
 * Boot fails when a declared job has no handler or two; shutdown waits for running jobs.
 */
@Injectable()
export class JobWorkerRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobWorker');
  private readonly workers: AnyWorker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(JOB_CATALOG) private readonly catalog: JobCatalog,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TenantTransactions,
    private readonly stopping: JobsStopping,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const registry = buildHandlerRegistry(this.catalog, this.discoverHandlers());
    await this.backend.assertSafeForWorkers();
    const options = { concurrency: this.config.WORKER_CONCURRENCY, lockMs: this.config.QUEUE_LOCK_MS };
    for (const queue of Object.keys(this.catalog)) {
      const worker = this.backend.createWorker(queue, (job) => this.dispatch(queue, registry, job), options);
      worker.on('failed', (job, error) =>
        this.logger.warn(
          { queue, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error },
          'job failed',
        ),
      );
      worker.on('error', (error) => this.logger.error({ queue, err: error }, 'worker error'));
      this.workers.push(worker);
    }
    this.logger.log(
      `processing ${registry.size} job types on ${this.workers.length} queues (${this.backend.kind})`,
    );
  }

  /** Stops taking new jobs, cuts short what could hold a running job for good, and lets the running ones finish. */
  async beforeApplicationShutdown(): Promise<void> {
    const closed = Promise.all(this.workers.map((worker) => worker.close()));
    await this.stopping.notify();
    await closed;
    this.workers.length = 0;
  }

  private async dispatch(queue: string, registry: Map<string, JobHandlerFn>, job: Job): Promise<void> {
    const handle = registry.get(jobKey(queue, job.name));
    if (!handle) throw new UnrecoverableError(`no handler for ${jobKey(queue, job.name)}`);
    const run = () =>
      handle(job.data, { jobId: job.id ?? '', queue, name: job.name, attempt: job.attemptsMade + 1 });
    if (this.catalog[queue]?.[job.name]?.scope !== 'tenant') return run();
    // The tenant's transaction around the whole handler, as an HTTP request gets one.
    const organisationId: unknown = job.data?.organisationId;
    if (typeof organisationId !== 'string' || organisationId === '') {
      throw new UnrecoverableError(`${jobKey(queue, job.name)} is a tenant job without an organisationId`);
    }
    await this.transactions.run({ organisationId }, run);
  }

  private discoverHandlers(): FoundHandler[] {
    return this.discovery.getProviders().flatMap(({ instance }) => {
      if (!instance || typeof instance !== 'object') return [];
      const prototype = Object.getPrototypeOf(instance);
      return this.scanner.getAllMethodNames(prototype).flatMap((method) => {
        const target = this.reflector.get<JobHandlerTarget | undefined>(
          JOB_HANDLER_METADATA,
          prototype[method],
        );
        if (!target) return [];
        return [
          {
            ...target,
            source: `${instance.constructor.name}.${method}`,
            handle: prototype[method].bind(instance),
          },
        ];
      });
    });
  }
}
