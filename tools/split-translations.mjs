// Build step (`nx run web-util-i18n:build`, run before every web build and web test): splits each language's texts
// (libs/web/util-i18n/src/lib/translations/<lang>.json, one top-level namespace per feature or concern) into the
// chunks the app loads. A namespace listed in translations/chunks.json ("own") becomes a chunk of its own, which a
// route asks for (`texts(...)`); every other namespace goes into `common`, loaded at start. So where a key lives
// follows from its namespace alone, and a new namespace is common until listed. Writes
// translations/generated/<lang>/<chunk>.json (git-ignored).
//
// Bundles too, so a first load's texts come in one download rather than one per namespace: for each `texts(...)`
// in the route tables (apps/web/src/app, libs/web/*/src/**/*.routes.ts), its namespaces with the common ones
// (LanguageService fetches them together). A bundle is named by its chunks, sorted, joined with '+'; LanguageService
// asks for it by that name and falls back to single chunks where the build made none, as on later navigations:
// each file is an entry in main's table of lazy imports, about 20 bytes of every first load.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'libs/web/util-i18n/src/lib/translations';
const languages = ['en', 'nl'];
const own = JSON.parse(readFileSync(join(dir, 'chunks.json'), 'utf8')).own;
const out = join(dir, 'generated');

/** The namespace sets the route tables' `texts(...)` name. */
function routeTexts() {
  const tables = [
    ...readdirSync('apps/web/src/app', { recursive: true }).map((name) => join('apps/web/src/app', name)),
    ...readdirSync('libs/web').flatMap((lib) =>
      readdirSync(join('libs/web', lib), { recursive: true })
        .filter((name) => String(name).endsWith('.routes.ts'))
        .map((name) => join('libs/web', lib, name)),
    ),
  ].filter((path) => path.endsWith('.ts') && !path.endsWith('.spec.ts'));
  const sets = [];
  for (const path of tables)
    for (const [, args] of readFileSync(path, 'utf8').matchAll(/\btexts\(([^)]*)\)/g)) {
      const names = [...args.matchAll(/'(\w+)'/g)].map((m) => m[1]);
      if (names.length) sets.push(names);
    }
  return sets;
}

const bundles = new Map();
for (const names of routeTexts()) {
  const unknown = names.filter((name) => !own.includes(name));
  if (unknown.length) continue; // tests/lint/translation-chunks.test.ts reports these
  const sorted = [...new Set(['common', ...names])].sort();
  bundles.set(sorted.join('+'), sorted);
}

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
  for (const [name, members] of bundles)
    chunks[name] = Object.assign({}, ...members.map((member) => chunks[member]));
  mkdirSync(join(out, lang), { recursive: true });
  for (const [name, value] of Object.entries(chunks))
    writeFileSync(join(out, lang, `${name}.json`), JSON.stringify(value));
}
