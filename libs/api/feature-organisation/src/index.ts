export * from './lib/organisation.module';
