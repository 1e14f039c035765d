import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CLOCK, type Clock } from '@kaizen/api/util-core';
import { NotificationsRepository, type NewNotification } from './notifications.repository';
import { Outbox } from './outbox';

export interface Telling {
  notification: NewNotification;
  /**
   * Whether an e-mail may follow. False when the caller knows the recipient does not want one; the
   * delivery job asks the preferences again anyway, so true is always safe, only slower.
   */
  email: boolean;
}

/**
 * Tells a person something: an in-app notification now, and its e-mail as an outbox row in the same
 * transaction. The dedupe key makes telling twice a no-op, so a job that runs twice notifies once.
 */
@Injectable()
export class Notifier {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The notification's id, or null when the same one was made before. */
  async notify(notification: NewNotification): Promise<string | null> {
    const [id] = await this.notifyMany([{ notification, email: true }]);
    return id ?? null;
  }

  /** Many at once, in one statement each for the notifications and their e-mails; returns the ids of those that are new. */
  async notifyMany(tellings: Telling[]): Promise<string[]> {
    const created = await this.notifications.insertMany(
      tellings.map(() => uuidv7()),
      tellings.map((telling) => telling.notification),
    );
    const emailed = new Set(tellings.filter((telling) => telling.email).map(({ notification }) => `${notification.recipientId} ${notification.dedupeKey}`));
    const deliveries = created.filter((row) => emailed.has(`${row.recipientId} ${row.dedupeKey}`));
    const now = this.clock.now();
    await this.outbox.add(
      deliveries.map((row) => ({
        channel: 'notification-email' as const,
        dedupeKey: `notification-${row.id}`,
        payload: { notificationId: row.id },
        recipientId: row.recipientId,
        dueAt: now,
      })),
    );
    return created.map((row) => row.id);
  }
}
