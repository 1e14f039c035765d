/** The esbuild metafile the production build writes (`statsJson`), as far as route-preload reads it. */
export interface Metafile {
  inputs: Record<string, { imports: { path: string; kind: string; original?: string }[] }>;
  outputs: Record<
    string,
    { inputs: Record<string, unknown>; imports: { path: string; kind: string }[]; entryPoint?: string }
  >;
}
export const FIRST_LOAD_DIR: string;
export function routeChunks(stats: Metafile, root?: string): Record<string, string[]>;
export function withPreloads(indexHtml: string, chunks: readonly string[]): string;
export function firstLoadFile(path: string): string;
