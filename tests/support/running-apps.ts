import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@kaizen/shared/util-config';
import type { AppOptions } from '@kaizen/api/util-core';
import { createApi } from '../../apps/api/src/create-api';
import { createWorker } from '../../apps/worker/src/create-worker';

export interface RunningApi {
  app: NestFastifyApplication;
  url: string;
  /** Every route the router holds, as Fastify registered it: new routes show up here by themselves. */
  routes: Array<{ method: string; url: string }>;
  close: () => Promise<void>;
}

/** The real API, in this process, listening on a free loopback port. */
export async function startApi(config: AppConfig, options: AppOptions = {}): Promise<RunningApi> {
  const app = await createApi(config, options);
  const routes: RunningApi['routes'] = [];
  // Nest registers its routes when the app initialises, which listen() does below.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}`, routes, close: () => app.close() };
}

export function startWorker(config: AppConfig, options: AppOptions = {}): Promise<INestApplicationContext> {
  return createWorker(config, options);
}
