import { LANGUAGE_COOKIE, Language, isLanguage, pickLanguage } from '@kaizen/shared/util-language';

export { isLanguage, languages, pickLanguage } from '@kaizen/shared/util-language';
export type { Language } from '@kaizen/shared/util-language';

/** Where the explicit choice is remembered. Only the language: nothing about the session. */
export const LANGUAGE_STORAGE_KEY = 'kz.language';

/** The language chosen on this device before, if any. */
export function storedLanguage(window: Window | null): Language | null {
  try {
    const stored = window?.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    return null; // Storage may be off (private mode).
  }
}

/** The language this browser starts in: the choice remembered on this device, else the browser's languages. */
export function browserLanguage(window: Window | null): Language {
  const navigator = window?.navigator;
  const browserLanguages = navigator?.languages?.length ? navigator.languages : [navigator?.language ?? 'en'];
  return pickLanguage(storedLanguage(window), browserLanguages);
}

/**
 * Mirrors a choice in a cookie for a year, so a server hands out pages rendered ahead in it (tools/prerender.mjs).
 * Read by nothing that signs in: no Secure or HttpOnly needed, and a tampered value only picks the other copy.
 */
export function rememberLanguageForServer(document: Document, lang: Language): void {
  document.cookie = `${LANGUAGE_COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
}
