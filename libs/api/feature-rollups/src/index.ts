export * from './lib/rollups.module';
export * from './lib/rollups.service';
