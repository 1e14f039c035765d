export * from './lib/database.module';
export * from './lib/data-source-options';
export * from './lib/migrate';
export * from './lib/tenant-transaction';
export * from './lib/database-role-check';
export { APP_ROLE } from './lib/migrations/tenant-isolation';
export * from './lib/integrity-errors';
export * from './lib/hierarchy';
export * from './lib/platform-db';
