export * from './lib/organisation-data.module';
export * from './lib/placements.repository';
export * from './lib/accounts-directory';
export * from './lib/owning-units';
export * from './lib/current-placements';
