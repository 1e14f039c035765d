import { EnvironmentProviders, inject, makeEnvironmentProviders, provideAppInitializer } from '@angular/core';
import { TitleStrategy } from '@angular/router';
import { provideTranslateLoader, provideTranslateService } from '@ngx-translate/core';
import { LanguageService } from './language.service';
import { TranslatedTitleStrategy } from './title.strategy';
import { LazyTranslationLoader } from './translation.loader';

/**
 * English and Dutch for the whole app: texts load lazily per language, the first render waits
 * for them (no flash of keys), and route titles are translated.
 *
 * No fallback language on purpose: a fallback would make Dutch readers download the English
 * texts too. A unit test keeps both languages' keys identical instead.
 */
export function provideI18n(): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideTranslateService({ loader: provideTranslateLoader(LazyTranslationLoader) }),
    { provide: TitleStrategy, useClass: TranslatedTitleStrategy },
    provideAppInitializer(() => inject(LanguageService).init()),
  ]);
}
