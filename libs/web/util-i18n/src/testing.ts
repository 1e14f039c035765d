import {
  EnvironmentProviders,
  inject,
  makeEnvironmentProviders,
  provideEnvironmentInitializer,
} from '@angular/core';
import { Language } from './lib/language';
import { TranslateService, TranslationObject } from './lib/translate';
import en from './lib/translations/en.json';
import nl from './lib/translations/nl.json';

/** The real texts of both languages, there at once: specs assert what people read, in either language. */
export function provideI18nTesting(lang: Language = 'en'): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideEnvironmentInitializer(() => {
      const translations = inject(TranslateService);
      translations.setTranslation('en', en as TranslationObject);
      translations.setTranslation('nl', nl as TranslationObject);
      translations.use(lang);
    }),
  ]);
}
