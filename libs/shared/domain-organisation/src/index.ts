export * from './lib/structure-rules';
