export * from './lib/api-tokens.store';
