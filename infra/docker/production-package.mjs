// Writes the package.json of a production image: only the packages the built bundles `require`.
//
//   node infra/docker/production-package.mjs <bundle dir>... [--out FILE]
//
// The bundles (vite, CommonJS) keep node_modules external, so the image needs exactly the packages they
// require, at the versions the repository's lockfile pins. Keeping package-lock.json beside the result,
// `npm install --omit=dev` then installs those at their locked versions and nothing else: no Angular,
// no embedded PostgreSQL, no test tooling. A package the bundles require that is neither a dependency
// in package.json nor in the lockfile is an error, so an image can never build without something it needs.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const builtins = new Set(builtinModules);

/** Every JavaScript file below `dir`. */
function javascriptFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return javascriptFiles(path);
    return /\.(c|m)?js$/.test(name) ? [path] : [];
  });
}

/** `pg` for "pg", `@nestjs/core` for "@nestjs/core/foo"; null for relative paths and Node's own modules. */
export function packageNameOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const name = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : specifier.split('/')[0];
  return builtins.has(name) ? null : name;
}

/** The packages that the bundles in `dirs` require or import, sorted. */
export function requiredPackages(dirs) {
  const names = new Set();
  // The bundles are CommonJS: static requires, and dynamic imports if any. (No `from "x"`: SQL text has those.)
  const pattern = /\brequire\(\s*["']([^"']+)["']\s*\)|\bimport\(\s*["']([^"']+)["']\s*\)/g;
  for (const dir of dirs) {
    for (const file of javascriptFiles(dir)) {
      for (const match of readFileSync(file, 'utf8').matchAll(pattern)) {
        const name = packageNameOf(match[1] ?? match[2]);
        if (name) names.add(name);
      }
    }
  }
  return [...names].sort();
}

/**
 * The production package.json for the bundles in `dirs`: the root manifest's name and version (the API
 * reports that version), and a dependency on each required package, with the root manifest's range, or
 * else the exact version the lockfile holds (a package reached through another, like fastify).
 */
export function productionManifest(dirs, manifest, lockfile) {
  const declared = manifest.dependencies ?? {};
  const locked = lockfile.packages ?? {};
  const dependencies = {};
  const missing = [];
  for (const name of requiredPackages(dirs)) {
    const version = declared[name] ?? locked[`node_modules/${name}`]?.version;
    if (version) dependencies[name] = version;
    else missing.push(name);
  }
  if (missing.length > 0) {
    throw new Error(
      `the bundles require packages that are neither in package.json nor in the lockfile: ${missing.join(', ')}`,
    );
  }
  return {
    name: manifest.name,
    version: manifest.version,
    private: true,
    license: manifest.license,
    engines: manifest.engines,
    dependencies,
  };
}

function main(argv) {
  const dirs = [];
  let out = 'package.json';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i];
    else dirs.push(argv[i]);
  }
  if (dirs.length === 0) throw new Error('usage: production-package.mjs <bundle dir>... [--out FILE]');
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  const lockfile = JSON.parse(readFileSync('package-lock.json', 'utf8'));
  const result = productionManifest(
    dirs.map((dir) => resolve(dir)),
    manifest,
    lockfile,
  );
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`production dependencies: ${Object.keys(result.dependencies).join(', ')}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`production-package: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
