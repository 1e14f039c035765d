import type {
  CheckInCadence,
  ExperimentFacts,
  ReminderKind,
  ReminderPolicy,
} from '@kaizen/shared/domain-schedules';
import type { UpcomingReminderDto } from './reminders.dto';
import type {
  DueReminderRow,
  PlannedReminder,
  PolicyRow,
  ReminderRow,
  SubjectRow,
  UpcomingReminderRow,
} from './reminders.repository';

export interface ExperimentSubject extends ExperimentFacts {
  id: string;
  title: string;
  ownerId: string;
}

export interface StoredReminder extends PlannedReminder {
  id: string;
  experimentId: string;
  status: 'pending' | 'sent' | 'cancelled';
}

/** A reminder whose moment has come, with the facts of its experiment as they are now. */
export interface LockedReminder {
  reminder: StoredReminder;
  subject: ExperimentSubject;
}

/** Local hour at which reminders about a day are due. */
const POLICY_REMINDER_HOUR = 9;

/** Rows as the rules, the jobs and the API use them: the one place this feature turns columns into fields. */
export function reminderPolicy(row: PolicyRow): ReminderPolicy {
  return {
    timeZone: row.time_zone,
    lessonGraceDays: row.lesson_reminder_days,
    approvalSlaHours: row.approval_sla_hours,
    reminderHour: POLICY_REMINDER_HOUR,
  };
}

export function experimentSubject(row: SubjectRow): ExperimentSubject {
  return subjectOf(row, row.id, row.status);
}

/** The experiment's facts; its id and status are named differently when read beside a reminder. */
function subjectOf(row: Omit<SubjectRow, 'id' | 'status'>, id: string, status: string): ExperimentSubject {
  return {
    id,
    status,
    title: row.title,
    ownerId: row.owner_membership_id,
    checkInCadence: row.check_in_cadence as CheckInCadence,
    startedAt: row.started_at,
    plannedEnd: row.planned_end,
    lastCheckInAt: row.last_check_in_at,
    endedAt: row.ended_at,
    hasLesson: row.has_lesson,
    approvalRequestedAt: row.approval_requested_at,
  };
}

export function storedReminder(row: ReminderRow): StoredReminder {
  return {
    id: row.id,
    kind: row.kind as ReminderKind,
    experimentId: row.experiment_id,
    recipientId: row.recipient_membership_id,
    dueAt: row.due_at,
    fireAt: row.fire_at,
    status: row.status as StoredReminder['status'],
  };
}

export function lockedReminder(row: DueReminderRow): LockedReminder {
  return { reminder: storedReminder(row), subject: subjectOf(row, row.experiment_id, row.experiment_status) };
}

export function upcomingReminderDto(row: UpcomingReminderRow): UpcomingReminderDto {
  const reminder = storedReminder(row);
  return {
    id: reminder.id,
    kind: reminder.kind,
    experimentId: reminder.experimentId,
    experimentTitle: row.experiment_title,
    dueAt: reminder.dueAt.toISOString(),
    remindAt: reminder.fireAt.toISOString(),
  };
}
