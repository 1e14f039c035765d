import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
  // A callback hook that goes asynchronous only to compress: most answers pass straight through, without a promise.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const encoding = encodingFor(request, reply, payload);
    if (!encoding) return done(null, payload);
    const text = payload as string | Buffer;
    const size = Buffer.byteLength(text);
    const compressed =
      encoding === 'br'
        ? brotli(text, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 4,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: size,
            },
          })
        : gzipped(text, { level: 6 });
    compressed.then(
      (body) => {
        reply.header('content-encoding', encoding);
        reply.removeHeader('content-length');
        done(null, body);
      },
      (error: Error) => done(error),
    );
  });
}

/** How this answer goes compressed (marking it as varying by Accept-Encoding), or null if it goes as it is. */
function encodingFor(request: FastifyRequest, reply: FastifyReply, payload: unknown): 'br' | 'gzip' | null {
  if (request.method !== 'GET' || request.url.startsWith('/api/auth/')) return null;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return null;
  if (reply.hasHeader('content-encoding')) return null;
  if (!/^application\/([a-z.+-]+\+)?json\b/.test(String(reply.getHeader('content-type') ?? ''))) return null;
  if (Buffer.byteLength(payload) < COMPRESS_MIN_BYTES) return null;
  const vary = String(reply.getHeader('vary') ?? '');
  if (!/accept-encoding/i.test(vary))
    reply.header('vary', vary ? `${vary}, accept-encoding` : 'accept-encoding');
  return chosenEncoding(String(request.headers['accept-encoding'] ?? ''));
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
