import { EnvironmentProviders, makeEnvironmentProviders } from '@angular/core';
import {
  TranslateLoader,
  TranslationObject,
  provideTranslateLoader,
  provideTranslateService,
} from '@ngx-translate/core';
import { Observable, of } from 'rxjs';
import { Language } from './lib/language';
import en from './lib/translations/en.json';
import nl from './lib/translations/nl.json';

/** The real texts, loaded synchronously: specs assert what people read, in either language. */
class SyncTranslationLoader implements TranslateLoader {
  getTranslation(lang: string): Observable<TranslationObject> {
    return of((lang === 'nl' ? nl : en) as TranslationObject);
  }
}

export function provideI18nTesting(lang: Language = 'en'): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideTranslateService({ lang, loader: provideTranslateLoader(SyncTranslationLoader) }),
  ]);
}
