// Build step (`nx run web-util-i18n:build`, run before every web build and web test): splits each language's texts
// (libs/web/util-i18n/src/lib/translations/<lang>.json, one top-level namespace per feature or concern) into the
// chunks the app loads. A namespace listed in translations/chunks.json ("own") becomes a chunk of its own, which a
// route asks for (`texts(...)`); every other namespace goes into `common`, loaded at start. So where a key lives
// follows from its namespace alone, and a new namespace is common until listed. Writes
// translations/generated/<lang>/<chunk>.json (git-ignored).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'libs/web/util-i18n/src/lib/translations';
const languages = ['en', 'nl'];
const own = JSON.parse(readFileSync(join(dir, 'chunks.json'), 'utf8')).own;
const out = join(dir, 'generated');

rmSync(out, { recursive: true, force: true });
for (const lang of languages) {
  const texts = JSON.parse(readFileSync(join(dir, `${lang}.json`), 'utf8'));
  const missing = own.filter((namespace) => !(namespace in texts));
  if (missing.length) {
    console.error(`${lang}.json has no namespace ${missing.join(', ')} (listed in chunks.json)`);
    process.exit(1);
  }
  const chunks = { common: {} };
  for (const [namespace, value] of Object.entries(texts)) {
    if (own.includes(namespace)) chunks[namespace] = { [namespace]: value };
    else chunks.common[namespace] = value;
  }
  mkdirSync(join(out, lang), { recursive: true });
  for (const [name, value] of Object.entries(chunks))
    writeFileSync(join(out, lang, `${name}.json`), JSON.stringify(value));
}
