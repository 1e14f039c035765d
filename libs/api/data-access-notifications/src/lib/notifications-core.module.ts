import { Module } from '@nestjs/common';
import { NotificationsRepository } from './notifications.repository';
import { Notifier } from './notifier';
import { WebhookOutbox } from './webhook-outbox';

/** What any feature needs to tell people something: in-app notifications, their e-mail, and webhooks. */
@Module({
  providers: [NotificationsRepository, Notifier, WebhookOutbox],
  exports: [NotificationsRepository, Notifier, WebhookOutbox],
})
export class NotificationsCoreModule {}
