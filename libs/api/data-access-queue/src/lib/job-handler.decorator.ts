import { SetMetadata } from '@nestjs/common';
import type { JobName, JobPayload, QueueName } from '@kaizen/shared/util-jobs';

export const JOB_HANDLER_METADATA = 'kaizen:job-handler';

export interface JobHandlerTarget {
  queue: string;
  job: string;
}

/** What a handler learns about the job besides its payload. */
export interface JobContext {
  jobId: string;
  queue: string;
  name: string;
  /** 1 on the first run, 2 on the first retry, and so on. */
  attempt: number;
}

export type JobHandlerFn<P = unknown> = (payload: P, context: JobContext) => Promise<void>;

/**
 * Marks a provider method as the one handler of a declared job.
 * The method's payload type is checked against the job catalogue.
 */
export function JobHandler<Q extends QueueName, J extends JobName<Q>>(queue: Q, job: J) {
  return <T extends JobHandlerFn<JobPayload<Q, J>>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): TypedPropertyDescriptor<T> => {
    SetMetadata<string, JobHandlerTarget>(JOB_HANDLER_METADATA, { queue, job })(target, key, descriptor);
    return descriptor;
  };
}
