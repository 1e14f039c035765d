export * from './lib/two-factor.module';
