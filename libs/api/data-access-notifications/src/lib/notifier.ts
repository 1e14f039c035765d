import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CLOCK, type Clock } from '@kaizen/api/util-core';
import { createdNotification } from './notifications-core.mappers';
import { NotificationsRepository, type NewNotification } from './notifications.repository';
import { Outbox } from './outbox';

export interface Telling {
  notification: NewNotification;
  /**
   * Whether an e-mail may follow. False when the caller knows the recipient does not want one; the
   * delivery job asks the preferences again anyway, so true is always safe, only slower.
   */
  email: boolean;
  /**
   * Caught up after downtime: its e-mail is merged with the recipient's other caught-up ones of the same
   * call into one message, instead of a burst. In-app each stays its own notification.
   */
  catchUp?: boolean;
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
    const created = (
      await this.notifications.insertMany(
        tellings.map(() => uuidv7()),
        tellings.map((telling) => telling.notification),
      )
    ).map(createdNotification);
    const emailed = new Map(
      tellings
        .filter((telling) => telling.email)
        .map((telling) => [`${telling.notification.recipientId} ${telling.notification.dedupeKey}`, telling]),
    );
    const deliveries = created.filter((row) => emailed.has(`${row.recipientId} ${row.dedupeKey}`));
    const caughtUp = new Map<string, string[]>();
    const single: typeof deliveries = [];
    for (const row of deliveries) {
      if (emailed.get(`${row.recipientId} ${row.dedupeKey}`)?.catchUp)
        caughtUp.set(row.recipientId, [...(caughtUp.get(row.recipientId) ?? []), row.id]);
      else single.push(row);
    }
    for (const [recipientId, ids] of caughtUp)
      if (ids.length === 1) single.push({ id: ids[0], recipientId, dedupeKey: '' });
    const now = this.clock.now();
    await this.outbox.add([
      ...single.map((row) => ({
        channel: 'notification-email' as const,
        dedupeKey: `notification-${row.id}`,
        payload: { notificationId: row.id },
        recipientId: row.recipientId,
        dueAt: now,
      })),
      ...[...caughtUp]
        .filter(([, ids]) => ids.length > 1)
        .map(([recipientId, ids]) => ({
          channel: 'notification-email' as const,
          dedupeKey: `catch-up-${ids[0]}`,
          payload: { notificationIds: ids },
          recipientId,
          dueAt: now,
        })),
    ]);
    return created.map((row) => row.id);
  }
}
