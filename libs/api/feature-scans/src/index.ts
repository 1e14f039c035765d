export * from './lib/scans.module';
export * from './lib/scans-jobs.module';
