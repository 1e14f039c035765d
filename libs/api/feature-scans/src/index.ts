export * from './lib/scans.module';
