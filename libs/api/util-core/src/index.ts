export * from './lib/app-config.module';
export * from './lib/clock';
export * from './lib/logging';
export * from './lib/problem-details';
export * from './lib/validation';
export * from './lib/graceful-shutdown';
export * from './lib/csv';
export * from './lib/cursor';
