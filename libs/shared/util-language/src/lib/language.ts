/** The languages Kaizen Loop speaks. English is the fallback for everything else. */
export const languages = ['en', 'nl'] as const;
export type Language = (typeof languages)[number];

/**
 * The cookie that mirrors a language chosen in the web app, so that a server can hand out a page rendered ahead
 * in it. Only the language: nothing about the session.
 */
export const LANGUAGE_COOKIE = 'kz_language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/**
 * The language to start in: a choice the person made before wins; otherwise the first browser
 * language we speak (any Dutch variant means Dutch); otherwise English.
 */
export function pickLanguage(
  stored: string | null | undefined,
  browserLanguages: readonly string[],
): Language {
  if (isLanguage(stored)) {
    return stored;
  }
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) {
      return primary;
    }
  }
  return 'en';
}

/** An Accept-Language header's tags, most wanted first (`nl-BE,nl;q=0.9,en;q=0.8` → nl-BE, nl, en); q=0 is refused. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .slice(0, 1024)
    .split(',')
    .slice(0, 32)
    .map((part, order) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
      // A weight that is not one (q=2, q=abc) refuses the entry rather than guessing.
      const weight =
        q === undefined ? 1 : /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(q) ? Number(q.slice(2)) : 0;
      return { tag: tag.trim(), weight, order };
    })
    .filter(({ tag, weight }) => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(tag) && weight > 0)
    .sort((a, b) => b.weight - a.weight || a.order - b.order)
    .map(({ tag }) => tag);
}
