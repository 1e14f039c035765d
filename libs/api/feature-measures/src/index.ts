export * from './lib/measures.module';
