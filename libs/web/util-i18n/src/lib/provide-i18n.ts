import { EnvironmentProviders, inject, makeEnvironmentProviders, provideAppInitializer } from '@angular/core';
import { TitleStrategy } from '@angular/router';
import { LanguageService } from './language.service';
import { TranslatedTitleStrategy } from './title.strategy';

/**
 * English and Dutch for the whole app: texts load lazily per language and in chunks (the common one before the
 * first render, a page's own with `texts(...)` before it opens: no flash of keys), and route titles are translated.
 * LanguageService loads the chunks; TranslateService holds and reads them.
 *
 * No fallback language on purpose: a fallback would make Dutch readers download the English
 * texts too. A unit test keeps both languages' keys identical instead.
 */
export function provideI18n(): EnvironmentProviders {
  return makeEnvironmentProviders([
    { provide: TitleStrategy, useClass: TranslatedTitleStrategy },
    provideAppInitializer(() => inject(LanguageService).init()),
  ]);
}
