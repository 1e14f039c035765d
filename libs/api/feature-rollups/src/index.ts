export * from './lib/rollups.module';
export * from './lib/rollups-jobs.module';
export * from './lib/rollups.service';
export * from './lib/rollups.repository';
export * from './lib/rollups.mappers';
