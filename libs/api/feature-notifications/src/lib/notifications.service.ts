import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '@kaizen/api/data-access-auth';
import { Db } from '@kaizen/api/data-access-db';
import {
  dueMoment,
  NotificationsRepository,
  Outbox,
  OutboxRepository,
  recipientsById,
} from '@kaizen/api/data-access-notifications';
import { JobProducer } from '@kaizen/api/data-access-queue';
import { CLOCK, FieldValidationException, mapPage, type Clock, type Page } from '@kaizen/api/util-core';
import { isTimeZone, plannedDelivery } from '@kaizen/shared/domain-schedules';
import type { NotificationDto, NotificationQueryDto, PreferencesDto } from './notifications.dto';
import { localeOf, notificationDto, preferencesDto } from './notifications.mappers';

/** A person's own notifications and preferences; nobody else's are ever reachable. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly db: Db,
    private readonly jobs: JobProducer,
    private readonly outbox: Outbox,
    private readonly outboxRows: OutboxRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async page(actor: Actor, query: NotificationQueryDto): Promise<Page<NotificationDto>> {
    const page = await this.notifications.page(actor.membershipId, query, query.unread ?? false);
    const locale = localeOf(await this.notifications.userLocale(actor.userId));
    return mapPage(page, (row) => notificationDto(row, locale));
  }

  unreadCount(actor: Actor): Promise<number> {
    return this.notifications.unreadCount(actor.membershipId);
  }

  async markRead(actor: Actor, id: string): Promise<void> {
    if (!(await this.notifications.markRead(actor.membershipId, id)))
      throw new NotFoundException('No such notification');
  }

  markAllRead(actor: Actor): Promise<number> {
    return this.notifications.markAllRead(actor.membershipId);
  }

  async preferences(actor: Actor): Promise<PreferencesDto> {
    return preferencesDto(await this.notifications.preferences(actor.membershipId));
  }

  async savePreferences(actor: Actor, preferences: PreferencesDto): Promise<PreferencesDto> {
    if (preferences.timeZone !== null && !isTimeZone(preferences.timeZone)) {
      throw new FieldValidationException([
        {
          field: 'timeZone',
          rule: 'timeZone',
          message: 'timeZone must be an IANA time zone such as Europe/Amsterdam, or null',
        },
      ]);
    }
    await this.notifications.savePreferences(actor.membershipId, preferences);
    // What is pending moves with new quiet hours or a new zone, in this transaction, so a lost queue cannot lose
    // the move: reminders get new delivery times (the reconcile makes sure their jobs exist), and pending e-mails
    // come due now, to be held at sending by the new quiet hours.
    const now = this.clock.now();
    const person = recipientsById(await this.notifications.recipients([actor.membershipId])).get(
      actor.membershipId,
    );
    if (person) {
      const pending = (await this.notifications.pendingRemindersOf(actor.membershipId)).map(dueMoment);
      const fireAts = pending.map((r) =>
        plannedDelivery(r.dueAt, now, person.timeZone, person.preferences.quietHours),
      );
      await this.notifications.moveReminders(
        pending.map((r) => r.id),
        fireAts,
      );
    }
    this.outbox.nudgeAfterCommit(
      (await this.outboxRows.resetDueFor(actor.membershipId, now)).map((row) => dueMoment(row).dueAt),
    );
    // And the worker plans each experiment again, which schedules the moved moments at once.
    const organisationId = actor.organisationId;
    for (const experimentId of await this.notifications.experimentsWithPendingReminders(actor.membershipId)) {
      this.db.afterCommit(() =>
        this.jobs.enqueue(
          'reminders',
          'plan',
          { organisationId, experimentId },
          { jobId: `plan-preferences-${actor.membershipId}-${experimentId}-${Date.now()}` },
        ),
      );
    }
    return this.preferences(actor);
  }
}
