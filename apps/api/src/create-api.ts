import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { LogController, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  API_PREFIX,
  createRootLogger,
  frameworkErrorReply,
  installLeanAsyncResourceBind,
  MAX_JSON_BODY_BYTES,
  PinoNestLogger,
  registerJsonBodyParser,
  requestIdOf,
  type AppOptions,
} from '@kaizen/api/util-core';
import { existsSync, readdirSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { basename, resolve } from 'node:path';
import type { AppConfig } from '@kaizen/shared/util-config';
import {
  LANGUAGE_COOKIE,
  acceptedLanguages,
  languages,
  pickLanguage,
  type Language,
} from '@kaizen/shared/util-language';
import { AppModule } from './app.module';
import { compressJsonReads } from './compress-json';
import { buildOpenApiDocument } from './openapi';
import { addSecurityHeaders, DOCUMENT_ONLY_HEADERS, setSecurityHeaders } from './security-headers';

/** Builds the HTTP application without listening, so tests and `main.ts` boot it the same way. */
export async function createApi(
  config: AppConfig,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  installLeanAsyncResourceBind();
  const logger = createRootLogger(config, 'api');
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new RequestLogController(),
    genReqId: (request: IncomingMessage) => requestIdOf(request.headers),
    trustProxy: config.TRUST_PROXY,
    bodyLimit: MAX_JSON_BODY_BYTES,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // A malformed or overlong URL is answered before any route runs; it gets problem details too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      setSecurityHeaders(request, reply);
      frameworkErrorReply(error, request, reply);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, {
    logger: new PinoNestLogger(logger),
    // JSON only: Nest's parsers would also take form bodies.
    bodyParser: false,
  });
  registerJsonBodyParser(app.getHttpAdapter().getInstance());
  echoRequestIds(app);
  addSecurityHeaders(app);
  compressJsonReads(app);
  await app.register(fastifyCookie);
  app.setGlobalPrefix(API_PREFIX);
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs/json' });
  if (config.WEB_ROOT) await serveWebApp(app, resolve(config.WEB_ROOT));
  return app;
}

/** One log line per request, labelled with its request id; probes poll too often to log. */
class RequestLogController extends LogController {
  constructor() {
    super({
      requestIdLogLabel: 'reqId',
      disableRequestLogging: (request) => request.method === 'GET' && request.url.startsWith('/api/health'),
    });
  }

  override incomingRequest(): void {
    // the completion line below says it all
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const line = {
      req: { method: request.method, url: request.url },
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
    };
    if (error) request.log.error({ ...line, err: error }, 'request errored');
    else request.log.info(line, 'request completed');
  }
}

/**
 * Tells the caller which id its request was logged under. While draining for shutdown,
 * answers ask the client to close the connection, so keep-alive sockets don't hold shutdown up.
 */
function echoRequestIds(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  let draining = false;
  fastify.addHook('preClose', async () => {
    draining = true;
  });
  // Callback hooks: nothing here waits, and an async hook costs every request a promise.
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
}

/** A build output name with its content hash: esbuild's (`main-ABCD1234.js`) or the chunk optimizer's (`chunk-Bz5l_9t-.js`). */
const HASHED_NAME = /-[A-Za-z0-9_-]{8}\.(js|css)$/;

/** Files of the web app that are never a document (an SVG opened on its own is one, so it keeps the full set). */
const SUBRESOURCE_NAME = /\.(js|mjs|css|json|woff2?|png|jpe?g|webp|avif|ico)$/;

/**
 * How long a browser may keep a file of the built web app (`path` may be its .br or .gz copy). Names with a
 * content hash never change, so they are kept for a year; index.html is asked for again every time, since
 * it names the current hashes; anything else (the favicon) for an hour.
 */
export function webCacheControl(path: string): string {
  const name = basename(path).replace(/\.(br|gz)$/, '');
  // The app's shell, and the pages rendered ahead in each language (sign-in/index.nl.html).
  if (/^index(\.[a-z]{2})?\.html$/.test(name)) return 'no-cache';
  if (HASHED_NAME.test(name) || /[\\/]media[\\/]/.test(path)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

/** The pages the build rendered ahead (tools/prerender.mjs), by path: `/sign-in` from `sign-in/index.<language>.html`. */
function pagesRenderedAhead(root: string): Map<string, Set<Language>> {
  const pages = new Map<string, Set<Language>>();
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const copies = new Set(
      languages.filter((language) => existsSync(resolve(root, entry.name, `index.${language}.html`))),
    );
    if (copies.size > 0) pages.set(`/${entry.name}`, copies);
  }
  return pages;
}

/**
 * Serves the built Angular app; unknown non-API paths get index.html so deep links work. A page rendered ahead
 * comes in the visitor's language: the one chosen in the app (its cookie), else the browser's (Accept-Language),
 * by the rule the app itself starts with.
 */
async function serveWebApp(app: NestFastifyApplication, root: string): Promise<void> {
  if (!existsSync(resolve(root, 'index.html'))) throw new Error(`WEB_ROOT: no index.html in ${root}`);
  const renderedAhead = pagesRenderedAhead(root);
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root,
    wildcard: false,
    // The brotli and gzip copies `nx run web:compress` writes beside each file, picked by Accept-Encoding.
    preCompressed: true,
    // Every header is paid for on each of a first load's few dozen files: the ETag alone revalidates index.html
    // (Last-Modified would say it again), and no one asks for a range of a script or stylesheet.
    lastModified: false,
    acceptRanges: false,
    setHeaders: (reply, path) => {
      const cacheControl = webCacheControl(path);
      reply.header('cache-control', cacheControl);
      // A name that changes with its content, kept for a year, is never revalidated: no validator needed.
      if (cacheControl.includes('immutable')) reply.removeHeader('etag');
      if (SUBRESOURCE_NAME.test(path.replace(/\.(br|gz)$/, ''))) {
        for (const header of DOCUMENT_ONLY_HEADERS) reply.removeHeader(header);
        // Kept for answers someone may report (API calls, pages); a file of the build is logged by its path.
        reply.removeHeader('x-request-id');
      }
    },
  });
  fastify.get('/*', (request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api') {
      return reply
        .status(404)
        .header('content-type', 'application/problem+json')
        .send({
          type: 'about:blank',
          title: 'Not Found',
          status: 404,
          detail: `Cannot ${request.method} ${request.url}`,
        });
    }
    const path = request.url.split('?', 1)[0] ?? '';
    const copies = renderedAhead.get(path);
    if (copies) {
      const cookie = request.cookies[LANGUAGE_COOKIE];
      const language = pickLanguage(cookie, acceptedLanguages(request.headers['accept-language']));
      if (copies.has(language)) {
        return reply
          .header('cache-control', 'no-cache')
          .header('vary', 'Cookie, Accept-Language')
          .sendFile(`${path.slice(1)}/index.${language}.html`);
      }
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
