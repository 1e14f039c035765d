import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { workspaceRoot } from '../support/processes';

/**
 * The build step `nx run web:chunks` (tools/first-load-chunks.mjs), on a small build shaped like Angular's output:
 * main with the route table, each page in a chunk of its own importing shared chunks, as the chunk optimizer
 * leaves them. A first-load page must come in one round trip after main (its chunk and everything that chunk
 * imports asked for at once), with no code it does not use, and every page must still load.
 */
describe('first-load chunks', () => {
  let root: string;
  const build: Record<string, string> = {
    'main-AAAAAAAA.js': [
      'export const core = "core";',
      'export const routes = {',
      '  signIn: () => import("./chunk-SIGNIN1.js").then((m) => m.SignInPageComponent),',
      '  experiments: () => import("./chunk-EXPLIST.js").then((m) => m.ExperimentsPageComponent),',
      '  home: () => import("./chunk-HOMEPG1.js").then((m) => m.HomePageComponent),',
      '  admin: () => import("./chunk-ADMINPG.js").then((m) => m.AdminPageComponent),',
      '};',
    ].join('\n'),
    'chunk-SIGNIN1.js':
      'import { core } from "./main-AAAAAAAA.js"; import { field } from "./chunk-FORMFLD.js"; import { button } from "./chunk-BUTTONS.js";\n' +
      'const SignInPageComponent = ["sign-in page", core, field, button].join(" ");\nexport { SignInPageComponent };',
    'chunk-EXPLIST.js':
      'import { button } from "./chunk-BUTTONS.js"; import { table } from "./chunk-TABLES1.js";\n' +
      'const ExperimentsPageComponent = ["list page", button, table].join(" ");\nexport { ExperimentsPageComponent };',
    'chunk-HOMEPG1.js':
      'import { button } from "./chunk-BUTTONS.js";\nconst HomePageComponent = "home page " + button;\nexport { HomePageComponent };',
    'chunk-ADMINPG.js':
      'import { field } from "./chunk-FORMFLD.js"; import { table } from "./chunk-TABLES1.js"; import { tree } from "./chunk-ADMTREE.js";\n' +
      'const AdminPageComponent = ["admin page", field, table, tree].join(" ");\nexport { AdminPageComponent };',
    'chunk-FORMFLD.js':
      'import { core } from "./main-AAAAAAAA.js";\nexport const field = "form field " + core;',
    'chunk-BUTTONS.js': 'export const button = "button";',
    'chunk-TABLES1.js': 'export const table = "table";',
    'chunk-ADMTREE.js': 'export const tree = "tree";',
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kaizen-chunks-'));
    for (const [name, code] of Object.entries(build)) writeFileSync(join(root, name), code);
    writeFileSync(join(root, 'index.html'), '<script src="main-AAAAAAAA.js" type="module"></script>');
    execFileSync(process.execPath, [join(workspaceRoot, 'tools/first-load-chunks.mjs'), root], {
      cwd: workspaceRoot,
    });
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const read = (name: string) => readFileSync(join(root, name), 'utf8');
  const staticImports = (name: string) =>
    [...read(name).matchAll(/(?:from|import)\s*["'`]\.\/([\w-]+\.js)["'`]/g)].map((m) => m[1]);
  /** The lists of chunks main asks for at once, each when one route opens. */
  const loads = () =>
    [...read('main-AAAAAAAA.js').matchAll(/Promise\.all\(\[([^\]]*)\]/g)].map((match) =>
      [...match[1].matchAll(/\.\/([\w-]+\.js)/g)].map((m) => m[1]),
    );
  /** The list whose first chunk holds the page (the one the route takes its component from). */
  function askedFor(page: string): string[] {
    const load = loads().find(([first]) => read(first).includes(page));
    expect(load, `main asks for the chunks of the ${page} at once`).toBeDefined();
    return load ?? [];
  }

  it('asks for a first-load page and everything it imports at once, and nothing else', () => {
    const signIn = askedFor('sign-in page');
    for (const name of signIn)
      for (const imported of staticImports(name))
        expect([...signIn, 'main-AAAAAAAA.js'], `${name} imports ${imported}`).toContain(imported);
    const code = signIn.map(read).join('\n');
    expect(code).toContain('form field');
    expect(code).not.toContain('"table"');
    expect(code).not.toContain('list page');
    expect(code).not.toContain('"tree"');

    const list = askedFor('list page');
    expect(list.map(read).join('\n')).not.toContain('sign-in page');
    expect(list.map(read).join('\n')).not.toContain('form field');
  });

  it('still loads every page, with the code it imports', () => {
    // In a plain Node process, as a browser would: vitest's module runner handles import() itself.
    const pages = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { routes } = await import(${JSON.stringify(pathToFileURL(join(root, 'main-AAAAAAAA.js')).href)});
         const names = Object.keys(routes);
         const loaded = await Promise.all(names.map((name) => routes[name]()));
         console.log(JSON.stringify(Object.fromEntries(names.map((name, i) => [name, loaded[i]]))));`,
      ],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(pages)).toEqual({
      signIn: 'sign-in page core form field core button',
      experiments: 'list page button table',
      home: 'home page button',
      admin: 'admin page form field core table tree',
    });
  });

  it('changes nothing when it runs again', () => {
    const before = Object.fromEntries(readdirSync(root).map((name) => [name, read(name)]));
    execFileSync(process.execPath, [join(workspaceRoot, 'tools/first-load-chunks.mjs'), root], {
      cwd: workspaceRoot,
    });
    expect(Object.fromEntries(readdirSync(root).map((name) => [name, read(name)]))).toEqual(before);
  });
});
