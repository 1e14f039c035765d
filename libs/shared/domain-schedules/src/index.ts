export * from './lib/cadence';
export * from './lib/quiet-hours';
export * from './lib/reminder-rules';
export * from './lib/digest-week';
export * from './lib/notifications';
