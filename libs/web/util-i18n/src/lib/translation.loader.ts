import { TranslationObject } from '@ngx-translate/core';
import { Language } from './language';

/**
 * One chunk of one language's texts, made from translations/<lang>.json by tools/split-translations.mjs (a build
 * step): `common`, loaded at start, or a namespace listed in translations/chunks.json, which a route asks for with
 * `texts(...)`. Each is a lazy chunk of its own, so a page downloads only the texts it shows, in one language.
 */
export async function loadTranslationChunk(lang: Language, chunk: string): Promise<TranslationObject> {
  const module = (await import(`./translations/generated/${lang}/${chunk}.json`)) as {
    default: TranslationObject;
  };
  return module.default;
}
