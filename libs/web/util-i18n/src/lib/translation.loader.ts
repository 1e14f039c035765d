import { Injectable } from '@angular/core';
import { TranslateLoader, TranslationObject } from '@ngx-translate/core';
import { Observable, from } from 'rxjs';
import { Language } from './language';

/**
 * Loads one language's texts on demand. Each language is a lazy chunk of its own, so the
 * initial bundle carries no texts and a Dutch reader never downloads the English ones.
 */
@Injectable()
export class LazyTranslationLoader implements TranslateLoader {
  getTranslation(lang: string): Observable<TranslationObject> {
    return from(loadTranslations(lang === 'nl' ? 'nl' : 'en'));
  }
}

async function loadTranslations(lang: Language): Promise<TranslationObject> {
  const module =
    lang === 'nl' ? await import('./translations/nl.json') : await import('./translations/en.json');
  return module.default as TranslationObject;
}
