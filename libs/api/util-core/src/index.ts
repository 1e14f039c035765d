export * from './lib/app-config.module';
export * from './lib/logging.module';
export * from './lib/problem-details';
export * from './lib/validation';
