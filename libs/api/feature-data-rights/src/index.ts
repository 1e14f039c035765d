export * from './lib/data-rights.module';
