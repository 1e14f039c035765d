/**
 * "in 15 minutes" / "over 15 minuten": how long until something may be tried again, in words,
 * from a Retry-After header's seconds. Rounds up, so nobody is told to retry too early.
 */
export function formatRetryAfter(seconds: number, lang: string): string {
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'always' });
  const safe = Math.max(1, Math.ceil(seconds));
  if (safe < 60) {
    return format.format(safe, 'second');
  }
  if (safe < 3600) {
    return format.format(Math.ceil(safe / 60), 'minute');
  }
  return format.format(Math.ceil(safe / 3600), 'hour');
}
