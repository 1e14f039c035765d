export const periodTypes = ['week', 'month', 'quarter', 'year'] as const;
export type PeriodType = (typeof periodTypes)[number];

/** One formatter per time zone: building one costs far more than formatting with it, and reads need several a request. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timeZone, format);
  }
  return format.format(at);
}

/** The first day of the period an instant falls in, in the organisation's time zone (weeks start on Monday). */
export function periodStart(at: Date, type: PeriodType, timeZone: string): string {
  const [year, month, day] = localDate(at, timeZone).split('-').map(Number);
  switch (type) {
    case 'year':
      return `${year}-01-01`;
    case 'quarter':
      return `${year}-${pad(Math.floor((month - 1) / 3) * 3 + 1)}-01`;
    case 'month':
      return `${year}-${pad(month)}-01`;
    case 'week': {
      const date = new Date(Date.UTC(year, month - 1, day));
      const mondayOffset = (date.getUTCDay() + 6) % 7;
      date.setUTCDate(date.getUTCDate() - mondayOffset);
      return date.toISOString().slice(0, 10);
    }
  }
}

/** The start of the period `steps` periods before the one starting at `start`. */
export function shiftPeriod(start: string, type: PeriodType, steps: number): string {
  const date = new Date(`${start}T00:00:00Z`);
  if (type === 'week') date.setUTCDate(date.getUTCDate() + 7 * steps);
  else date.setUTCMonth(date.getUTCMonth() + steps * { month: 1, quarter: 3, year: 12 }[type]);
  return date.toISOString().slice(0, 10);
}

/** Months a period spans, for per-month rates. */
export function monthsIn(type: PeriodType): number {
  return { week: 7 / 30.4375, month: 1, quarter: 3, year: 12 }[type];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
