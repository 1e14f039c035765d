import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import fastifyStatic from '@fastify/static';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from '@kaizen/shared/util-config';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './openapi';

/** Builds the HTTP application without listening, so tests and `main.ts` boot it the same way. */
export async function createApi(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ trustProxy: true, bodyLimit: 1_048_576, return503OnClosing: true });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs/json' });
  if (config.WEB_ROOT) await serveWebApp(app, resolve(config.WEB_ROOT));
  return app;
}

/** Serves the built Angular app; unknown non-API paths get index.html so deep links work. */
async function serveWebApp(app: NestFastifyApplication, root: string): Promise<void> {
  if (!existsSync(resolve(root, 'index.html'))) throw new Error(`WEB_ROOT: no index.html in ${root}`);
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root,
    wildcard: false,
    setHeaders: (res, path) =>
      res.setHeader('cache-control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
  });
  fastify.get('/*', (request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api') {
      return reply
        .status(404)
        .header('content-type', 'application/problem+json')
        .send({ type: 'about:blank', title: 'Not Found', status: 404, detail: `Cannot ${request.method} ${request.url}` });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
