export * from './lib/periods';
export * from './lib/counters';
export * from './lib/metrics';
