import { DateTime } from 'luxon';

/**
 * Hours in which a person gets no reminders, on their own wall clock. `start` to `end` may wrap
 * midnight (22 → 7); equal hours mean no quiet hours at all.
 */
export interface QuietHours {
  start: number;
  end: number;
}

export const defaultQuietHours: QuietHours = { start: 20, end: 8 };

/** When a reminder due at `due` reaches someone: at `due`, or when their quiet hours end. */
export function deliveryMoment(due: Date, timeZone: string, quiet: QuietHours): Date {
  if (quiet.start === quiet.end) return due;
  const local = DateTime.fromJSDate(due, { zone: timeZone });
  if (!isQuiet(local.hour, quiet)) return due;
  // Quiet hours that wrap midnight end tomorrow when we are in their evening part.
  const endsTomorrow = quiet.start > quiet.end && local.hour >= quiet.start;
  const day = endsTomorrow ? local.plus({ days: 1 }) : local;
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: quiet.end },
    { zone: timeZone },
  ).toJSDate();
}

export function isQuiet(hour: number, quiet: QuietHours): boolean {
  if (quiet.start === quiet.end) return false;
  return quiet.start < quiet.end
    ? hour >= quiet.start && hour < quiet.end
    : hour >= quiet.start || hour < quiet.end;
}

/**
 * When a message due at `due` may go out, seen at `now`: a moment already past goes now, unless now is
 * inside quiet hours; a moment to come goes then, unless that is inside them. Either way, when they end.
 */
export function plannedDelivery(due: Date, now: Date, timeZone: string, quiet: QuietHours): Date {
  return deliveryMoment(due.getTime() > now.getTime() ? due : now, timeZone, quiet);
}
