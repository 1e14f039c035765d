export * from './lib/scim.module';
