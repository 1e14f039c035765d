import {
  defaultQuietHours,
  type Locale,
  type NotificationKind,
  type NotificationParams,
  type QuietHours,
} from '@kaizen/shared/domain-schedules';
import type {
  CreatedNotificationRow,
  LockedNotificationRow,
  NotificationRow,
  PendingReminderRow,
  PreferenceRow,
  RecipientRow,
} from './notifications.repository';
import type { OutboxChannel, OutboxMomentRow, OutboxRow } from './outbox.repository';

export interface StoredNotification {
  id: string;
  kind: NotificationKind;
  subjectType: string | null;
  subjectId: string | null;
  params: NotificationParams;
  createdAt: Date;
  readAt: Date | null;
}

export interface LockedNotification extends StoredNotification {
  recipientId: string;
  emailedAt: Date | null;
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

/** An outbox row as its delivery reads it. */
export interface OutboxMessage {
  id: string;
  channel: OutboxChannel;
  dedupeKey: string;
  /** What the channel needs, as written: `{ notificationId }`, `{ deliveryId }` or a mail's payload. */
  payload: Record<string, unknown>;
  recipientId: string | null;
  dueAt: Date;
  status: 'pending' | 'delivered' | 'skipped' | 'failed';
  attempts: number;
  claimedAt: Date | null;
}

/** When an outbox row (or a pending reminder) is due. */
export interface Moment {
  id: string;
  dueAt: Date;
}

/** Rows as deliveries and features use them: the one place this library turns columns into fields. */
export function createdNotification(row: CreatedNotificationRow): {
  id: string;
  dedupeKey: string;
  recipientId: string;
} {
  return { id: row.id, dedupeKey: row.dedupe_key, recipientId: row.recipient_membership_id };
}

export function storedNotification(row: NotificationRow): StoredNotification {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    params: row.params as NotificationParams,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

export function lockedNotification(row: LockedNotificationRow): LockedNotification {
  return { ...storedNotification(row), recipientId: row.recipient_membership_id, emailedAt: row.emailed_at };
}

/** Stored preferences, or the defaults for what was never saved (no row, or a recipient without one). */
export function preferencesOf(
  row: { [K in keyof PreferenceRow]: PreferenceRow[K] | null } | undefined,
): Preferences {
  return {
    timeZone: row?.time_zone ?? null,
    quietHours: {
      start: row?.quiet_start ?? defaultQuietHours.start,
      end: row?.quiet_end ?? defaultQuietHours.end,
    },
    email: {
      reminders: row?.email_reminders ?? true,
      reviews: row?.email_reviews ?? true,
      digest: row?.email_digest ?? true,
    },
  };
}

export function recipientOf(row: RecipientRow): Recipient {
  return {
    membershipId: row.membership_id,
    email: row.email,
    locale: row.locale as Locale,
    active: row.active,
    timeZone: row.time_zone ?? row.organisation_time_zone,
    preferences: preferencesOf(row),
  };
}

/** Recipients by membership id; ids without a row are absent. */
export function recipientsById(rows: RecipientRow[]): Map<string, Recipient> {
  return new Map(rows.map((row) => [row.membership_id, recipientOf(row)]));
}

export function outboxMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel as OutboxChannel,
    dedupeKey: row.dedupe_key,
    payload: (row.payload ?? {}) as Record<string, unknown>,
    recipientId: row.recipient_membership_id,
    dueAt: row.due_at,
    status: row.status as OutboxMessage['status'],
    attempts: row.attempts,
    claimedAt: row.claimed_at,
  };
}

export function dueMoment(row: OutboxMomentRow | PendingReminderRow): Moment {
  return { id: row.id, dueAt: row.due_at };
}
