import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { ApiConfiguration } from '@kaizen/web/data-access-api';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { signInUrlTree } from './guards';
import { SKIP_SESSION_REFRESH, SessionStore } from './session.store';

/** Auth routes that work from the refresh cookie or from nothing: no bearer, no refresh on 401. */
const COOKIE_AUTH_ROUTES =
  /^\/api\/auth\/(sign-up|sign-in|refresh|sign-out|password-reset|invitations)(\/|$|\?)/;

/**
 * Sends the access token with every request to the API (and nowhere else). When the API answers
 * 401 to a signed-in request, refreshes once and retries; when the refresh fails too, the
 * session is over: it is cleared and the person is sent to sign in, with the way back kept.
 */
export const sessionInterceptor: HttpInterceptorFn = (request, next) => {
  const path = apiPath(request, inject(ApiConfiguration).rootUrl);
  if (path === null) {
    return next(request);
  }
  if (COOKIE_AUTH_ROUTES.test(path)) {
    // Same origin in production; withCredentials keeps the cookie flowing under another root too.
    return next(request.clone({ withCredentials: true }));
  }

  const store = inject(SessionStore);
  const router = inject(Router);
  const token = store.accessToken();
  const withToken = (value: string | null) =>
    value ? request.clone({ setHeaders: { Authorization: `Bearer ${value}` } }) : request;

  return next(withToken(token)).pipe(
    catchError((error: unknown) => {
      if (
        !(error instanceof HttpErrorResponse) ||
        error.status !== 401 ||
        token === null ||
        request.context.get(SKIP_SESSION_REFRESH)
      ) {
        return throwError(() => error);
      }
      // Another request may have refreshed meanwhile: then the newer token is tried right away.
      const current = store.accessToken();
      const refreshed = current !== null && current !== token ? Promise.resolve(true) : store.refresh();
      return from(refreshed).pipe(
        switchMap((ok) => {
          if (!ok) {
            store.clear();
            void router.navigateByUrl(signInUrlTree(router, router.url));
            return throwError(() => error);
          }
          return next(withToken(store.accessToken()));
        }),
      );
    }),
  );
};

/** The request's path below the API root, or null when the request does not go to the API. */
function apiPath(request: HttpRequest<unknown>, rootUrl: string): string | null {
  const root = rootUrl.replace(/\/+$/, '');
  if (!request.url.startsWith(`${root}/api/`)) {
    return null;
  }
  return request.url.slice(root.length);
}
