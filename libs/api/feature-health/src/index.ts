export * from './lib/health.module';
export * from './lib/health-jobs.module';
export * from './lib/health.service';
export * from './lib/health.dto';
