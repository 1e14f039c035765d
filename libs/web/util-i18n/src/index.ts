export { isLanguage, languages, pickLanguage } from './lib/language';
export type { Language } from './lib/language';
export { LANGUAGE_STORAGE_KEY, LanguageService } from './lib/language.service';
export { provideI18n } from './lib/provide-i18n';
export { formatRetryAfter } from './lib/relative-time';
