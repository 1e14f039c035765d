import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceRoot } from '../support/processes';

/**
 * The web app loads its texts in chunks (libs/web/util-i18n: translations/chunks.json, tools/split-translations.mjs):
 * the common namespaces at start, every namespace listed in chunks.json only when a route names it with
 * `texts(...)`. A page whose route forgot one would show raw keys, so this reads the sources: every key a page's
 * code names (a string starting with a namespace and a dot) must be common or named by the route that opens it.
 */
const i18n = join(workspaceRoot, 'libs/web/util-i18n/src/lib/translations');
const own: string[] = JSON.parse(readFileSync(join(i18n, 'chunks.json'), 'utf8')).own;
const english = JSON.parse(readFileSync(join(i18n, 'en.json'), 'utf8')) as Record<string, unknown>;
const namespaces = Object.keys(english);

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    keysOf(child, prefix ? `${prefix}.${key}` : key),
  );
}
const keys = keysOf(english);

/** The chunked namespaces of the keys a source names: whole keys, or the start of one ('status.' + value). */
function namedIn(source: string): string[] {
  const named = new Set<string>();
  for (const [, namespace, rest] of source.matchAll(/['"`](\w+)\.([\w.]*)/g)) {
    if (!own.includes(namespace)) continue;
    const path = `${namespace}.${rest}`;
    const isKey = (key: string) =>
      key === path || key.startsWith(path.endsWith('.') || rest === '' ? path : `${path}.`);
    // 'experiments.read' is a permission, not a text.
    if (keys.some(isKey)) named.add(namespace);
  }
  return [...named];
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return /\.(ts|html)$/.test(entry.name) && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The chunked namespaces a page's code names: its file, its template, and what it imports, followed through. */
function usedFrom(file: string, seen = new Set<string>()): Set<string> {
  const used = new Set<string>();
  if (seen.has(file)) return used;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  const template = /templateUrl: '([^']+)'/.exec(source)?.[1];
  for (const text of [source, template ? readFileSync(join(dirname(file), template), 'utf8') : ''])
    for (const namespace of namedIn(text)) used.add(namespace);
  const next = [
    ...[...source.matchAll(/(?:from |import\()'(\.[^']+)'/g)].map(([, path]) =>
      resolveTs(join(dirname(file), path)),
    ),
    // Another feature or ui library: all of it, as its pages may show any of its texts.
    ...[...source.matchAll(/from '@kaizen\/web\/((?:feature|ui)-[\w-]+)/g)].flatMap(([, lib]) =>
      files(join(workspaceRoot, 'libs/web', lib, 'src')).filter((path) => path.endsWith('.ts')),
    ),
  ];
  for (const path of next) for (const namespace of usedFrom(path, seen)) used.add(namespace);
  return used;
}

function resolveTs(path: string): string {
  return [`${path}.ts`, join(path, 'index.ts')].find((candidate) => existsSync(candidate)) ?? `${path}.ts`;
}

/** Each route of the app's tables that loads code: the file it starts from, and the namespaces its `texts(...)` names. */
function routes(): { loads: string; file: string; texts: string[] }[] {
  const app = join(workspaceRoot, 'apps/web/src/app');
  return ['app.routes.ts', 'lazy.routes.ts'].flatMap((name) => {
    const source = readFileSync(join(app, name), 'utf8');
    return source.split(/\n {2}\{/).flatMap((block) => {
      // A lazy table (`loadChildren: () => import(...)`), or one in the initial bundle (`children: accountRoutes`,
      // imported at the top of the file).
      const child = /children: (\w+)/.exec(block)?.[1];
      const imported = child
        ? new RegExp(`import \\{[^}]*\\b${child}\\b[^}]*\\} from '([^']+)'`).exec(source)?.[1]
        : undefined;
      const loads = /import\('([^']+)'\)/.exec(block)?.[1] ?? imported;
      if (!loads || loads === './lazy.routes') return [];
      const named = /texts\(([^)]*)\)/.exec(block)?.[1] ?? '';
      const exported = /then\(\(m\) => m\.(\w+)\)/.exec(block)?.[1] ?? child ?? '';
      return [
        {
          loads,
          file: entryFile(app, loads, exported),
          texts: [...named.matchAll(/'(\w+)'/g)].map((m) => m[1]),
        },
      ];
    });
  });
}

/** The file a route's import leads to: for a library, the file its index takes the named routes from. */
function entryFile(app: string, loads: string, exported: string): string {
  if (!loads.startsWith('@kaizen/web/')) return resolveTs(join(app, loads));
  const [, , lib, entry] = loads.split('/');
  const src = join(workspaceRoot, 'libs/web', lib, 'src');
  const index = readFileSync(join(src, `${entry ?? 'index'}.ts`), 'utf8');
  const from = new RegExp(`export \\{[^}]*\\b${exported}\\b[^}]*\\} from '([^']+)'`).exec(index)?.[1];
  return resolveTs(join(src, from ?? 'index'));
}

interface Page {
  file: string;
  texts: string[];
  /** Files not to follow from this one: pages checked on their own. */
  skip?: string[];
}

/**
 * What a route opens, each with the namespaces loaded by then: its file with the route's texts; where that file is
 * a feature's route table whose pages name more (`texts(...)` in the table), each such page with those added, and
 * the table with the rest of its pages with the route's texts alone.
 */
function pagesOf(file: string, texts: string[]): Page[] {
  const source = readFileSync(file, 'utf8');
  if (!/: Routes = \[/.test(source)) return [{ file, texts }];
  const naming = source.split(/\n {2}\{/).flatMap((block) => {
    const loads = /import\('(\.[^']+)'\)/.exec(block)?.[1];
    const named = /texts\(([^)]*)\)/.exec(block)?.[1];
    if (!loads || named === undefined) return [];
    const more = [...named.matchAll(/'(\w+)'/g)].map((m) => m[1]);
    return [{ file: resolveTs(join(dirname(file), loads)), texts: [...texts, ...more] }];
  });
  return [{ file, texts, skip: naming.map((page) => page.file) }, ...naming];
}

describe('translation chunks', () => {
  it('list only namespaces the texts have', () => {
    expect(own.filter((namespace) => !namespaces.includes(namespace))).toEqual([]);
  });

  it('are named by every route whose pages use them, so no page shows a raw key', () => {
    const table = routes();
    expect(table.length).toBeGreaterThan(10);
    for (const route of table)
      for (const page of pagesOf(route.file, route.texts)) {
        expect(
          page.texts.filter((namespace) => !own.includes(namespace)),
          `${page.file}: not chunked`,
        ).toEqual([]);
        const missing = [...usedFrom(page.file, new Set(page.skip))].filter(
          (namespace) => !page.texts.includes(namespace),
        );
        expect(missing, `${page.file} uses these chunks without texts(...) naming them`).toEqual([]);
      }
  });

  it('leave the shell and the shared pieces to common texts', () => {
    for (const dir of ['apps/web/src/app/app.component.ts', 'libs/web/ui-shell/src', 'libs/web/ui-kit/src']) {
      const path = join(workspaceRoot, dir);
      const used = (dir.endsWith('.ts') ? [path] : files(path)).flatMap((file) =>
        namedIn(readFileSync(file, 'utf8')),
      );
      expect(used, dir).toEqual([]);
    }
  });
});
