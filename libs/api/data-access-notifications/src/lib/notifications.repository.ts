import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { Locale, NotificationKind, NotificationParams, QuietHours } from '@kaizen/shared/domain-schedules';

export interface NewNotification {
  recipientId: string;
  kind: NotificationKind;
  /** Makes it the same notification when asked twice, e.g. `reminder:<id>`. */
  dedupeKey: string;
  subjectType?: 'experiment' | 'review' | 'digest';
  subjectId?: string;
  params: NotificationParams;
}

export interface StoredNotification {
  id: string;
  kind: NotificationKind;
  subjectType: string | null;
  subjectId: string | null;
  params: NotificationParams;
  createdAt: Date;
  readAt: Date | null;
}

export interface Preferences {
  timeZone: string | null;
  quietHours: QuietHours;
  email: { reminders: boolean; reviews: boolean; digest: boolean };
}

/** A recipient as deliveries need them: where to write, in which language and zone, and what they want. */
export interface Recipient {
  membershipId: string;
  email: string;
  locale: Locale;
  active: boolean;
  /** Their own zone, else the organisation's. */
  timeZone: string;
  preferences: Preferences;
}

const preferenceColumns = `p.time_zone AS "timeZone", coalesce(p.quiet_start, 20) AS "quietStart", coalesce(p.quiet_end, 8) AS "quietEnd",
  coalesce(p.email_reminders, true) AS "emailReminders", coalesce(p.email_reviews, true) AS "emailReviews",
  coalesce(p.email_digest, true) AS "emailDigest"`;

interface PreferenceRow {
  timeZone: string | null;
  quietStart: number;
  quietEnd: number;
  emailReminders: boolean;
  emailReviews: boolean;
  emailDigest: boolean;
}

function toPreferences(row: PreferenceRow): Preferences {
  return {
    timeZone: row.timeZone,
    quietHours: { start: row.quietStart, end: row.quietEnd },
    email: { reminders: row.emailReminders, reviews: row.emailReviews, digest: row.emailDigest },
  };
}

@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: Db) {}

  /** The new notification's id, or null when it exists already. */
  async insert(id: string, notification: NewNotification): Promise<string | null> {
    const [created] = await this.insertMany([id], [notification]);
    return created?.id ?? null;
  }

  /** Inserts in one statement; returns only those that did not exist already (same recipient and dedupe key). */
  async insertMany(ids: string[], notifications: NewNotification[]): Promise<Array<{ id: string; dedupeKey: string; recipientId: string }>> {
    if (notifications.length === 0) return [];
    return this.db.query(
      `INSERT INTO notification (organisation_id, id, recipient_membership_id, kind, dedupe_key, subject_type, subject_id, params)
       SELECT current_organisation_id(), n.id, n.recipient, n.kind, n.dedupe_key, n.subject_type, n.subject_id, n.params
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::jsonb[])
              AS n(id, recipient, kind, dedupe_key, subject_type, subject_id, params)
       ON CONFLICT (organisation_id, recipient_membership_id, dedupe_key) DO NOTHING
       RETURNING id, dedupe_key AS "dedupeKey", recipient_membership_id AS "recipientId"`,
      [
        ids,
        notifications.map((n) => n.recipientId),
        notifications.map((n) => n.kind),
        notifications.map((n) => n.dedupeKey),
        notifications.map((n) => n.subjectType ?? null),
        notifications.map((n) => n.subjectId ?? null),
        notifications.map((n) => JSON.stringify(n.params)),
      ],
    );
  }

  async page(recipientId: string, limit: number, after?: [string, string], unreadOnly = false): Promise<StoredNotification[]> {
    return this.db.query(
      `SELECT id, kind, subject_type AS "subjectType", subject_id AS "subjectId", params, created_at AS "createdAt", read_at AS "readAt"
         FROM notification
        WHERE recipient_membership_id = $1
          AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
          AND (NOT $5 OR read_at IS NULL)
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [recipientId, after?.[0] ?? null, after?.[1] ?? null, limit, unreadOnly],
    );
  }

  async unreadCount(recipientId: string): Promise<number> {
    const row = await this.db.one<{ count: number }>(
      `SELECT count(*)::int AS count FROM notification WHERE recipient_membership_id = $1 AND read_at IS NULL`,
      [recipientId],
    );
    return row?.count ?? 0;
  }

  /** Whether the notification is the recipient's; reading it twice keeps the first time. */
  async markRead(recipientId: string, id: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND recipient_membership_id = $2 RETURNING id`,
      [id, recipientId],
    );
    return rows.length > 0;
  }

  async markAllRead(recipientId: string): Promise<number> {
    const rows = await this.db.query(
      `UPDATE notification SET read_at = now() WHERE recipient_membership_id = $1 AND read_at IS NULL RETURNING id`,
      [recipientId],
    );
    return rows.length;
  }

  /** Locks the notification for its e-mail delivery, so two runs of the job cannot both send it. */
  async lockForDelivery(id: string): Promise<(StoredNotification & { recipientId: string; emailedAt: Date | null }) | null> {
    return this.db.one(
      `SELECT id, kind, subject_type AS "subjectType", subject_id AS "subjectId", params, created_at AS "createdAt",
              read_at AS "readAt", emailed_at AS "emailedAt", recipient_membership_id AS "recipientId"
         FROM notification WHERE id = $1 FOR UPDATE`,
      [id],
    );
  }

  async markEmailed(id: string): Promise<void> {
    await this.db.query(`UPDATE notification SET emailed_at = now() WHERE id = $1`, [id]);
  }

  async recipient(membershipId: string): Promise<Recipient | null> {
    return (await this.recipients([membershipId])).get(membershipId) ?? null;
  }

  /** Many recipients in one read, by membership id; unknown ids are absent from the map. */
  async recipients(membershipIds: string[]): Promise<Map<string, Recipient>> {
    if (membershipIds.length === 0) return new Map();
    const rows = await this.db.query<PreferenceRow & { membershipId: string; email: string; locale: Locale; active: boolean; orgTimeZone: string }>(
      `SELECT m.id AS "membershipId", u.email, u.locale, m.status = 'active' AS active, o.time_zone AS "orgTimeZone", ${preferenceColumns}
         FROM membership m
         JOIN app_user u ON u.id = m.user_id
         JOIN organisation o ON o.organisation_id = m.organisation_id
         LEFT JOIN notification_preference p ON p.organisation_id = m.organisation_id AND p.membership_id = m.id
        WHERE m.id = ANY ($1::uuid[])`,
      [[...new Set(membershipIds)]],
    );
    return new Map(
      rows.map((row) => [
        row.membershipId,
        {
          membershipId: row.membershipId,
          email: row.email,
          locale: row.locale,
          active: row.active,
          timeZone: row.timeZone ?? row.orgTimeZone,
          preferences: toPreferences(row),
        },
      ]),
    );
  }

  async preferences(membershipId: string): Promise<Preferences> {
    const row = await this.db.one<PreferenceRow>(
      `SELECT ${preferenceColumns} FROM (SELECT 1) one
         LEFT JOIN notification_preference p ON p.membership_id = $1`,
      [membershipId],
    );
    return toPreferences(row as PreferenceRow);
  }

  /** Experiments with a reminder still on its way to this person: their delivery times follow the person's preferences. */
  async experimentsWithPendingReminders(membershipId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT DISTINCT experiment_id AS id FROM reminder WHERE recipient_membership_id = $1 AND status = 'pending'`,
      [membershipId],
    );
    return rows.map((row) => row.id);
  }

  /** A person's pending reminders, to plan their delivery times again under new preferences. */
  async pendingRemindersOf(membershipId: string): Promise<Array<{ id: string; dueAt: Date }>> {
    return this.db.query(`SELECT id, due_at AS "dueAt" FROM reminder WHERE recipient_membership_id = $1 AND status = 'pending'`, [membershipId]);
  }

  /** New delivery times for pending reminders (quiet hours moved them). */
  async moveReminders(ids: string[], fireAts: Date[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(
      `UPDATE reminder r SET fire_at = m.fire_at FROM unnest($1::uuid[], $2::timestamptz[]) AS m(id, fire_at)
        WHERE r.id = m.id AND r.status = 'pending'`,
      [ids, fireAts],
    );
  }

  async savePreferences(membershipId: string, preferences: Preferences): Promise<void> {
    await this.db.query(
      `INSERT INTO notification_preference (organisation_id, membership_id, time_zone, quiet_start, quiet_end, email_reminders, email_reviews, email_digest)
       VALUES (current_organisation_id(), $1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (organisation_id, membership_id) DO UPDATE SET time_zone = $2, quiet_start = $3, quiet_end = $4,
         email_reminders = $5, email_reviews = $6, email_digest = $7, updated_at = now()`,
      [
        membershipId,
        preferences.timeZone,
        preferences.quietHours.start,
        preferences.quietHours.end,
        preferences.email.reminders,
        preferences.email.reviews,
        preferences.email.digest,
      ],
    );
  }
}
