import { DOCUMENT } from '@angular/common';
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

  readonly current = this.currentState.asReadonly();
  readonly languages = languages;

  /** Starts in the remembered language, else the browser's. Does not remember anything itself. */
  init(): Promise<void> {
    const navigator = this.document.defaultView?.navigator;
    const browserLanguages = navigator?.languages?.length
      ? navigator.languages
      : [navigator?.language ?? 'en'];
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
    // Dates and numbers need no locale data of Angular's: the formats in ./formats use the browser's Intl.
    await firstValueFrom(this.translate.use(lang));
    this.currentState.set(lang);
    this.document.documentElement.lang = lang;
  }

  private readStored(): string | null {
    try {
      return this.document.defaultView?.localStorage.getItem(LANGUAGE_STORAGE_KEY) ?? null;
    } catch {
      return null;
    }
  }
}
