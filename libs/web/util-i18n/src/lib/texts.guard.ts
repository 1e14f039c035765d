import { inject } from '@angular/core';
import { CanActivateFn, Route } from '@angular/router';
import { LanguageService } from './language.service';

const namespacesOf = new WeakMap<object, readonly string[]>();

/**
 * Guards a route until the texts of these namespaces (each listed in translations/chunks.json) are loaded, so its
 * pages never show a raw key. Every other namespace is common and always loaded.
 */
export function texts(...namespaces: string[]): CanActivateFn {
  const guard: CanActivateFn = () =>
    inject(LanguageService)
      .need(namespaces)
      // A failed download shows keys rather than a page that will not open; the next navigation tries again.
      .then(
        () => true,
        () => true,
      );
  namespacesOf.set(guard, namespaces);
  return guard;
}

/** The namespaces a route's `texts(...)` guard loads: for starting their download early. */
export function textsOf(route: Route): readonly string[] {
  return (route.canActivate ?? []).flatMap((guard) =>
    typeof guard === 'function' ? (namespacesOf.get(guard) ?? []) : [],
  );
}
