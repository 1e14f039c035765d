import { Inject, Injectable, Logger } from '@nestjs/common';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import { MailTransport, renderMail } from '@kaizen/api/data-access-mail';
import { NotificationsRepository } from '@kaizen/api/data-access-notifications';
import { JobHandler, type JobContext } from '@kaizen/api/data-access-queue';
import { APP_CONFIG } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import type { DeliverNotificationPayload } from '@kaizen/shared/util-jobs';
import { describeNotification, wantsEmail } from '@kaizen/shared/domain-schedules';

/**
 * E-mails a notification once. The row is locked while sending and marked when sent, so a job
 * that runs twice sends once; only a crash between the SMTP answer and the commit can repeat it,
 * and then the stable Message-ID lets mail systems drop the copy.
 */
@Injectable()
export class NotificationDeliveryJobs {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly transactions: TenantTransactions,
    private readonly notifications: NotificationsRepository,
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @JobHandler('notifications', 'deliver')
  async deliver(payload: DeliverNotificationPayload, context: JobContext): Promise<void> {
    const outcome = await this.transactions.run({ organisationId: payload.organisationId }, async () => {
      const notification = await this.notifications.lockForDelivery(payload.notificationId);
      if (!notification) return 'gone';
      if (notification.emailedAt) return 'already-emailed';
      const recipient = await this.notifications.recipient(notification.recipientId);
      if (!recipient?.active) return 'recipient-inactive';
      if (!wantsEmail(recipient.preferences.email, notification.kind)) return 'email-off';
      const text = describeNotification(notification.kind, notification.params, recipient.locale);
      const mail = renderMail({
        to: recipient.email,
        locale: recipient.locale,
        template: 'notification',
        params: {
          title: text.title,
          body: text.body,
          link: new URL(text.path, this.config.APP_URL).toString(),
          button: text.action,
          preferencesLink: new URL('/notifications/preferences', this.config.APP_URL).toString(),
        },
      });
      const host = new URL(this.config.APP_URL).hostname || 'kaizen-loop.local';
      await this.transport.send({ to: recipient.email, ...mail, messageId: `<notification-${notification.id}@${host}>` });
      await this.notifications.markEmailed(notification.id);
      return 'emailed';
    });
    this.logger.log({ jobId: context.jobId, attempt: context.attempt, notificationId: payload.notificationId, outcome }, 'notification delivery');
  }
}
