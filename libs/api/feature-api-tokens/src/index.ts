export * from './lib/api-tokens.module';
