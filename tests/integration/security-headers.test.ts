import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';

/** The headers every response carries, whatever answered it: a route, an error, the router, or the web app. */
describe('security headers', () => {
  let database: TestDatabase;
  let behindProxy: RunningApi;
  let direct: RunningApi;
  let webRoot: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    webRoot = mkdtempSync(join(tmpdir(), 'kz-web-'));
    writeFileSync(
      join(webRoot, 'index.html'),
      '<!doctype html><title>Kaizen Loop</title><kz-root></kz-root>',
    );
    // Build output: esbuild's hash and the chunk optimizer's (mixed case, `_` and `-`), a stylesheet, an SVG.
    writeFileSync(join(webRoot, 'main-ABCD1234.js'), 'import("./chunk-Bz5l_9t-.js");\n');
    writeFileSync(join(webRoot, 'chunk-Bz5l_9t-.js'), 'export const answer = 42;\n');
    writeFileSync(join(webRoot, 'styles-ABCD1234.css'), 'body { margin: 0; }\n');
    writeFileSync(join(webRoot, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
    behindProxy = await startApi(
      testConfig(database.url, 'postgres', { TRUST_PROXY: 'true', WEB_ROOT: webRoot }),
    );
    direct = await startApi(testConfig(database.url, 'postgres', { TRUST_PROXY: 'false' }));
  });

  afterAll(async () => {
    await behindProxy?.close();
    await direct?.close();
    await database?.drop();
    rmSync(webRoot, { recursive: true, force: true });
  });

  // An API answer opened on its own needs nothing: its policy allows nothing. The web app's pages run our scripts.
  const nothing = /^default-src 'none'; frame-ancestors 'none'$/;
  const webApp = /script-src 'self'(;|$)/;
  const responses: Array<[string, string, RegExp, RequestInit?]> = [
    ['the health route', '/api/health', nothing],
    [
      'a validation error',
      '/api/auth/sign-in',
      nothing,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
    ],
    [
      'a 415',
      '/api/auth/sign-in',
      nothing,
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' },
    ],
    ['an unknown API route', '/api/no-such-route', nothing],
    ['a malformed URL', '/api/experiments/%ED%A0%80', nothing],
    ['an overlong path parameter', `/api/experiments/${'a'.repeat(500)}`, nothing],
    ['the API documentation (a page with scripts)', '/api/docs', webApp],
    ['the web app', '/', webApp],
    ['a deep link of the web app', '/experiments/123', webApp],
    ['a path that only starts like the API', '/apixyz', webApp],
    ['a missing chunk (the app shell answers)', '/chunk-ZZZZ9999.js', webApp],
    ['an SVG of the web app (a document when opened on its own)', '/favicon.svg', webApp],
  ];

  it.each(responses)(
    '%s carries CSP, nosniff, a referrer policy and frame-ancestors none',
    async (_name, path, policy, init) => {
      const response = await fetch(`${behindProxy.url}${path}`, init);
      await response.arrayBuffer();
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(policy);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    },
  );

  // A first load fetches dozens of these: the document-only headers would cost ~350 bytes each on a slow network.
  it.each([
    ['the entry script', '/main-ABCD1234.js', 'br'],
    ['a chunk named by the chunk optimizer', '/chunk-Bz5l_9t-.js', 'identity'],
    ['the stylesheet', '/styles-ABCD1234.css', 'gzip'],
  ])(
    '%s carries nosniff and a year of caching, but not the document-only headers',
    async (_name, path, encoding) => {
      const response = await fetch(`${behindProxy.url}${path}`, {
        headers: { 'accept-encoding': encoding, 'x-forwarded-proto': 'https' },
      });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=/);
      for (const header of [
        'content-security-policy',
        'referrer-policy',
        'x-frame-options',
        'cross-origin-opener-policy',
        // nor what only an answer someone may report needs, or what no one asks of a script
        'x-request-id',
        'last-modified',
        'accept-ranges',
      ])
        expect(response.headers.get(header), header).toBeNull();
      // kept for a year under a name that changes with its content: never revalidated
      expect(response.headers.get('etag')).toBeNull();
    },
  );

  it('sends HSTS only over https: behind a trusted proxy saying so, never on plain http or from an untrusted client', async () => {
    const overHttps = await fetch(`${behindProxy.url}/api/health`, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(overHttps.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
    const overHttp = await fetch(`${behindProxy.url}/api/health`);
    expect(overHttp.headers.get('strict-transport-security')).toBeNull();
    const untrusted = await fetch(`${direct.url}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(untrusted.headers.get('strict-transport-security')).toBeNull();
    expect(untrusted.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
