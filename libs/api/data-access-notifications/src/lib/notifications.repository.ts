import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { currentOrganisationId, Db, keyList, keysetPage, sameTenant } from '@kaizen/api/data-access-db';
import type { PageQueryDto } from '@kaizen/api/util-core';
import type { NotificationKind, NotificationParams } from '@kaizen/shared/domain-schedules';
import type { Preferences } from './notifications-core.mappers';

export interface NewNotification {
  recipientId: string;
  kind: NotificationKind;
  /** Makes it the same notification when asked twice, e.g. `reminder:<id>`. */
  dedupeKey: string;
  subjectType?: 'experiment' | 'review' | 'digest';
  subjectId?: string;
  params: NotificationParams;
}

export type CreatedNotificationRow = Awaited<ReturnType<NotificationsRepository['insertMany']>>[number];
export type NotificationRow = Awaited<ReturnType<NotificationsRepository['page']>>['items'][number];
export type LockedNotificationRow = NonNullable<
  Awaited<ReturnType<NotificationsRepository['lockManyForDelivery']>>[number]
>;
export type RecipientRow = Awaited<ReturnType<NotificationsRepository['recipients']>>[number];
/** A person's stored preferences; absent when they never saved any. */
export type PreferenceRow = NonNullable<Awaited<ReturnType<NotificationsRepository['preferences']>>>;
export type PendingReminderRow = Awaited<ReturnType<NotificationsRepository['pendingRemindersOf']>>[number];

const uuids = (ids: string[]) => sql<string[]>`${ids}::uuid[]`;

@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: Db) {}

  /** Inserts in one statement; returns only those that did not exist already (same recipient and dedupe key). */
  async insertMany(ids: string[], notifications: NewNotification[]) {
    if (notifications.length === 0) return [];
    const rows = sql<{
      id: string;
      recipient: string;
      kind: string;
      dedupe_key: string;
      subject_type: string | null;
      subject_id: string | null;
      params: unknown;
    }>`unnest(
      ${ids}::uuid[], ${notifications.map((n) => n.recipientId)}::uuid[], ${notifications.map((n) => n.kind)}::text[],
      ${notifications.map((n) => n.dedupeKey)}::text[], ${notifications.map((n) => n.subjectType ?? null)}::text[],
      ${notifications.map((n) => n.subjectId ?? null)}::uuid[], ${notifications.map((n) => JSON.stringify(n.params))}::jsonb[])`;
    return this.db
      .insertInto('notification')
      .columns([
        'organisation_id',
        'id',
        'recipient_membership_id',
        'kind',
        'dedupe_key',
        'subject_type',
        'subject_id',
        'params',
      ])
      .expression(
        this.db
          .selectFrom(rows.as<'n'>(sql`n(id, recipient, kind, dedupe_key, subject_type, subject_id, params)`))
          .select([
            currentOrganisationId.as('organisation_id'),
            'n.id',
            'n.recipient',
            'n.kind',
            'n.dedupe_key',
            'n.subject_type',
            'n.subject_id',
            'n.params',
          ]),
      )
      .onConflict((conflict) =>
        conflict.columns(['organisation_id', 'recipient_membership_id', 'dedupe_key']).doNothing(),
      )
      .returning(['id', 'dedupe_key', 'recipient_membership_id'])
      .execute();
  }

  /** Newest first. */
  page(recipientId: string, page: PageQueryDto, unreadOnly = false) {
    return keysetPage(
      this.db
        .selectFrom('notification')
        .select(['id', 'kind', 'subject_type', 'subject_id', 'params', 'created_at', 'read_at'])
        .where('recipient_membership_id', '=', recipientId)
        .$if(unreadOnly, (query) => query.where('read_at', 'is', null)),
      { by: 'created_at', id: 'id', sort: 'timestamp', direction: 'desc' },
      page,
    );
  }

  async unreadCount(recipientId: string): Promise<number> {
    const row = await this.db
      .selectFrom('notification')
      .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('count'))
      .where('recipient_membership_id', '=', recipientId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return row?.count ?? 0;
  }

  /** Whether the notification is the recipient's; reading it twice keeps the first time. */
  async markRead(recipientId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .updateTable('notification')
      .set((eb) => ({ read_at: eb.fn.coalesce('read_at', sql<Date>`now()`) }))
      .where('id', '=', id)
      .where('recipient_membership_id', '=', recipientId)
      .returning('id')
      .execute();
    return rows.length > 0;
  }

  async markAllRead(recipientId: string): Promise<number> {
    const rows = await this.db
      .updateTable('notification')
      .set({ read_at: sql<Date>`now()` })
      .where('recipient_membership_id', '=', recipientId)
      .where('read_at', 'is', null)
      .returning('id')
      .execute();
    return rows.length;
  }

  /** Locks the notification for its e-mail delivery, so two runs of the job cannot both send it. */
  lockForDelivery(id: string) {
    return this.lockManyForDelivery([id]).then((rows) => rows[0]);
  }

  /**
   * Many in one statement (a batch of e-mails), in id order so two batches never wait on each other in a circle
   * (text order of lowercase uuids is their byte order). Each is looked up by its key, one after the other: as
   * `id = ANY(...)`, with the organisation's rows estimated at a hundred (the notification table was analysed
   * nearly empty), the planner read all of the organisation's notifications per batch, 10,000 at 10,000 reminders.
   */
  lockManyForDelivery(ids: string[]) {
    const keys = sql<{ id: string }>`unnest(${[...new Set(ids)].sort()}::uuid[])`;
    return this.db
      .selectFrom(keys.as<'k'>(sql`k(id)`))
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('notification')
            .select([
              'id',
              'kind',
              'subject_type',
              'subject_id',
              'params',
              'created_at',
              'read_at',
              'emailed_at',
              'recipient_membership_id',
            ])
            .whereRef('notification.id', '=', 'k.id')
            .forUpdate()
            .as('n'),
        (join) => join.onTrue(),
      )
      .selectAll('n')
      .execute();
  }

  /** Read by nobody in its transaction: travels with the COMMIT. Each row found by its key (`keyList`). */
  markEmailed(ids: string[]): void {
    if (ids.length === 0) return;
    this.db.defer(
      this.db
        .updateTable('notification')
        .set({ emailed_at: sql<Date>`now()` })
        .where('id', '=', (eb) => eb.fn.any(keyList(ids))),
    );
  }

  /**
   * Many recipients in one read, by membership id; unknown ids have no row. Each looked up by its key (`keyList`):
   * given the array of a firing batch (500 people), the planner hashed it against every membership, account and
   * preference of the organisation, 24 ms a batch at 10,000 members.
   */
  async recipients(membershipIds: string[]) {
    if (membershipIds.length === 0) return [];
    return this.db
      .selectFrom('membership as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .innerJoin('organisation as o', 'o.organisation_id', 'm.organisation_id')
      .leftJoin('notification_preference as p', (join) => sameTenant(join, 'p.membership_id', 'm.id'))
      .select((eb) => [
        'm.id as membership_id',
        'u.email',
        'u.locale',
        eb('m.status', '=', 'active').$castTo<boolean>().as('active'),
        'o.time_zone as organisation_time_zone',
        'p.time_zone',
        'p.quiet_start',
        'p.quiet_end',
        'p.email_reminders',
        'p.email_reviews',
        'p.email_digest',
      ])
      .where('m.id', '=', (eb) => eb.fn.any(keyList([...new Set(membershipIds)])))
      .execute();
  }

  /** The member's stored preferences; undefined when they never saved any. */
  preferences(membershipId: string) {
    return this.db
      .selectFrom('notification_preference')
      .select(['time_zone', 'quiet_start', 'quiet_end', 'email_reminders', 'email_reviews', 'email_digest'])
      .where('membership_id', '=', membershipId)
      .executeTakeFirst();
  }

  async userLocale(userId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('app_user')
      .select('locale')
      .where('id', '=', userId)
      .executeTakeFirst();
    return row?.locale ?? null;
  }

  /** Experiments with a reminder still on its way to this person: their delivery times follow the person's preferences. */
  async experimentsWithPendingReminders(membershipId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('reminder')
      .select('experiment_id')
      .distinct()
      .where('recipient_membership_id', '=', membershipId)
      .where('status', '=', 'pending')
      .execute();
    return rows.map((row) => row.experiment_id);
  }

  /** A person's pending reminders, to plan their delivery times again under new preferences. */
  pendingRemindersOf(membershipId: string) {
    return this.db
      .selectFrom('reminder')
      .select(['id', 'due_at'])
      .where('recipient_membership_id', '=', membershipId)
      .where('status', '=', 'pending')
      .execute();
  }

  /** New delivery times for pending reminders (quiet hours moved them). */
  async moveReminders(ids: string[], fireAts: Date[]): Promise<void> {
    if (ids.length === 0) return;
    const moves = sql<{ id: string; fire_at: Date }>`unnest(${ids}::uuid[], ${fireAts}::timestamptz[])`;
    await this.db
      .updateTable('reminder as r')
      .from(moves.as<'m'>(sql`m(id, fire_at)`))
      .set((eb) => ({ fire_at: eb.ref('m.fire_at') }))
      .whereRef('r.id', '=', 'm.id')
      // The keys too, so the planner looks the rows up instead of hashing the list against every reminder.
      .where('r.id', '=', (eb) => eb.fn.any(uuids(ids)))
      .where('r.status', '=', 'pending')
      .execute();
  }

  async savePreferences(membershipId: string, preferences: Preferences): Promise<void> {
    const values = {
      time_zone: preferences.timeZone,
      quiet_start: preferences.quietHours.start,
      quiet_end: preferences.quietHours.end,
      email_reminders: preferences.email.reminders,
      email_reviews: preferences.email.reviews,
      email_digest: preferences.email.digest,
    };
    await this.db
      .insertInto('notification_preference')
      .values({ organisation_id: currentOrganisationId, membership_id: membershipId, ...values })
      .onConflict((conflict) =>
        conflict
          .columns(['organisation_id', 'membership_id'])
          .doUpdateSet({ ...values, updated_at: sql<Date>`now()` }),
      )
      .execute();
  }
}
