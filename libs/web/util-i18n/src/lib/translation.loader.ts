import { TranslationObject } from './translate';
import { Language } from './language';

/**
 * One chunk of one language's texts, made from translations/<lang>.json by tools/split-translations.mjs (a build
 * step): `common`, loaded at start, or a namespace listed in translations/chunks.json, which a route asks for with
 * `texts(...)`; or a bundle of several, named by them sorted and joined with '+' (`common+experiments`), which the
 * build makes of the common texts and each route's `texts(...)`, for a first load. Each is a lazy chunk of its
 * own, so a page downloads only the texts it shows, in one language. A name the build made nothing for fails
 * without a request.
 */
export async function loadTranslationChunk(lang: Language, chunk: string): Promise<TranslationObject> {
  const module = (await import(`./translations/generated/${lang}/${chunk}.json`)) as {
    default: TranslationObject;
  };
  return module.default;
}
