import { DateTime } from 'luxon';

/**
 * When recurring reviews open. A cadence lives in its unit's IANA time zone: "Monday 09:00 in
 * Amsterdam" stays 09:00 local across daylight-saving changes, so its UTC instant moves.
 */
export const reviewFrequencies = ['weekly', 'biweekly', 'monthly', 'quarterly'] as const;
export type ReviewFrequency = (typeof reviewFrequencies)[number];

export interface ReviewCadence {
  frequency: ReviewFrequency;
  /** ISO weekday, 1 = Monday; used by weekly and biweekly cadences. */
  weekday: number;
  /** 1–28, so every month has it; used by monthly and quarterly cadences. */
  dayOfMonth: number;
  /** Local hour and minute of opening. */
  hour: number;
  minute: number;
  timeZone: string;
  /** A local date (YYYY-MM-DD) that fixes which weeks (biweekly) or months (quarterly) are "on". */
  anchorDate: string;
}

export class InvalidCadenceError extends Error {
  override readonly name = 'InvalidCadenceError';
}

/** Problems of a cadence as field → rule, empty when it is sound. */
export function cadenceProblems(cadence: ReviewCadence): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!reviewFrequencies.includes(cadence.frequency))
    problems['frequency'] = `must be one of ${reviewFrequencies.join(', ')}`;
  if (!isIntegerIn(cadence.weekday, 1, 7))
    problems['weekday'] = 'must be an ISO weekday from 1 (Monday) to 7 (Sunday)';
  if (!isIntegerIn(cadence.dayOfMonth, 1, 28))
    problems['dayOfMonth'] = 'must be a day from 1 to 28, which every month has';
  if (!isIntegerIn(cadence.hour, 0, 23)) problems['hour'] = 'must be an hour from 0 to 23';
  if (!isIntegerIn(cadence.minute, 0, 59)) problems['minute'] = 'must be a minute from 0 to 59';
  if (!isTimeZone(cadence.timeZone)) problems['timeZone'] = timeZoneRule;
  if (!DateTime.fromISO(cadence.anchorDate ?? '', { zone: 'UTC' }).isValid)
    problems['anchorDate'] = 'must be a date as YYYY-MM-DD';
  return problems;
}

/** What {@link isTimeZone} demands, as a sentence after the field's name. */
export const timeZoneRule = 'must be an IANA time zone such as Europe/Amsterdam';

/**
 * The one rule for a unit's or a person's time zone: a name of the IANA database that both the runtime's Intl and
 * luxon know. Luxon alone also takes fixed offsets such as "UTC+25", which are no zone and no valid offset.
 */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64 || !DateTime.local({ zone }).isValid)
    return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The first opening strictly after `after`. */
export function nextOccurrence(cadence: ReviewCadence, after: Date): Date {
  assertSound(cadence);
  const from = DateTime.fromJSDate(after, { zone: cadence.timeZone });
  // Walk candidate days or months from a little before `after`; the step keeps this to a handful of iterations.
  for (let candidate = firstCandidate(cadence, from); ; candidate = step(cadence, candidate)) {
    const opening = atLocalTime(cadence, candidate);
    if (opening.toMillis() > after.getTime()) return opening.toJSDate();
  }
}

/** The last opening at or before `at`, or null when the cadence had not started by then. */
export function previousOccurrence(cadence: ReviewCadence, at: Date): Date | null {
  assertSound(cadence);
  const lookBack =
    cadence.frequency === 'quarterly'
      ? { months: 4 }
      : cadence.frequency === 'monthly'
        ? { months: 2 }
        : { days: 15 };
  const start = DateTime.fromJSDate(at, { zone: cadence.timeZone }).minus(lookBack).toJSDate();
  let previous: Date | null = null;
  for (
    let next = nextOccurrence(cadence, start);
    next.getTime() <= at.getTime();
    next = nextOccurrence(cadence, next)
  ) {
    previous = next;
  }
  return previous;
}

/** A cadence with the moment it was created or last switched back on. */
export interface RunningCadence extends ReviewCadence {
  activeSince: Date;
}

/**
 * The opening a cadence owes at `now` for moments that have passed: only the latest one, and none from
 * before the cadence was (re)started. After downtime that is one review, never a backlog; after a pause,
 * the Mondays of the pause never open.
 */
export function latestMissedOpening(cadence: RunningCadence, now: Date): Date | null {
  const latest = previousOccurrence(cadence, now);
  return latest && latest.getTime() >= cadence.activeSince.getTime() ? latest : null;
}

/**
 * Whether the opening of `opensAt` opens when its timer fires at `now`: when it is still to come or the
 * latest that passed, and the cadence was running by then. An older one was overtaken while nothing ran.
 */
export function opensWhenDue(cadence: RunningCadence, opensAt: Date, now: Date): boolean {
  if (opensAt.getTime() < cadence.activeSince.getTime()) return false;
  const latest = previousOccurrence(cadence, now);
  return latest === null || opensAt.getTime() >= latest.getTime();
}

/** The span a review that opens at `opening` looks back on: from the previous opening up to this one. */
export function reviewPeriod(cadence: ReviewCadence, opening: Date): { start: Date; end: Date } {
  const start = previousOccurrence(cadence, new Date(opening.getTime() - 1));
  if (start) return { start, end: opening };
  const local = DateTime.fromJSDate(opening, { zone: cadence.timeZone });
  const span = {
    weekly: { weeks: 1 },
    biweekly: { weeks: 2 },
    monthly: { months: 1 },
    quarterly: { months: 3 },
  }[cadence.frequency];
  return { start: local.minus(span).toJSDate(), end: opening };
}

function firstCandidate(cadence: ReviewCadence, from: DateTime): DateTime {
  const day = from.startOf('day').minus({ days: 1 });
  if (cadence.frequency === 'weekly' || cadence.frequency === 'biweekly') {
    const offset = (cadence.weekday - day.weekday + 7) % 7;
    let candidate = day.plus({ days: offset });
    if (cadence.frequency === 'biweekly' && !onWeek(cadence, candidate))
      candidate = candidate.plus({ weeks: 1 });
    return candidate;
  }
  let month = day.startOf('month').minus({ months: 1 });
  if (cadence.frequency === 'quarterly') while (!onQuarter(cadence, month)) month = month.plus({ months: 1 });
  return month.set({ day: cadence.dayOfMonth });
}

function step(cadence: ReviewCadence, candidate: DateTime): DateTime {
  switch (cadence.frequency) {
    case 'weekly':
      return candidate.plus({ weeks: 1 });
    case 'biweekly':
      return candidate.plus({ weeks: 2 });
    case 'monthly':
      return candidate.plus({ months: 1 });
    case 'quarterly':
      return candidate.plus({ months: 3 });
  }
}

/** The candidate day at the cadence's wall-clock time; a time skipped by a DST change moves forward. */
function atLocalTime(cadence: ReviewCadence, day: DateTime): DateTime {
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: cadence.hour, minute: cadence.minute },
    { zone: cadence.timeZone },
  );
}

function onWeek(cadence: ReviewCadence, day: DateTime): boolean {
  const anchor = DateTime.fromISO(cadence.anchorDate, { zone: cadence.timeZone }).startOf('week');
  const weeks = Math.round(day.startOf('week').diff(anchor, 'weeks').weeks);
  return ((weeks % 2) + 2) % 2 === 0;
}

function onQuarter(cadence: ReviewCadence, month: DateTime): boolean {
  const anchor = DateTime.fromISO(cadence.anchorDate, { zone: cadence.timeZone });
  return (((month.month - anchor.month) % 3) + 3) % 3 === 0;
}

function assertSound(cadence: ReviewCadence): void {
  const problems = cadenceProblems(cadence);
  const fields = Object.keys(problems);
  if (fields.length > 0)
    throw new InvalidCadenceError(fields.map((field) => `${field} ${problems[field]}`).join('; '));
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
