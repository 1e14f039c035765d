import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Db } from '@kaizen/api/data-access-db';
import { JobProducer } from '@kaizen/api/data-access-queue';
import { NotificationsRepository, type NewNotification } from './notifications.repository';

export interface Telling {
  notification: NewNotification;
  /**
   * Whether an e-mail may follow. False when the caller knows the recipient does not want one; the
   * delivery job asks the preferences again anyway, so true is always safe, only slower.
   */
  email: boolean;
}

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
    const [id] = await this.notifyMany([{ notification, email: true }]);
    return id ?? null;
  }

  /** Many at once, in one statement and one bulk enqueue; returns the ids of those that are new. */
  async notifyMany(tellings: Telling[]): Promise<string[]> {
    const created = await this.notifications.insertMany(
      tellings.map(() => uuidv7()),
      tellings.map((telling) => telling.notification),
    );
    const emailed = new Set(tellings.filter((telling) => telling.email).map(({ notification }) => `${notification.recipientId} ${notification.dedupeKey}`));
    const deliveries = created.filter((row) => emailed.has(`${row.recipientId} ${row.dedupeKey}`));
    if (deliveries.length > 0) {
      const organisationId = this.db.scope.organisationId as string;
      this.db.afterCommit(() =>
        this.jobs.enqueueMany(
          'notifications',
          'deliver',
          deliveries.map((row) => ({ payload: { organisationId, notificationId: row.id }, jobId: `notification-${row.id}` })),
        ),
      );
    }
    return created.map((row) => row.id);
  }
}
