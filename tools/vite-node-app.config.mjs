import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The @kaizen/* path aliases of tsconfig.base.json, for vite and vitest: one source of truth. */
export function workspaceAliases() {
  const { compilerOptions } = JSON.parse(readFileSync(`${root}/tsconfig.base.json`, 'utf8'));
  return Object.entries(compilerOptions.paths).map(([find, [target]]) => ({
    find,
    replacement: `${root}/${target}`,
  }));
}

/** A Node app bundled by vite: our code in one CommonJS file per entry, node_modules left external. */
export function nodeAppConfig(app, entries) {
  return {
    root,
    resolve: { alias: workspaceAliases() },
    logLevel: 'warn',
    build: {
      ssr: true,
      target: 'node20',
      outDir: `${root}/dist/apps/${app}`,
      emptyOutDir: true,
      sourcemap: true,
      minify: false,
      rollupOptions: {
        input: Object.fromEntries(
          Object.entries(entries).map(([name, file]) => [name, `${root}/apps/${app}/${file}`]),
        ),
        output: { format: 'cjs', entryFileNames: '[name].js' },
        // Our libraries do nothing on import but define their exports (as "sideEffects": false says in a package),
        // so a file whose exports an app never uses is left out with what it requires: the worker, importing the
        // features' jobs modules, loads no controller, DTO, Swagger or validation code. Decorators count as side
        // effects otherwise, and a barrel would bring every decorated class it exports.
        treeshake: {
          moduleSideEffects: [{ test: /\/libs\/(api|shared)\//, external: false, sideEffects: false }],
        },
      },
    },
  };
}
