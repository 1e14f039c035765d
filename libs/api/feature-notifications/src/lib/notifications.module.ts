import { Module } from '@nestjs/common';
import { AuditModule } from '@kaizen/api/data-access-auth';
import { NotificationsController } from './notifications.controller';
import { NotificationsJobsModule } from './notifications-jobs.module';
import { NotificationsService } from './notifications.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** In-app notifications, their e-mail, preferences, the weekly digest and outgoing webhooks. */
@Module({
  imports: [AuditModule, NotificationsJobsModule],
  controllers: [NotificationsController, WebhooksController],
  providers: [NotificationsService, WebhooksService],
})
export class NotificationsModule {}
