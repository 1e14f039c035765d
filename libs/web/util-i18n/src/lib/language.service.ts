import { DOCUMENT, registerLocaleData } from '@angular/common';
import { Injectable, inject, signal } from '@angular/core';
import { TranslateService } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { Language, languages, pickLanguage } from './language';

/** Where the explicit choice is remembered. Only the language: nothing about the session. */
export const LANGUAGE_STORAGE_KEY = 'kz.language';

/** The language the app speaks now; switching loads its texts, then sets `<html lang>`. */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly translate = inject(TranslateService);
  private readonly document = inject(DOCUMENT);
  private readonly currentState = signal<Language>('en');
  private readonly registeredLocales = new Set<Language>(['en']);

  readonly current = this.currentState.asReadonly();
  readonly languages = languages;

  /** Starts in the remembered language, else the browser's. Does not remember anything itself. */
  init(): Promise<void> {
    const navigator = this.document.defaultView?.navigator;
    const browserLanguages = navigator?.languages?.length ? navigator.languages : [navigator?.language ?? 'en'];
    return this.apply(pickLanguage(this.readStored(), browserLanguages));
  }

  /** Switches language at the person's request, and remembers it on this device. */
  async use(lang: Language): Promise<void> {
    await this.apply(lang);
    try {
      this.document.defaultView?.localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
    } catch {
      // Storage may be off (private mode); the switch still holds for this visit.
    }
  }

  private async apply(lang: Language): Promise<void> {
    await Promise.all([firstValueFrom(this.translate.use(lang)), this.registerLocale(lang)]);
    this.currentState.set(lang);
    this.document.documentElement.lang = lang;
  }

  /** Date and number pipes need the locale's data; English ships with Angular. */
  private async registerLocale(lang: Language): Promise<void> {
    if (this.registeredLocales.has(lang)) {
      return;
    }
    const data = await import('@angular/common/locales/nl');
    registerLocaleData(data.default, 'nl');
    this.registeredLocales.add(lang);
  }

  private readStored(): string | null {
    try {
      return this.document.defaultView?.localStorage.getItem(LANGUAGE_STORAGE_KEY) ?? null;
    } catch {
      return null;
    }
  }
}
