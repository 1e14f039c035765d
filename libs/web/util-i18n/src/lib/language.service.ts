import { DOCUMENT } from '@angular/common';
import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import { TranslateService } from './translate';
import {
  LANGUAGE_STORAGE_KEY,
  Language,
  browserLanguage,
  languages,
  rememberLanguageForServer,
  storedLanguage,
} from './language';
import { loadTranslationChunk } from './translation.loader';

/** The language a page rendered ahead is rendered in (tools/prerender.mjs); a browser picks its own. */
export const START_LANGUAGE = new InjectionToken<Language>('START_LANGUAGE');

/**
 * The language the app speaks now; switching loads its texts, then sets `<html lang>`. Texts come in chunks
 * (see translation.loader): the common one, and those the pages opened so far asked for, in each language used.
 */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly translate = inject(TranslateService);
  private readonly document = inject(DOCUMENT);
  private readonly currentState = signal<Language>('en');
  /** Set where this is a page being rendered ahead, not a browser. */
  private readonly rendering = inject(START_LANGUAGE, { optional: true });
  /** The language being applied or in use: chunks asked for load in it. Known before `init`, so a page's texts can start early. */
  private target = this.initial();
  private readonly wanted = new Set<string>(['common']);
  private readonly loads = new Map<string, Promise<void>>();
  /** Settles with the first language's texts (`init`): namespaces asked for before come in that download. */
  private started = false;
  private startup!: { resolve: () => void; reject: (error: unknown) => void };
  private readonly initialised = new Promise<void>((resolve, reject) => (this.startup = { resolve, reject }));

  readonly current = this.currentState.asReadonly();
  readonly languages = languages;

  constructor() {
    // A failed start is reported by `init` itself; nobody may have asked before it.
    this.initialised.catch(() => undefined);
  }

  /**
   * Starts in the remembered language, else the browser's. Remembers nothing new; a choice remembered before the
   * cookie existed is told to servers too, so the next page rendered ahead comes in it.
   */
  init(): Promise<void> {
    const stored = this.rendering ? null : storedLanguage(this.document.defaultView);
    if (stored) rememberLanguageForServer(this.document, stored);
    return this.apply(this.target);
  }

  /** Loads these namespaces' texts (translations/chunks.json) in the current language, and in any language switched to later. */
  need(namespaces: readonly string[]): Promise<void> {
    for (const namespace of namespaces) this.wanted.add(namespace);
    return this.load(this.target, namespaces);
  }

  /**
   * As `need`, for the first page's namespaces, known before `init` (an earlier initializer: warmFirstRoute): they
   * then come in its download, with the common texts. Only where `init` follows.
   */
  needAtStart(namespaces: readonly string[]): Promise<void> {
    if (this.started) return this.need(namespaces);
    for (const namespace of namespaces) this.wanted.add(namespace);
    return this.initialised;
  }

  /** Switches language at the person's request, and remembers it on this device. */
  async use(lang: Language): Promise<void> {
    await this.apply(lang);
    try {
      this.document.defaultView?.localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
    } catch {
      // Storage may be off (private mode); the switch still holds for this visit.
    }
    rememberLanguageForServer(this.document, lang);
  }

  private async apply(lang: Language): Promise<void> {
    this.target = lang;
    // Every chunk in place first: use() then finds the language loaded and switches at once.
    // Dates and numbers need no locale data of Angular's: the formats in ./formats use the browser's Intl.
    const loaded = this.load(lang, [...this.wanted]);
    if (!this.started) loaded.then(this.startup.resolve, this.startup.reject);
    this.started = true;
    await loaded;
    this.translate.use(lang);
    this.currentState.set(lang);
    this.document.documentElement.lang = lang;
  }

  /**
   * Two or more chunks not yet asked for come in one download where the build made them a bundle (the common texts
   * with each route's `texts(...)`, for a first load: tools/split-translations.mjs); other sets, or a failed
   * bundle, chunk by chunk. On a slow network each round trip costs more than a few hundred bytes.
   */
  private load(lang: Language, chunks: readonly string[]): Promise<void> {
    const missing = chunks.filter((chunk) => !this.loads.has(`${lang}/${chunk}`));
    const bundle =
      missing.length > 1
        ? loadTranslationChunk(lang, [...missing].sort().join('+')).then((texts) =>
            this.translate.setTranslation(lang, texts, true),
          )
        : null;
    for (const chunk of missing) {
      const key = `${lang}/${chunk}`;
      const one = () =>
        loadTranslationChunk(lang, chunk).then((texts) => this.translate.setTranslation(lang, texts, true));
      const pending = bundle ? bundle.catch(one) : one();
      // A failed download is tried again when next asked for.
      pending.catch(() => this.loads.delete(key));
      this.loads.set(key, pending);
    }
    return Promise.all(chunks.map((chunk) => this.loads.get(`${lang}/${chunk}`))).then(() => undefined);
  }

  private initial(): Language {
    return this.rendering ?? browserLanguage(this.document.defaultView);
  }
}
