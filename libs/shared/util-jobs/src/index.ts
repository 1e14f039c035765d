export * from './lib/job-catalog';
