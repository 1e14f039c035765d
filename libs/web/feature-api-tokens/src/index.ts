export * from './lib/api-tokens.routes';
