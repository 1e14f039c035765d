export * from './lib/experiments.module';
