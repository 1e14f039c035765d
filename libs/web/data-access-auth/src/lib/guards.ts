import { inject } from '@angular/core';
import { CanActivateFn, Router, UrlTree } from '@angular/router';
import { Permission } from '@kaizen/shared/domain-access';
import { SessionStore } from './session.store';

/**
 * A return address that stays inside the app: a path, never another origin
 * (`//evil.example` and `/\evil.example` are origins to a browser).
 */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return '/';
  }
  return value;
}

export function signInUrlTree(router: Router, returnUrl: string): UrlTree {
  const back = safeReturnUrl(returnUrl);
  const signInPages = /^\/(sign-in|sign-up)(\/|\?|$)/;
  return router.createUrlTree(
    ['/sign-in'],
    back === '/' || signInPages.test(back) ? {} : { queryParams: { returnUrl: back } },
  );
}

/** Only for signed-in people; others go to sign in, and come back here afterwards. */
export const signedIn: CanActivateFn = async (_route, state) => {
  const store = inject(SessionStore);
  const router = inject(Router);
  await store.restore();
  return store.signedIn() || signInUrlTree(router, state.url);
};

/** Sign-in and sign-up pages: someone already signed in goes on to where they were headed. */
export const signedOut: CanActivateFn = async (route) => {
  const store = inject(SessionStore);
  const router = inject(Router);
  await store.restore();
  return store.signedIn() ? router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl'))) : true;
};

/** Signed in, and allowed this by the permission matrix; others signed in go home. */
export function permitted(permission: Permission): CanActivateFn {
  return async (_route, state) => {
    const store = inject(SessionStore);
    const router = inject(Router);
    await store.restore();
    if (!store.signedIn()) {
      return signInUrlTree(router, state.url);
    }
    return store.can(permission) || router.parseUrl('/');
  };
}
