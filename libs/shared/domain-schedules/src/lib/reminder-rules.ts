import { DateTime } from 'luxon';

/**
 * What is due for an experiment, as plain rules over its facts. The worker stores the answer in
 * PostgreSQL, so a reconciler can rebuild every schedule from it, and asks again when a reminder
 * fires, so a reminder whose reason has gone (the check-in came, the result was recorded) stays silent.
 */
export const reminderKinds = [
  'check_in_due',
  'result_overdue',
  'lesson_missing',
  'approval_escalated',
] as const;
export type ReminderKind = (typeof reminderKinds)[number];

export type CheckInCadence = 'weekly' | 'biweekly' | 'monthly';

export interface ReminderPolicy {
  /** Days after the result (or the stop) before a missing lesson is brought up. */
  lessonGraceDays: number;
  /** Hours a proposal may wait for its approver before it escalates to the next one. */
  approvalSlaHours: number;
  /** Local hour at which reminders about a day (a check-in day, the day after the planned end) are due. */
  reminderHour: number;
  /** The organisation's time zone, in which those days are counted. */
  timeZone: string;
}

export const defaultReminderPolicy: Omit<ReminderPolicy, 'timeZone'> = {
  lessonGraceDays: 3,
  approvalSlaHours: 48,
  reminderHour: 9,
};

export interface ExperimentFacts {
  status: string;
  checkInCadence: CheckInCadence;
  startedAt: Date | null;
  lastCheckInAt: Date | null;
  /** Local date, YYYY-MM-DD. */
  plannedEnd: string | null;
  /** When the result was recorded or the experiment was stopped. */
  endedAt: Date | null;
  hasLesson: boolean;
  /** When the open approval request was made, if one is open. */
  approvalRequestedAt: Date | null;
}

export interface DueReminder {
  kind: ReminderKind;
  dueAt: Date;
}

/**
 * The reminders an experiment has at `now`. For check-ins that is the next check-in moment and,
 * if one already passed unanswered, the latest such moment: one catch-up, never a burst.
 */
export function dueReminders(facts: ExperimentFacts, policy: ReminderPolicy, now: Date): DueReminder[] {
  const due: DueReminder[] = [];
  if (facts.status === 'running' && facts.startedAt) {
    for (const dueAt of checkInMoments(facts, policy, now)) due.push({ kind: 'check_in_due', dueAt });
    if (facts.plannedEnd) {
      const dayAfter = DateTime.fromISO(facts.plannedEnd, { zone: policy.timeZone }).plus({ days: 1 });
      due.push({ kind: 'result_overdue', dueAt: dayAfter.set({ hour: policy.reminderHour }).toJSDate() });
    }
  }
  if ((facts.status === 'concluded' || facts.status === 'stopped') && !facts.hasLesson && facts.endedAt) {
    due.push({
      kind: 'lesson_missing',
      dueAt: new Date(facts.endedAt.getTime() + policy.lessonGraceDays * 86_400_000),
    });
  }
  if (facts.status === 'proposed' && facts.approvalRequestedAt) {
    due.push({
      kind: 'approval_escalated',
      dueAt: new Date(facts.approvalRequestedAt.getTime() + policy.approvalSlaHours * 3_600_000),
    });
  }
  return due;
}

/** Whether a stored reminder still has its reason at `now`: the rules, asked again, still name it. */
export function isStillDue(
  reminder: DueReminder,
  facts: ExperimentFacts,
  policy: ReminderPolicy,
  now: Date,
): boolean {
  return names(dueReminders(facts, policy, now), reminder);
}

/** Whether what the rules said is due names this reminder: the same kind at the same moment. */
export function names(due: DueReminder[], reminder: DueReminder): boolean {
  return due.some(
    (candidate) => candidate.kind === reminder.kind && candidate.dueAt.getTime() === reminder.dueAt.getTime(),
  );
}

/**
 * Check-in moments fall every cadence step after the start, at the reminder hour. A check-in
 * answers the first moment after it; moments up to that one count as answered.
 */
function checkInMoments(facts: ExperimentFacts, policy: ReminderPolicy, now: Date): Date[] {
  const start = DateTime.fromJSDate(facts.startedAt as Date, { zone: policy.timeZone })
    .startOf('day')
    .set({ hour: policy.reminderHour });
  const moment = (k: number) =>
    start
      .plus(
        facts.checkInCadence === 'monthly'
          ? { months: k }
          : { weeks: k * (facts.checkInCadence === 'biweekly' ? 2 : 1) },
      )
      .toJSDate();
  const answeredThrough = facts.lastCheckInAt ?? (facts.startedAt as Date);
  // Each moment is worked out once (the zone arithmetic is most of a fan-out's time in the rules).
  let k = 1;
  let at = moment(k);
  while (at.getTime() <= answeredThrough.getTime()) at = moment(++k);
  if (facts.lastCheckInAt) at = moment(++k); // the moment right after a check-in is the one it answered
  const moments: Date[] = [];
  let caughtUp: Date | null = null;
  while (at.getTime() <= now.getTime()) {
    caughtUp = at;
    at = moment(++k);
  }
  if (caughtUp) moments.push(caughtUp);
  moments.push(at);
  return moments;
}
