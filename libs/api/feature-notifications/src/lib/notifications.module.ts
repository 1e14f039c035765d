import { Module } from '@nestjs/common';
import { AuditModule } from '@kaizen/api/data-access-auth';
import { MailModule } from '@kaizen/api/data-access-mail';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
import { DigestJobs } from './digest.jobs';
import { DigestRepository } from './digest.repository';
import { OutboxDeliveryJobs } from './delivery.jobs';
import { NotificationsController } from './notifications.controller';
import { OutboxRetentionJobs } from './outbox-retention.jobs';
import { NotificationsService } from './notifications.service';
import { WebhookDeliveryJobs } from './webhooks.jobs';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** In-app notifications, their e-mail, preferences, the weekly digest and outgoing webhooks. */
@Module({
  imports: [AuditModule, NotificationsCoreModule, MailModule],
  controllers: [NotificationsController, WebhooksController],
  providers: [
    NotificationsService,
    OutboxDeliveryJobs,
    OutboxRetentionJobs,
    DigestRepository,
    DigestJobs,
    WebhooksRepository,
    WebhooksService,
    WebhookDeliveryJobs,
  ],
})
export class NotificationsModule {}
