import { ApplicationConfig, mergeApplicationConfig } from '@angular/core';
import { provideServerRendering, withRoutes } from '@angular/ssr';
import { appConfig } from './app.config';
import { hydrationConfig } from './app.config.hydration';
import { serverRoutes } from './app.routes.server';

export const serverConfig: ApplicationConfig = mergeApplicationConfig(appConfig, hydrationConfig, {
  providers: [provideServerRendering(withRoutes(serverRoutes))],
});
