import { Module } from '@nestjs/common';
import { NotificationsRepository } from './notifications.repository';
import { Notifier } from './notifier';
import { Outbox } from './outbox';
import { OutboxRepository } from './outbox.repository';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookOutbox } from './webhook-outbox';

/** What any feature needs to tell people something: in-app notifications, their e-mail, webhooks, and the outbox under all of it. */
@Module({
  providers: [
    NotificationsRepository,
    Notifier,
    WebhookOutbox,
    WebhookDeliveriesRepository,
    Outbox,
    OutboxRepository,
  ],
  exports: [NotificationsRepository, Notifier, WebhookOutbox, Outbox, OutboxRepository],
})
export class NotificationsCoreModule {}
