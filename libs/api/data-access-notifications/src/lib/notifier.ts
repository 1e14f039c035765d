import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CLOCK, type Clock } from '@kaizen/api/util-core';
import type { MergeReason } from '@kaizen/shared/domain-schedules';
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
   * E-mails of one call with the same recipient and group key go out as one message listing them all (see
   * `reminderMailGroup`). In-app each stays its own notification.
   */
  group?: { reason: MergeReason; key: string };
}

/** The outbox row's dedupe key for a merged e-mail, by why it merges; its first notification makes it unique. */
const mergedKeyPrefix: Record<MergeReason, string> = { 'caught-up': 'catch-up', 'due-together': 'together' };

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

  /**
   * Many at once, in one statement each for the notifications and their e-mails: one e-mail per new notification,
   * or per group (`Telling.group`). Returns the ids of the notifications that are new.
   */
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
    const mails = new Map<string, { recipientId: string; reason?: MergeReason; ids: string[] }>();
    for (const row of created) {
      const telling = emailed.get(`${row.recipientId} ${row.dedupeKey}`);
      if (!telling) continue;
      const key = telling.group ? `${row.recipientId} ${telling.group.key}` : row.id;
      const mail = mails.get(key);
      if (mail) mail.ids.push(row.id);
      else mails.set(key, { recipientId: row.recipientId, reason: telling.group?.reason, ids: [row.id] });
    }
    const now = this.clock.now();
    await this.outbox.add(
      [...mails.values()].map(({ recipientId, reason, ids }) =>
        ids.length === 1 || !reason
          ? {
              channel: 'notification-email' as const,
              dedupeKey: `notification-${ids[0]}`,
              payload: { notificationId: ids[0] },
              recipientId,
              dueAt: now,
            }
          : {
              channel: 'notification-email' as const,
              dedupeKey: `${mergedKeyPrefix[reason]}-${ids[0]}`,
              payload: { notificationIds: ids, reason },
              recipientId,
              dueAt: now,
            },
      ),
    );
    return created.map((row) => row.id);
  }
}
