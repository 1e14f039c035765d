// Build step (`nx run web:chunks`, after `nx run web:build`, before `web:compress`): regroups the lazy chunks of
// the built web app so that a first load of `/`, `/sign-in` or the experiments list fetches its page in one round
// trip after main.js, in one wave of HTTP/1.1's six connections. Angular's chunk optimizer groups modules by the
// exact set of the 19 lazy routes that use them, which left a first page at its own chunk, then 10 to 14 shared
// chunks that the browser found only once that chunk had arrived: two or three waves of 150 ms round trips.
// Here a module reached by a first-load page goes to a chunk named by the set of first-load pages that reach it
// (the page itself included), so each of those pages needs at most four chunks and no byte it does not use; other
// modules keep rolldown's own grouping. Then every `import()` of a chunk also asks for that chunk's static imports
// at once, as Vite's preload does, instead of after parsing it. main.js keeps its name (Angular's chunk optimizer
// already writes main under the hash of esbuild's output); a run over its own output changes nothing.
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rolldown } from 'rolldown';

const root = process.argv[2] ?? 'dist/apps/web/browser';
// The pages people land on first, by the name their route's loadComponent takes from the chunk.
const firstLoadPages = {
  home: 'HomePageComponent',
  'sign-in': 'SignInPageComponent',
  experiments: 'ExperimentsPageComponent',
};
const marker = '/* first-load chunks */';

const files = readdirSync(root);
const mainFile = files.find((name) => /^main-[\w-]+\.js$/.test(name));
if (!mainFile) throw new Error(`no main-*.js in ${root}`);
const chunks = new Map(
  files.filter((name) => name.endsWith('.js')).map((name) => [name, readFileSync(join(root, name), 'utf8')]),
);
if (chunks.get(mainFile).startsWith(marker)) {
  console.log(`first-load chunks: ${root} already regrouped`);
  process.exit(0);
}

/** Per module, the first-load pages that reach it through static imports (main excluded), worked out once. */
let reachedBy;
function firstLoadGroup(id, ctx) {
  if (!reachedBy) {
    reachedBy = new Map();
    for (const [page, exportName] of Object.entries(firstLoadPages)) {
      const pageModule = [...chunks.keys()].find((name) =>
        new RegExp(`export\\s*\\{[^}]*\\b${exportName}\\s*[,}]`).test(ctx.getModuleInfo(name)?.code ?? ''),
      );
      if (!pageModule) throw new Error(`no chunk exports ${exportName}: update firstLoadPages`);
      const stack = [pageModule];
      while (stack.length) {
        const module = stack.pop();
        if (module === mainFile || reachedBy.get(module)?.has(page)) continue;
        reachedBy.set(module, (reachedBy.get(module) ?? new Set()).add(page));
        stack.push(...(ctx.getModuleInfo(module)?.importedIds ?? []));
      }
    }
  }
  const pages = reachedBy.get(id);
  return pages ? `first-${[...pages].sort().join('-')}` : null;
}

const used = new Set();
const bundle = await rolldown({
  input: mainFile,
  // Required by includeDependenciesRecursively: false; main exports only what the chunks import from it.
  preserveEntrySignatures: 'allow-extension',
  plugins: [
    {
      name: 'built-chunks',
      resolveId(source) {
        const name = source.replace(/^\.\//, '');
        // Everything but the build's own chunks stays as it is (as in Angular's chunk optimizer).
        return chunks.has(name) ? name : { id: source, external: true };
      },
      load(id) {
        const name = id.replace(/^.*[\\/]/, '');
        used.add(name);
        return chunks.get(name);
      },
    },
  ],
});
let output;
try {
  ({ output } = await bundle.generate({
    // As Angular's chunk optimizer: whitespace only, the names were mangled by esbuild.
    minify: { mangle: false, compress: false },
    entryFileNames: '[name].js',
    chunkFileNames: 'chunk-[hash].js',
    // The groups are closed under their imports but for main, which must stay the entry's own chunk.
    codeSplitting: { includeDependenciesRecursively: false, groups: [{ name: firstLoadGroup }] },
  }));
} finally {
  await bundle.close();
}

// A chunk's static imports, all the way down, but main (already loaded by whoever imports anything).
const emitted = new Map(
  output.filter((item) => item.type === 'chunk').map((chunk) => [chunk.fileName, chunk]),
);
function staticImports(fileName, seen = new Set()) {
  for (const name of emitted.get(fileName)?.imports ?? [])
    if (name !== mainFile && !seen.has(name)) staticImports(name, seen.add(name));
  return seen;
}
const dynamicImport = /import\(\s*(["'`])\.\/(chunk-[\w-]+\.js)\1\s*\)/g;
for (const name of used)
  for (const suffix of ['', '.br', '.gz'])
    if (existsSync(join(root, name + suffix))) unlinkSync(join(root, name + suffix));
for (const chunk of emitted.values()) {
  const code = chunk.code.replace(dynamicImport, (call, quote, target) => {
    const also = [...staticImports(target)];
    if (also.length === 0) return call;
    const list = [target, ...also].map((name) => `${quote}./${name}${quote}`).join(',');
    return `Promise.all([${list}].map(u=>import(u))).then(m=>m[0])`;
  });
  writeFileSync(join(root, chunk.fileName), chunk.fileName === mainFile ? `${marker}${code}` : code);
}
console.log(`first-load chunks: ${root}: ${used.size} chunks became ${emitted.size}`);
