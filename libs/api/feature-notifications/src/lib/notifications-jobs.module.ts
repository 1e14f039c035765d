import { Module } from '@nestjs/common';
import { MailModule } from '@kaizen/api/data-access-mail';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
import { DigestJobs } from './digest.jobs';
import { DigestRepository } from './digest.repository';
import { OutboxDeliveryJobs } from './delivery.jobs';
import { OutboxRetentionJobs } from './outbox-retention.jobs';
import { WebhookDeliveryJobs } from './webhooks.jobs';
import { WebhooksRepository } from './webhooks.repository';

/**
 * Delivering the outbox (mail, webhooks), the weekly digest and the outbox's retention, without HTTP: what the
 * worker runs (no controllers, so no Swagger, validation or auth code).
 */
@Module({
  imports: [NotificationsCoreModule, MailModule],
  providers: [
    OutboxDeliveryJobs,
    OutboxRetentionJobs,
    DigestRepository,
    DigestJobs,
    WebhooksRepository,
    WebhookDeliveryJobs,
  ],
  exports: [NotificationsCoreModule, WebhooksRepository],
})
export class NotificationsJobsModule {}
