export * from './lib/notifications.module';
export * from './lib/notifications-jobs.module';
export { signWebhook, verifyWebhook } from './lib/webhook-signature';
export { OutboxRetentionJobs } from './lib/outbox-retention.jobs';
