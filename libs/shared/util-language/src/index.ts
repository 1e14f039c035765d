export { LANGUAGE_COOKIE, acceptedLanguages, isLanguage, languages, pickLanguage } from './lib/language';
export type { Language } from './lib/language';
