export * from './lib/database.module';
export * from './lib/data-source-options';
export * from './lib/migrate';
