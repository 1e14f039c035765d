export * from './lib/mail.module';
export * from './lib/mail.job';
export * from './lib/mail-transport';
export * from './lib/mail-templates';
