import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { provideApiRoot } from '@kaizen/web/data-access-api';
import { provideSession, sessionInterceptor } from '@kaizen/web/data-access-auth';
import { provideI18n } from '@kaizen/web/util-i18n';
import { appRoutes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(
      appRoutes,
      withInMemoryScrolling({ scrollPositionRestoration: 'top' }),
      withComponentInputBinding(),
    ),
    provideHttpClient(withFetch(), withInterceptors([sessionInterceptor])),
    // Served by the API itself at the same origin: requests go to relative /api/... paths.
    provideApiRoot(''),
    provideI18n(),
    provideSession(),
  ],
};
