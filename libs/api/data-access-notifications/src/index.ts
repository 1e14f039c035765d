export * from './lib/notifications-core.module';
export * from './lib/notifications.repository';
export * from './lib/notifications-core.mappers';
export * from './lib/notifier';
export * from './lib/webhook-outbox';
export * from './lib/outbox';
export * from './lib/outbox.repository';
