import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chosenEncoding } from '../../apps/api/src/compress-json';
import { startApi, type RunningApi } from '../support/running-apps';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';

/** A GET that neither asks for nor undoes compression by itself, so the test sees the bytes on the wire. */
function get(url: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      request(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      })
        .on('error', reject)
        .end();
    },
  );
}

/** JSON answers of reads go compressed to clients that take it: a signed-in first load reads several over a slow network. */
describe('compressed JSON reads', () => {
  let database: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('sends a large JSON read as brotli, or gzip, or as it is, each the same document', async () => {
    const plain = await get(`${api.url}/api/docs/json`);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toMatch(/accept-encoding/i);
    const document = JSON.parse(plain.body.toString());
    expect(document.openapi).toBeTruthy();

    const brotli = await get(`${api.url}/api/docs/json`, 'gzip, deflate, br, zstd');
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['vary']).toMatch(/accept-encoding/i);
    expect(brotli.body.length).toBeLessThan(plain.body.length / 4);
    expect(JSON.parse(brotliDecompressSync(brotli.body).toString())).toEqual(document);

    const gzip = await get(`${api.url}/api/docs/json`, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.body).toString())).toEqual(document);
    // the security headers are untouched
    expect(gzip.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  });

  it('leaves small answers as they are', async () => {
    const health = await get(`${api.url}/api/health`, 'br, gzip');
    expect(health.status).toBe(200);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString())).toMatchObject({ status: expect.anything() });
  });

  it('reads Accept-Encoding as browsers and proxies write it', () => {
    expect(chosenEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chosenEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(chosenEncoding('GZIP')).toBe('gzip');
    expect(chosenEncoding('identity')).toBeNull();
    expect(chosenEncoding('')).toBeNull();
  });
});
