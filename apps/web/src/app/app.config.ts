import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { DOCUMENT } from '@angular/common';
import {
  ApplicationConfig,
  Injector,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { provideApiRoot } from '@kaizen/web/data-access-api';
import { provideSession, sessionInterceptor } from '@kaizen/web/data-access-auth';
import { LanguageService, provideI18n } from '@kaizen/web/util-i18n';
import { appRoutes } from './app.routes';
import { warmFirstRoute } from './warm-first-route';

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
    // First: the refresh request leaves before the first page's code and texts are asked for; the page waits for it
    // (guards) as much as for them.
    provideSession(),
    // Before the texts' initializer: the first page's code and texts download alongside the common texts.
    provideAppInitializer(() => {
      const language = inject(LanguageService);
      const injector = inject(Injector);
      const location = inject(DOCUMENT).location;
      void warmFirstRoute(appRoutes, location.pathname, {
        texts: (namespaces) => language.needAtStart(namespaces).catch(() => undefined),
        // A failed read ahead costs nothing: the page reads again.
        read: (read) => read(injector, new URLSearchParams(location.search)).catch(() => undefined),
      }).catch(() => undefined);
    }),
    provideI18n(),
  ],
};
