import {
  preferencesOf,
  storedNotification,
  type NotificationRow,
  type PreferenceRow,
} from '@kaizen/api/data-access-notifications';
import {
  describeNotification,
  type DigestHighlight,
  type Locale,
  type WebhookEvent,
  type WebhookFormat,
} from '@kaizen/shared/domain-schedules';
import type { DigestOrganisationRow, HighlightRow, WeekCountsRow } from './digest.repository';
import type { NotificationDto, PreferencesDto } from './notifications.dto';
import type { DeliveryRow, WebhookRow } from './webhooks.repository';
import type { WebhookDeliveryDto, WebhookDto } from './webhooks.dto';

/** Rows as the API and the jobs use them: the one place this feature turns columns into fields. */

export function notificationDto(row: NotificationRow, locale: Locale): NotificationDto {
  const notification = storedNotification(row);
  const text = describeNotification(notification.kind, notification.params, locale);
  return {
    id: notification.id,
    kind: notification.kind,
    title: text.title,
    body: text.body,
    path: text.path,
    action: text.action,
    createdAt: notification.createdAt.toISOString(),
    readAt: notification.readAt ? notification.readAt.toISOString() : null,
  };
}

/** Where the next page starts after this row. */
export function preferencesDto(row: PreferenceRow | undefined): PreferencesDto {
  return preferencesOf(row);
}

export function localeOf(locale: string | null): Locale {
  return (locale as Locale | null) ?? 'en';
}

export function webhookDto(row: WebhookRow): WebhookDto {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    format: row.format as WebhookFormat,
    events: row.events as WebhookEvent[],
    active: row.active,
    consecutiveFailures: row.consecutive_failures,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    disabledReason: row.disabled_reason,
    createdAt: row.created_at.toISOString(),
    version: row.version,
  };
}

export function webhookDeliveryDto(row: DeliveryRow): WebhookDeliveryDto {
  return {
    id: row.id,
    event: row.event,
    status: row.status as WebhookDeliveryDto['status'],
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    deliveredAt: row.delivered_at?.toISOString() ?? null,
  };
}

export interface DigestOrganisation {
  timeZone: string;
  createdAt: Date;
}

export function digestOrganisation(row: DigestOrganisationRow): DigestOrganisation {
  return { timeZone: row.time_zone, createdAt: row.created_at };
}

export interface WeekInLessons {
  lessons: number;
  confirmed: number;
  refuted: number;
  adoptions: number;
  /** Lessons adopting or standardising a change (self-reported), and those whose measure backs them. */
  improvements: number;
  dataBacked: number;
  highlights: DigestHighlight[];
}

export function weekInLessons(counts: WeekCountsRow, highlights: HighlightRow[]): WeekInLessons {
  return {
    lessons: counts.lessons,
    confirmed: counts.confirmed,
    refuted: counts.refuted,
    adoptions: counts.adoptions,
    improvements: counts.improvements,
    dataBacked: counts.data_backed,
    highlights: highlights.map((row) => ({
      insight: row.insight,
      verdict: row.verdict as DigestHighlight['verdict'],
      teamName: row.team_name,
    })),
  };
}
