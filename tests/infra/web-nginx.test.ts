import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, workspaceRoot } from '../support/processes';
import { requireProgram, run } from './support/tools';

/**
 * The web image's nginx configuration, run for real on this machine's nginx (Debian's): the template is
 * rendered as the image's entrypoint renders it, only the listen address and the web root moved to
 * a free port and a scratch folder.
 */
const template = readFileSync(join(workspaceRoot, 'infra/docker/nginx/default.conf.template'), 'utf8');

/** As the nginx image's 20-envsubst-on-templates.sh: ${NAME} of defined variables only; nginx's $vars stay. */
function render(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => env[name] ?? whole);
}

describe('web image: nginx serves the app with SPA fallback and proxies /api', () => {
  let nginx: ChildProcess | undefined;
  let api: Server;
  let apiPort: number;
  let base: string;
  let dir: string;
  let nginxOutput = '';

  beforeAll(async () => {
    const nginxBinary = requireProgram('nginx', 'apt-get install -y nginx');
    dir = mkdtempSync(join(tmpdir(), 'kaizen-nginx-'));
    chmodSync(dir, 0o755); // nginx's workers run as nobody when we are root
    const html = join(dir, 'html');
    const temp = join(dir, 'temp');
    mkdirSync(html);
    mkdirSync(temp);
    chmodSync(temp, 0o777);
    writeFileSync(join(html, 'index.html'), '<!doctype html><title>Kaizen Loop</title><kz-root></kz-root>\n');
    writeFileSync(join(html, 'main-ABCD1234.js'), 'console.log("app");\n');
    // The build step's gzip copy, with a marker the file itself lacks: nginx must send this one to gzip takers.
    writeFileSync(join(html, 'main-ABCD1234.js.gz'), gzipSync('console.log("app, from the gzip copy");\n'));
    writeFileSync(join(html, 'chunk-Bz5l_9t-.js'), 'export const answer = 42;\n');
    writeFileSync(join(html, 'main-ABCD1234.js.map'), '{}\n');
    writeFileSync(join(html, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
    mkdirSync(join(html, 'sign-in'));
    for (const language of ['en', 'nl'])
      writeFileSync(
        join(html, 'sign-in', `index.${language}.html`),
        `<!doctype html><html lang="${language}">\n`,
      );

    // A stand-in API that answers with what it received.
    apiPort = await freePort();
    api = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      // As the API does: its own security headers, which nginx must not repeat.
      response.setHeader('x-content-type-options', 'nosniff');
      response.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
      response.setHeader('x-frame-options', 'DENY');
      response.end(JSON.stringify({ url: request.url, method: request.method, headers: request.headers }));
    });
    await new Promise<void>((resolve) => api.listen(apiPort, '127.0.0.1', resolve));

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const server = render(template, {
      API_UPSTREAM: `127.0.0.1:${apiPort}`,
      NGINX_LOCAL_RESOLVERS: '127.0.0.1',
    })
      .replace(/listen 8080;/, `listen 127.0.0.1:${port};`)
      .replace(/root \/usr\/share\/nginx\/html;/, `root ${html};`);
    expect(server).not.toMatch(/\$\{/);
    writeFileSync(join(dir, 'default.conf'), server);
    writeFileSync(
      join(dir, 'nginx.conf'),
      `worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${temp}/client;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  include ${dir}/default.conf;
}
`,
    );
    const syntax = run(nginxBinary, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr']);
    expect(syntax.stderr).toContain('syntax is ok');
    expect(syntax.status).toBe(0);

    nginx = spawn(
      nginxBinary,
      ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    nginx.stderr?.on('data', (chunk) => (nginxOutput += chunk));
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`nginx did not start: ${nginxOutput}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx?.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => api?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers its own health check', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok\n');
  });

  it('serves index.html for the app and for deep links, never cached', async () => {
    for (const path of ['/', '/experiments/0195f3a2-7c1e-7b9a-9c43-3f4a1b2c3d4e', '/lessons?q=handover']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toContain('<kz-root>');
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('content-security-policy'), path).toMatch(
        /script-src 'self';.*frame-ancestors 'none'/,
      );
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });

  it("serves the sign-in page rendered ahead in the language chosen in the app, else the browser's, as the API does", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'accept-language': 'nl-NL,nl;q=0.9,en;q=0.8' }, 'nl'],
      [{ 'accept-language': 'de-DE,de;q=0.9,nl;q=0.8,en;q=0.7' }, 'nl'],
      [{ 'accept-language': 'en-GB,en;q=0.9,nl;q=0.8' }, 'en'],
      [{ 'accept-language': 'fr-FR' }, 'en'],
      [{}, 'en'],
      [{ 'accept-language': 'nl', cookie: 'kz_language=en' }, 'en'],
      [{ 'accept-language': 'en', cookie: 'a=1; kz_language=nl' }, 'nl'],
      [{ 'accept-language': 'nl', cookie: 'kz_language=../index' }, 'nl'],
    ];
    for (const [headers, language] of cases) {
      const label = JSON.stringify(headers);
      const response = await fetch(`${base}/sign-in?returnUrl=%2Flessons`, { headers });
      expect(response.status, label).toBe(200);
      expect(await response.text(), label).toBe(`<!doctype html><html lang="${language}">\n`);
      expect(response.headers.get('content-type'), label).toMatch(/text\/html/);
      expect(response.headers.get('cache-control'), label).toBe('no-cache');
      expect(response.headers.get('vary'), label).toMatch(/Cookie, Accept-Language/);
      expect(response.headers.get('content-security-policy'), label).toMatch(/script-src 'self';/);
    }
  });

  it('caches hashed build output for a year, and a missing one is a 404, not the app', async () => {
    const asset = await fetch(`${base}/main-ABCD1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    // No document is served here: a first load fetches dozens of these, so no document-only headers.
    for (const header of [
      'content-security-policy',
      'referrer-policy',
      'x-frame-options',
      'cross-origin-opener-policy',
    ])
      expect(asset.headers.get(header), header).toBeNull();
    const optimized = await fetch(`${base}/chunk-Bz5l_9t-.js`);
    expect(optimized.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(optimized.headers.get('content-security-policy')).toBeNull();
    expect(optimized.headers.get('etag')).toBeNull();
    expect(optimized.headers.get('accept-ranges')).toBeNull();
    expect((await fetch(`${base}/chunk-ZZZZ9999.js`)).status).toBe(404);
    expect((await fetch(`${base}/main-ABCD1234.js.map`)).status).toBe(404);
    expect((await fetch(`${base}/favicon.svg`)).headers.get('cache-control')).toBeNull();
  });

  it("sends the build step's gzip copy to browsers that take gzip, and the file itself to the rest", async () => {
    const get = (acceptEncoding?: string) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>(
        (resolve, reject) =>
          request(
            `${base}/main-ABCD1234.js`,
            { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
            (response) => {
              const chunks: Buffer[] = [];
              response.on('data', (chunk: Buffer) => chunks.push(chunk));
              response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
            },
          )
            .on('error', reject)
            .end(),
      );
    const gzip = await get('gzip, deflate, br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['vary']).toMatch(/accept-encoding/i);
    expect(gunzipSync(gzip.body).toString()).toBe('console.log("app, from the gzip copy");\n');
    const plain = await get();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe('console.log("app");\n');
  });

  it('proxies /api to the API with the path intact, and replaces a client-supplied X-Forwarded-For', async () => {
    const response = await fetch(`${base}/api/health/ready?probe=1`, {
      headers: { 'x-forwarded-for': '203.0.113.66' },
    });
    expect(response.status).toBe(200);
    const seen = (await response.json()) as { url: string; headers: Record<string, string> };
    expect(seen.url).toBe('/api/health/ready?probe=1');
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    // The API's own policy, once: not the web app's beside it.
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('strict-transport-security')).toBeNull();
    const post = await fetch(`${base}/api/auth/sign-in`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(((await post.json()) as { method: string }).method).toBe('POST');
  });

  it('refuses bodies over the API limit, and answers 502 while the API is down', async () => {
    const big = await fetch(`${base}/api/experiments`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
    await new Promise((resolve) => api.close(resolve));
    try {
      expect((await fetch(`${base}/api/health`)).status).toBe(502);
    } finally {
      await new Promise<void>((resolve) => api.listen(apiPort, '127.0.0.1', resolve));
    }
  });
});
