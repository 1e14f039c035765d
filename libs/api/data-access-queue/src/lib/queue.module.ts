import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { APP_CONFIG } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { jobCatalog, type JobCatalog } from '@kaizen/shared/util-jobs';
import { JobProducer } from './job-producer';
import { JOB_CATALOG, JobWorkerRuntime } from './job-worker-runtime';
import { JobsStopping } from './jobs-stopping';
import { createQueueBackend, QUEUE_BACKEND } from './queue-backend';

const backendProviders = [
  {
    provide: QUEUE_BACKEND,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => createQueueBackend(config),
  },
  JobProducer,
  JobsStopping,
];

/**
 * `forProducer()` in the API: enqueue only. `forWorker()` in the worker: enqueue and process.
 * Feature modules inject `JobProducer` and mark handlers with `@JobHandler` either way.
 */
@Global()
@Module({})
export class QueueModule {
  static forProducer(): DynamicModule {
    return {
      module: QueueModule,
      providers: backendProviders,
      exports: [JobProducer, JobsStopping, QUEUE_BACKEND],
    };
  }

  static forWorker(catalog: JobCatalog = jobCatalog): DynamicModule {
    return {
      module: QueueModule,
      imports: [DiscoveryModule],
      providers: [...backendProviders, { provide: JOB_CATALOG, useValue: catalog }, JobWorkerRuntime],
      exports: [JobProducer, JobsStopping, QUEUE_BACKEND],
    };
  }
}
