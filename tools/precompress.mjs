// Build step (`nx run web:compress`, after `nx run web:prerender`): writes a brotli (.br) and a gzip (.gz) copy beside
// every text file of the built web app, at the highest levels, so the API serves them compressed without spending
// CPU per request (@fastify/static `preCompressed`). A copy that saves less than 5 % is not written.
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = process.argv[2] ?? 'dist/apps/web/browser';
const compressible = /\.(js|mjs|css|html|json|svg|txt|xml|webmanifest|map)$/;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (compressible.test(entry.name)) yield path;
  }
}

let before = 0;
let brotli = 0;
let gzip = 0;
for (const path of files(root)) {
  const content = readFileSync(path);
  before += content.length;
  const variants = [
    [
      '.br',
      () =>
        brotliCompressSync(content, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        }),
    ],
    ['.gz', () => gzipSync(content, { level: 9 })],
  ];
  for (const [extension, compress] of variants) {
    const compressed = compress();
    const target = `${path}${extension}`;
    if (compressed.length < content.length * 0.95) {
      writeFileSync(target, compressed);
      if (extension === '.br') brotli += compressed.length;
      else gzip += compressed.length;
    } else {
      try {
        if (statSync(target)) unlinkSync(target); // a stale copy from an earlier build must not be served
      } catch {
        // none
      }
    }
  }
}
const kB = (bytes) => `${Math.round(bytes / 1000)} kB`;
process.stdout.write(
  `precompress: ${root}: ${kB(before)} of text, ${kB(brotli)} as brotli, ${kB(gzip)} as gzip\n`,
);
