import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { parseConfig } from '@kaizen/shared/util-config';
import { API_PREFIX } from '@kaizen/api/util-core';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './openapi';

/** Prints the OpenAPI document without connecting anywhere: preview mode instantiates no provider. */
async function main(): Promise<void> {
  const parsed = parseConfig({
    DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
    AUTH_SECRET: 'unused'.repeat(8),
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const app = await NestFactory.create(AppModule.forRoot(parsed.config), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  app.setGlobalPrefix(API_PREFIX);
  process.stdout.write(`${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  await app.close();
}

main().catch((error) => {
  process.stderr.write(
    `openapi: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
