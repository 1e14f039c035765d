export * from './lib/reminders.module';
export * from './lib/reminders-jobs.module';
