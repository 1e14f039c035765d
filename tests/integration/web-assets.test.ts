import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { webCacheControl } from '../../apps/api/src/create-api';
import { startApi, type RunningApi } from '../support/running-apps';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET that neither asks for nor undoes compression by itself, so the test sees the bytes on the wire. */
function get(
  url: string,
  acceptEncoding?: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      { headers: { ...headers, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    call.on('error', reject);
    call.end();
  });
}

/**
 * The web app's files as the API serves them: the brotli or gzip copy the build step wrote, chosen by
 * Accept-Encoding, a year's cache for names with a content hash and none for index.html.
 */
describe('the built web app, served precompressed with long cache lifetimes', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let webRoot: string;
  const script = `export const answer = ${JSON.stringify('de lus van plannen, uitvoeren, toetsen en borgen '.repeat(400))};\n`;
  const signIn = (language: string) =>
    `<!doctype html><html lang="${language}"><body><kz-root ngh="0">${'<h1>sign in</h1>'.repeat(50)}</kz-root></body></html>`;
  const index = `<!doctype html><html lang="en"><head><title>Kaizen Loop</title>${'<link rel="modulepreload" href="chunk-ABCDEFGH.js">'.repeat(20)}</head><body><kz-root></kz-root><script src="main-ABCDEFGH.js" type="module"></script></body></html>`;

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'kaizen-web-'));
    writeFileSync(join(webRoot, 'index.html'), index);
    writeFileSync(join(webRoot, 'main-ABCDEFGH.js'), script);
    writeFileSync(join(webRoot, 'favicon.ico'), Buffer.alloc(200, 1));
    // Pages rendered ahead, as tools/prerender.mjs writes them.
    mkdirSync(join(webRoot, 'sign-in'));
    for (const language of ['en', 'nl'])
      writeFileSync(join(webRoot, 'sign-in', `index.${language}.html`), signIn(language));
    // The build step itself, as `nx run web:compress` runs it.
    execFileSync(process.execPath, ['tools/precompress.mjs', webRoot]);
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres', { WEB_ROOT: webRoot }));
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('sends the brotli copy to browsers that take it, gzip to those that take only gzip, and the file itself to the rest', async () => {
    const brotli = await get(`${api.url}/main-ABCDEFGH.js`, 'gzip, deflate, br, zstd');
    expect(brotli.status).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotli.headers['vary']).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(brotli.body).toString()).toBe(script);
    expect(brotli.body.length).toBeLessThan(script.length / 10);

    const gzip = await get(`${api.url}/main-ABCDEFGH.js`, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(script);

    const plain = await get(`${api.url}/main-ABCDEFGH.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('lets browsers keep hashed files for a year, and asks again for index.html, also behind a deep link', async () => {
    expect((await get(`${api.url}/main-ABCDEFGH.js`, 'br')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    for (const path of ['/', '/index.html', '/experiments/some-id']) {
      const page = await get(`${api.url}${path}`, 'br, gzip');
      expect(page.status, path).toBe(200);
      expect(page.headers['cache-control'], path).toBe('no-cache');
      expect(page.headers['content-encoding'], path).toBe('br');
      expect(brotliDecompressSync(page.body).toString(), path).toBe(index);
    }
    expect((await get(`${api.url}/favicon.ico`, 'br')).headers['cache-control']).toBe('public, max-age=3600');
  });

  it("serves a page rendered ahead in the language chosen in the app, else the browser's, else English", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'accept-language': 'nl-NL,nl;q=0.9,en;q=0.8' }, 'nl'],
      [{ 'accept-language': 'de-DE, en;q=0.5, nl;q=0.7' }, 'nl'],
      [{ 'accept-language': 'fr-FR' }, 'en'],
      [{}, 'en'],
      [{ 'accept-language': 'nl', cookie: 'kz_language=en' }, 'en'],
      [{ 'accept-language': 'en', cookie: 'other=1; kz_language=nl' }, 'nl'],
      // A cookie or header this app does not speak, or that an attacker wrote, picks a copy that exists.
      [{ 'accept-language': 'nl', cookie: 'kz_language=../../etc/passwd' }, 'nl'],
      [{ 'accept-language': '*;q=2, <nl>, nl;q=x', cookie: 'kz_language=%00' }, 'en'],
    ];
    for (const [headers, language] of cases) {
      for (const path of ['/sign-in', '/sign-in?returnUrl=%2Fexperiments']) {
        const page = await get(`${api.url}${path}`, 'br', headers);
        const label = `${path} ${JSON.stringify(headers)}`;
        expect(page.status, label).toBe(200);
        expect(page.headers['cache-control'], label).toBe('no-cache');
        expect(page.headers['vary'], label).toMatch(/cookie/i);
        expect(page.headers['vary'], label).toMatch(/accept-language/i);
        expect(page.headers['content-security-policy'], label).toMatch(/script-src 'self'/);
        expect(brotliDecompressSync(page.body).toString(), label).toBe(signIn(language));
      }
    }
    // Other pages stay rendered in the browser, from the one shell.
    const other = await get(`${api.url}/sign-up`, 'br', { 'accept-language': 'nl' });
    expect(brotliDecompressSync(other.body).toString()).toBe(index);
  });

  it('revalidates index.html by its ETag alone (no Last-Modified is sent)', async () => {
    const first = await get(`${api.url}/experiments/some-id`, 'br');
    expect(first.headers['etag']).toBeTruthy();
    expect(first.headers['last-modified']).toBeUndefined();
    // node:http, since fetch adds Cache-Control: no-cache to a request that carries a validator itself
    const again = await new Promise<number>((resolve, reject) =>
      request(
        `${api.url}/experiments/some-id`,
        { headers: { 'accept-encoding': 'br', 'if-none-match': String(first.headers['etag']) } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end(),
    );
    expect(again).toBe(304);
  });

  it('keeps a hashed name, a media file, index.html and anything else apart, compressed copies included', () => {
    expect(webCacheControl('/srv/web/chunk-3LW4YSXI.js.br')).toBe('public, max-age=31536000, immutable');
    expect(webCacheControl('/srv/web/styles-5INURTSO.css')).toBe('public, max-age=31536000, immutable');
    // The chunk optimizer (NG_BUILD_OPTIMIZE_CHUNKS) names chunks by a base64url hash.
    expect(webCacheControl('/srv/web/chunk-Bz5l_9t-.js.gz')).toBe('public, max-age=31536000, immutable');
    expect(webCacheControl('/srv/web/media/roboto-ABC123.woff2')).toBe('public, max-age=31536000, immutable');
    expect(webCacheControl('/srv/web/index.html.gz')).toBe('no-cache');
    expect(webCacheControl('/srv/web/sign-in/index.nl.html.br')).toBe('no-cache');
    expect(webCacheControl('/srv/web/favicon.ico')).toBe('public, max-age=3600');
  });
});
