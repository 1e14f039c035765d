import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Below this an answer is mostly headers; compressing it saves too little to pay for. */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * JSON answers of reads go brotli- or gzip-compressed when the client takes it: a list page of experiments is
 * 8.6 kB as JSON and about a quarter of that compressed, on the first load of a signed-in page over a slow
 * network. Reads only, and none under /api/auth: an answer with a token in it never mixes with compression
 * (BREACH needs a secret and attacker-chosen text in one compressed answer; tokens travel in auth answers, and
 * cookies are same-site, so another site cannot make a signed-in read at all). Fast levels: this runs per request.
 */
export function compressJsonReads(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/auth/')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (reply.hasHeader('content-encoding')) return payload;
    if (!/^application\/([a-z.+-]+\+)?json\b/.test(String(reply.getHeader('content-type') ?? '')))
      return payload;
    const size = Buffer.byteLength(payload);
    if (size < COMPRESS_MIN_BYTES) return payload;
    const vary = String(reply.getHeader('vary') ?? '');
    if (!/accept-encoding/i.test(vary))
      reply.header('vary', vary ? `${vary}, accept-encoding` : 'accept-encoding');
    const encoding = chosenEncoding(String(request.headers['accept-encoding'] ?? ''));
    if (!encoding) return payload;
    const body =
      encoding === 'br'
        ? await brotli(payload, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 4,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: size,
            },
          })
        : await gzipped(payload, { level: 6 });
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return body;
  });
}

/** brotli if the client takes it, else gzip, else none; `;q=0` refuses one. */
export function chosenEncoding(acceptEncoding: string): 'br' | 'gzip' | null {
  const taken = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...parameters] = part.split(';').map((p) => p.trim());
    const q = parameters.find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) taken.add(name);
  }
  if (taken.has('br')) return 'br';
  if (taken.has('gzip')) return 'gzip';
  return null;
}
