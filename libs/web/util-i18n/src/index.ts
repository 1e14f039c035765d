export { LANGUAGE_STORAGE_KEY, browserLanguage, isLanguage, languages, pickLanguage } from './lib/language';
export type { Language } from './lib/language';
export { LanguageService, START_LANGUAGE } from './lib/language.service';
export { provideI18n } from './lib/provide-i18n';
export { texts, textsOf } from './lib/texts.guard';
export { formatRetryAfter } from './lib/relative-time';
export {
  formatDateOnly,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPercent,
  localeOf,
  parseDateOnly,
  pluralCategory,
} from './lib/formats';
export type { DateStyle } from './lib/formats';
export { Formats } from './lib/formats.service';
export {
  FORMAT_PIPES,
  KzAmountPipe,
  KzDatePipe,
  KzDayPipe,
  KzNumberPipe,
  KzPluralPipe,
} from './lib/format.pipes';
export { TranslatePipe, TranslateService } from './lib/translate';
export type { TranslationObject, TranslationParams } from './lib/translate';
