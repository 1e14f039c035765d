import { Language } from './language';

/** The Intl locale each language formats in: Dutch as in the Netherlands, English as in Britain (day before month, 24-hour clock). */
export function localeOf(lang: Language | string): string {
  return lang === 'nl' ? 'nl-NL' : 'en-GB';
}

export type DateStyle = 'date' | 'dateTime' | 'short' | 'time' | 'weekday';

const dateStyles: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'medium' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  short: { dateStyle: 'short', timeStyle: 'short' },
  time: { timeStyle: 'short' },
  weekday: { weekday: 'long' },
};

const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day ("2026-12-03") as the UTC midnight that starts it. A day has no time zone: read as
 * local midnight and shown in another zone it moves a day, which is how plans came to show a day early.
 */
export function parseDateOnly(value: string): Date | null {
  const match = DATE_ONLY.exec(value);
  if (!match) return null;
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCDate() === day && date.getUTCMonth() === month - 1 ? date : null;
}

/** A calendar day in words ("3 dec 2026", "3 Dec 2026"), the same day in every time zone. */
export function formatDateOnly(
  value: string | null | undefined,
  lang: Language | string,
  style: 'date' | 'weekday' = 'date',
): string {
  if (!value) return '—';
  const day = parseDateOnly(value);
  if (!day) return formatDateTime(value, lang, 'UTC', style);
  return cached(
    `d|${lang}|UTC|${style}`,
    () => new Intl.DateTimeFormat(localeOf(lang), { ...dateStyles[style], timeZone: 'UTC' }),
  ).format(day);
}

/** A moment (ISO timestamp) in the organisation's time zone (the browser's when none is known), in the language's style. */
export function formatDateTime(
  value: string | Date | null | undefined,
  lang: Language | string,
  timeZone: string | undefined,
  style: DateStyle = 'dateTime',
): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return cached(
    `d|${lang}|${timeZone ?? ''}|${style}`,
    () => new Intl.DateTimeFormat(localeOf(lang), { ...dateStyles[style], timeZone }),
  ).format(date);
}

/** A number with at most `maxDigits` decimals ("1.234,5" in Dutch). */
export function formatNumber(
  value: number | null | undefined,
  lang: Language | string,
  maxDigits = 2,
  minDigits = 0,
): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return cached(
    `n|${lang}|${maxDigits}|${minDigits}`,
    () =>
      new Intl.NumberFormat(localeOf(lang), {
        maximumFractionDigits: maxDigits,
        minimumFractionDigits: Math.min(minDigits, maxDigits),
      }),
  ).format(value);
}

/** A share from 0 to 1 as a whole percentage ("45%", "45 %"). */
export function formatPercent(value: number | null | undefined, lang: Language | string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return cached(
    `p|${lang}`,
    () => new Intl.NumberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits: 0 }),
  ).format(value);
}

/** Integer minor units as money in the organisation's currency; whole amounts without cents. */
export function formatMoney(
  minor: number | null | undefined,
  currency: string,
  lang: Language | string,
): string {
  if (minor === null || minor === undefined) return '—';
  const whole = minor % 100 === 0;
  return cached(
    `m|${lang}|${currency}|${whole}`,
    () =>
      new Intl.NumberFormat(localeOf(lang), {
        style: 'currency',
        currency,
        maximumFractionDigits: whole ? 0 : 2,
      }),
  ).format(minor / 100);
}

/** The plural category of a count in the language ("one", "other"): picks the text to show beside it. */
export function pluralCategory(count: number, lang: Language | string): Intl.LDMLPluralRule {
  return new Intl.PluralRules(localeOf(lang)).select(count);
}
