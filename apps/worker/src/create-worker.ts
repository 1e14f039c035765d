import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { createRootLogger, PinoNestLogger, type AppOptions } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { WorkerModule } from './worker.module';

/** Boots the worker: fails if a declared job has no handler or two, then starts processing. */
export async function createWorker(
  config: AppConfig,
  options: AppOptions = {},
): Promise<INestApplicationContext> {
  const logger = new PinoNestLogger(createRootLogger(config, 'worker'));
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, options), {
    logger,
    abortOnError: false,
  });
  await app.init();
  return app;
}
