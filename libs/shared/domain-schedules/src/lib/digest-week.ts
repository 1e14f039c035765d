import { DateTime } from 'luxon';

/** The weekly digest goes out on Monday at this local hour, about the week that just ended. */
export const DIGEST_HOUR = 9;

/** The week a digest sent after `at` covers, and when that digest is sent, in the organisation's time zone. */
export function digestWeekBefore(
  at: Date,
  timeZone: string,
): { weekStart: string; start: Date; end: Date; sendAt: Date } {
  const thisMonday = DateTime.fromJSDate(at, { zone: timeZone }).startOf('week');
  const start = thisMonday.minus({ weeks: 1 });
  return {
    weekStart: start.toISODate() as string,
    start: start.toJSDate(),
    end: thisMonday.toJSDate(),
    sendAt: thisMonday.set({ hour: DIGEST_HOUR }).toJSDate(),
  };
}

/** The next digest moment strictly after `after`, with the week it covers. */
export function nextDigest(after: Date, timeZone: string): ReturnType<typeof digestWeekBefore> {
  const current = digestWeekBefore(after, timeZone);
  if (current.sendAt.getTime() > after.getTime()) return current;
  return digestWeekBefore(
    DateTime.fromJSDate(current.end, { zone: timeZone }).plus({ weeks: 1 }).toJSDate(),
    timeZone,
  );
}
