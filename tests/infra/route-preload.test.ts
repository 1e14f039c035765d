import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeChunks, withPreloads, type Metafile } from '../../tools/route-preload.mjs';
import { workspaceRoot } from '../support/processes';

/**
 * tools/route-preload.mjs against the production build (`npx nx run web:compress`): each page at a fixed path names
 * exactly the code its first load fetches, that is the chunk of its component (or route table and root page) and
 * every chunk those import, and nothing of the initial bundle.
 */
describe('first-load pages name their code (tools/route-preload.mjs)', () => {
  const statsFile = join(workspaceRoot, 'dist/apps/web/stats.json');

  it('finds the chunks of /, /sign-in and /experiments from the route tables and the metafile', () => {
    expect(existsSync(statsFile), 'build first: npx nx run web:compress').toBe(true);
    const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as Metafile;
    const pages = routeChunks(stats, workspaceRoot);
    const chunkWith = (source: string) =>
      Object.entries(stats.outputs).find(([, output]) => source in output.inputs)?.[0];
    const closure = (chunk: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(chunk) || chunk.startsWith('main-')) return seen;
      seen.add(chunk);
      for (const entry of stats.outputs[chunk].imports)
        if (entry.kind === 'import-statement') closure(entry.path, seen);
      return seen;
    };

    const signIn = chunkWith('libs/web/feature-account/src/lib/sign-in-page.component.ts') as string;
    expect(new Set(pages['sign-in'])).toEqual(closure(signIn));
    const home = chunkWith('apps/web/src/app/home/home-page.component.ts') as string;
    expect(new Set(pages[''])).toEqual(closure(home));
    const table = chunkWith('libs/web/feature-experiments/src/lib/experiments.routes.ts') as string;
    const list = chunkWith('libs/web/feature-experiments/src/lib/experiments-page.component.ts') as string;
    expect(new Set(pages['experiments'])).toEqual(new Set([...closure(table), ...closure(list)]));
    // Not the detail or form pages: only what the list needs.
    const detail = chunkWith('libs/web/feature-experiments/src/lib/experiment-detail-page.component.ts');
    expect(pages['experiments']).not.toContain(detail);

    for (const [path, chunks] of Object.entries(pages)) {
      expect(path, 'no path with a parameter').not.toMatch(/[:*]/);
      expect(
        chunks.some((chunk) => chunk.startsWith('main-')),
        path,
      ).toBe(false);
    }
  });

  it('names them after main, so main is asked for first', () => {
    const index =
      '<html><head><title>K</title></head><body><kz-root></kz-root><script src="main-ABCD1234.js" type="module"></script></body></html>';
    expect(withPreloads(index, ['chunk-A.js', 'chunk-B.js'])).toBe(
      '<html><head><title>K</title></head><body><kz-root></kz-root><script src="main-ABCD1234.js" type="module"></script>' +
        '<link rel="preload" as="script" crossorigin href="chunk-A.js">' +
        '<link rel="preload" as="script" crossorigin href="chunk-B.js"></body></html>',
    );
  });
});
