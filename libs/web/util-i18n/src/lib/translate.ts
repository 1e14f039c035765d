import { Injectable, Pipe, PipeTransform, Signal, computed, inject, signal } from '@angular/core';

/** One language's texts, or a part of them: nested by the dots of their keys. */
export interface TranslationObject {
  [key: string]: string | TranslationObject;
}

/** What `{{ name }}` in a text is replaced with. */
export type TranslationParams = Readonly<Record<string, unknown>>;

const PLACEHOLDER = /{{\s?([^{}\s]*)\s?}}/g;

/**
 * The texts in the current language, looked up by key (`experiments.title`), with `{{ name }}` filled in from
 * the parameters. A key without a text reads as itself. Reads are signals: a template, `computed` or effect that
 * reads a text reads it again when the language changes or more of its texts arrive. LanguageService decides
 * what is loaded and when; this only holds and reads.
 */
@Injectable({ providedIn: 'root' })
export class TranslateService {
  private readonly texts = new Map<string, TranslationObject>();
  /** Bumped on each change, so that readers of texts are read again. */
  private readonly revision = signal(0);
  private readonly lang = signal<string | null>(null);

  readonly currentLang = this.lang.asReadonly();

  /** Adds texts to a language (merged into what it has, key by key), or replaces them. */
  setTranslation(lang: string, texts: TranslationObject, merge = false): void {
    const before = this.texts.get(lang);
    this.texts.set(lang, merge && before ? mergeTexts(before, texts) : texts);
    this.revision.update((n) => n + 1);
  }

  /** Speaks this language from now on; its texts may come before or after. */
  use(lang: string): void {
    this.lang.set(lang);
  }

  /** The text under this key in the current language; the key itself where there is none. */
  instant(key: string, params?: TranslationParams): string {
    const value = this.read(key, params);
    return typeof value === 'string' ? value : key;
  }

  /** The text, or the part of the texts (an object), under this key, as a signal; the key itself where there is none. */
  translate(key: string, params?: TranslationParams): Signal<string | TranslationObject> {
    return computed(() => this.read(key, params));
  }

  private read(key: string, params: TranslationParams | undefined): string | TranslationObject {
    this.revision();
    const lang = this.lang();
    if (!key) return '';
    const value = lang === null ? undefined : lookUp(this.texts.get(lang), key);
    if (value === undefined) return key;
    return typeof value === 'string' ? fillIn(value, params) : value;
  }
}

/** `'key' | translate` or `'key' | translate: { name: value }`: the text in the current language. */
@Pipe({ name: 'translate', pure: false })
export class TranslatePipe implements PipeTransform {
  private readonly translations = inject(TranslateService);

  transform(key: string | null | undefined, params?: TranslationParams): string {
    return key ? this.translations.instant(key, params) : '';
  }
}

/** A key's parts may hold dots themselves (`followUp.webhookEvent.review.opened`, where `review.opened` is one key). */
function lookUp(texts: TranslationObject | undefined, key: string): string | TranslationObject | undefined {
  let value: string | TranslationObject | undefined = texts;
  let pending = '';
  const parts = key.split('.');
  for (const [index, part] of parts.entries()) {
    pending = pending ? `${pending}.${part}` : part;
    const last = index === parts.length - 1;
    if (value === undefined || typeof value === 'string') return undefined;
    const next: string | TranslationObject | undefined = Object.hasOwn(value, pending)
      ? value[pending]
      : undefined;
    if (next !== undefined && (typeof next === 'object' || last)) {
      value = next;
      pending = '';
    } else if (last) {
      return undefined;
    }
  }
  return value;
}

function fillIn(text: string, params: TranslationParams | undefined): string {
  if (!params) return text;
  return text.replace(PLACEHOLDER, (placeholder, name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return value === null ? 'null' : placeholder;
  });
}

function mergeTexts(into: TranslationObject, from: TranslationObject): TranslationObject {
  const merged: TranslationObject = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const existing = merged[key];
    merged[key] =
      typeof value === 'object' && existing !== undefined && typeof existing === 'object'
        ? mergeTexts(existing, value)
        : value;
  }
  return merged;
}
