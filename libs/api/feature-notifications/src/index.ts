export * from './lib/notifications.module';
export { signWebhook, verifyWebhook } from './lib/webhook-signature';
