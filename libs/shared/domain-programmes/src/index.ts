export * from './lib/programme';
export * from './lib/driver-diagram';
export * from './lib/progress';
export * from './lib/ramp';
export * from './lib/review';
