// Build step (`nx run web:compress`, after `nx run web:build` and before precompression): writes, for each page a
// first load can open at a fixed path (`/`, `/sign-in`, `/experiments`, ...), a copy of index.html that names the
// code of that page with <link rel="preload">, into <browser>/first-load/<path>.html (`/` is index.html there).
// The API (and nginx) answer a first load of that path with it. Without it the browser learns of a page's code one
// chunk at a time: main, then the page's chunk once main ran, then the chunks that chunk imports once it arrived;
// on a slow network each is a round trip. With it they all download alongside main.
//
// The pages come from the route tables themselves (apps/web/src/app/app.routes.ts and the tables it reaches, read
// with TypeScript's parser), and their chunks from the build's esbuild metafile (`statsJson`): the chunk that holds a
// page's component or route table, and every chunk it imports statically. Paths with a parameter are skipped; so
// is anything deeper in a lazy table than its own root page.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const ROUTES = 'apps/web/src/app/app.routes.ts';
const ROUTES_EXPORT = 'appRoutes';
export const FIRST_LOAD_DIR = 'first-load';

/** `{ 'sign-in': ['chunk-A.js', ...], '': [...] }`: each path's chunks, read from the sources and the metafile. */
export function routeChunks(stats, root = process.cwd()) {
  const chunkOf = new Map();
  for (const [output, { inputs }] of Object.entries(stats.outputs))
    if (output.endsWith('.js')) for (const input of Object.keys(inputs)) chunkOf.set(input, output);
  const resolve = (from, specifier) => {
    const found = stats.inputs[from]?.imports.find((entry) => entry.original === specifier);
    if (!found) throw new Error(`route-preload: ${from} imports ${specifier}, which the build did not see`);
    return found.path;
  };
  const parsed = new Map();
  const source = (file) => {
    if (!parsed.has(file))
      parsed.set(
        file,
        ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true),
      );
    return parsed.get(file);
  };

  /** The array literal exported (or declared) as `name` in `file`, following `export { x } from` and `export *`. */
  const table = (file, name) => {
    for (const statement of source(file).statements) {
      if (ts.isVariableStatement(statement))
        for (const declaration of statement.declarationList.declarations)
          if (declaration.name.getText() === name && declaration.initializer) {
            const value = declaration.initializer;
            if (ts.isArrayLiteralExpression(value)) return { file, array: value };
          }
      if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
        const specifier = statement.moduleSpecifier.text;
        const clause = statement.exportClause;
        if (!clause) {
          const found = tryTable(resolve(file, specifier), name);
          if (found) return found;
        } else if (ts.isNamedExports(clause)) {
          const element = clause.elements.find((e) => e.name.text === name);
          if (element) return table(resolve(file, specifier), (element.propertyName ?? element.name).text);
        }
      }
    }
    // An identifier imported from elsewhere.
    for (const statement of source(file).statements) {
      if (!ts.isImportDeclaration(statement)) continue;
      const bindings = statement.importClause?.namedBindings;
      if (!bindings || !ts.isNamedImports(bindings)) continue;
      const element = bindings.elements.find((e) => e.name.text === name);
      if (element)
        return table(
          resolve(file, statement.moduleSpecifier.text),
          (element.propertyName ?? element.name).text,
        );
    }
    throw new Error(`route-preload: no route table ${name} in ${file}`);
  };
  const tryTable = (file, name) => {
    try {
      return table(file, name);
    } catch {
      return null;
    }
  };

  const property = (object, name) =>
    object.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === name)?.initializer;
  /** `() => import('x')` or `() => import('x').then((m) => m.name)`: the file imported and the name taken. */
  const lazy = (file, value) => {
    let call;
    let name;
    const visit = (node) => {
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) call = node;
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) name = node.name.text;
      ts.forEachChild(node, visit);
    };
    visit(value);
    if (!call || !ts.isStringLiteral(call.arguments[0])) return null;
    return { file: resolve(file, call.arguments[0].text), name };
  };

  /** The source files a first load of this table's root page ('') needs, beyond the bundle. */
  const rootPage = ({ file, array }) => {
    for (const element of array.elements) {
      if (!ts.isObjectLiteralExpression(element)) continue;
      const path = property(element, 'path');
      if (!path || !ts.isStringLiteral(path) || path.text !== '') continue;
      const page = entries(file, element);
      if (page.length) return page;
    }
    return [];
  };
  /** One route's lazy code: its component, or its table and that table's root page. */
  const entries = (file, route) => {
    const component = property(route, 'loadComponent');
    if (component) return [lazy(file, component)?.file].filter(Boolean);
    const children = property(route, 'loadChildren');
    if (children) {
      const loaded = lazy(file, children);
      if (!loaded?.name) return [];
      return [loaded.file, ...rootPage(table(loaded.file, loaded.name))];
    }
    const inline = property(route, 'children');
    if (inline)
      return rootPage(
        ts.isArrayLiteralExpression(inline) ? { file, array: inline } : table(file, inline.getText()),
      );
    return [];
  };

  const pages = new Map();
  const walk = ({ file, array }, prefix) => {
    for (const element of array.elements) {
      if (!ts.isObjectLiteralExpression(element)) continue;
      const pathNode = property(element, 'path');
      if (!pathNode || !ts.isStringLiteral(pathNode)) continue;
      const path = pathNode.text;
      const full = [prefix, path].filter(Boolean).join('/');
      if (path.includes(':') || path.includes('*')) continue;
      const inline = property(element, 'children');
      // A pass-through '' route: its children sit at the same level.
      if (path === '' && inline && !ts.isArrayLiteralExpression(inline)) {
        walk(table(file, inline.getText()), prefix);
        continue;
      }
      if (path === '' && inline) {
        walk({ file, array: inline }, prefix);
        continue;
      }
      // The router takes the first match.
      if (pages.has(full)) continue;
      const sources = entries(file, element);
      if (sources.length) pages.set(full, sources);
    }
  };
  walk(table(ROUTES, ROUTES_EXPORT), '');

  const result = {};
  for (const [path, sources] of pages) {
    const chunks = new Set();
    const add = (chunk) => {
      // main (an entry point) is requested by index.html itself.
      if (!chunk || chunks.has(chunk) || stats.outputs[chunk].entryPoint) return;
      chunks.add(chunk);
      for (const entry of stats.outputs[chunk].imports)
        if (entry.kind === 'import-statement') add(entry.path);
    };
    for (const file of sources) add(chunkOf.get(file));
    if (chunks.size) result[path] = [...chunks];
  }
  return result;
}

/**
 * index.html with the page's chunks named after main's script tag: the preload scanner finds them with main, and
 * main, the biggest and first needed, is asked for first. `preload as=script crossorigin` (a module script's
 * request: cors, same-origin credentials) only downloads: `modulepreload` also compiled each chunk as it arrived,
 * and that main-thread work (4x throttled) then came before the session's refresh request rather than during it
 * (measured: /sign-in a median 0.6 s slower than with no preload; with `preload`, no slower, and the refresh first,
 * faster).
 */
export function withPreloads(indexHtml, chunks) {
  const links = chunks
    .map((chunk) => `<link rel="preload" as="script" crossorigin href="${chunk}">`)
    .join('');
  const main = /<script src="main-[^"]+\.js" type="module"><\/script>/;
  if (!main.test(indexHtml)) throw new Error('route-preload: no main script tag in index.html');
  return indexHtml.replace(main, (tag) => `${tag}${links}`);
}

/** The file a first load of `path` (no leading slash) is answered with, under the browser folder. */
export const firstLoadFile = (path) => `${FIRST_LOAD_DIR}/${path === '' ? 'index' : path}.html`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? 'dist/apps/web';
  const statsFile = join(out, 'stats.json');
  if (!existsSync(statsFile)) {
    process.stderr.write(`route-preload: no ${statsFile} (the production build writes it: statsJson)\n`);
    process.exit(1);
  }
  const browser = join(out, 'browser');
  const chunks = routeChunks(JSON.parse(readFileSync(statsFile, 'utf8')));
  const index = readFileSync(join(browser, 'index.html'), 'utf8');
  rmSync(join(browser, FIRST_LOAD_DIR), { recursive: true, force: true });
  for (const [path, files] of Object.entries(chunks)) {
    const target = join(browser, firstLoadFile(path));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, withPreloads(index, files));
  }
  process.stdout.write(
    `route-preload: ${Object.keys(chunks).length} first-load pages: ${Object.entries(chunks)
      .map(([path, files]) => `/${path} (${files.length})`)
      .join(', ')}\n`,
  );
}
