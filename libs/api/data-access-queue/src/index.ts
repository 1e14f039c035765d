export * from './lib/queue-backend';
export * from './lib/job-producer';
export * from './lib/job-handler.decorator';
export * from './lib/job-handler-registry';
export * from './lib/job-worker-runtime';
export * from './lib/queue.module';
export * from './lib/jobs-stopping';
