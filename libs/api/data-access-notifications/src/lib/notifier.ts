import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Db } from '@kaizen/api/data-access-db';
import { JobProducer } from '@kaizen/api/data-access-queue';
import { NotificationsRepository, type NewNotification } from './notifications.repository';

/**
 * Tells a person something: an in-app notification now, and an e-mail through the queue once the
 * transaction commits. The dedupe key makes telling twice a no-op, so a job that runs twice notifies once.
 */
@Injectable()
export class Notifier {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly db: Db,
    private readonly jobs: JobProducer,
  ) {}

  /** The notification's id, or null when the same one was made before. */
  async notify(notification: NewNotification): Promise<string | null> {
    const id = await this.notifications.insert(uuidv7(), notification);
    if (id) {
      const organisationId = this.db.scope.organisationId as string;
      this.db.afterCommit(() =>
        this.jobs.enqueue('notifications', 'deliver', { organisationId, notificationId: id }, { jobId: `notification-${id}` }),
      );
    }
    return id;
  }
}
