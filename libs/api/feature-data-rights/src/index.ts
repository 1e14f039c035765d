export * from './lib/data-rights.module';
export * from './lib/data-rights-jobs.module';
