import { Routes } from '@angular/router';
import { textsOf } from '@kaizen/web/util-i18n';

/**
 * Starts downloading the code of the page the app opens on, while the first navigation still waits
 * for the texts (an app initializer): otherwise the page's chunks are fetched only after the texts
 * arrived, one round trip after the other. Follows the route table as the router would for the first
 * path segment: an exact match, else the pass-through `''` routes in order (lazy or not). It only starts imports;
 * the router loads (from the module cache) and guards as always. The texts those routes name (`texts(...)`) go to
 * `loadTexts` in one call, so they download alongside the code too; where the tables on the way are in the bundle,
 * that call comes before this function first awaits, so the texts' initializer can fetch them with the common ones.
 */
export async function warmFirstRoute(
  routes: Routes,
  path: string,
  loadTexts: (namespaces: readonly string[]) => unknown = () => undefined,
): Promise<void> {
  const segment = path.replace(/^\/+/, '').split(/[/?#;]/)[0] ?? '';
  await warm(routes, segment, loadTexts);
}

async function warm(
  routes: Routes,
  segment: string,
  loadTexts: (namespaces: readonly string[]) => unknown,
  passedThrough: readonly string[] = [],
): Promise<boolean> {
  const exact = routes.find(
    (route) => route.path === segment && (route.loadComponent || route.loadChildren || route.children),
  );
  if (exact) {
    const namespaces = [...passedThrough, ...textsOf(exact)];
    if (namespaces.length) loadTexts(namespaces);
    void exact.loadComponent?.();
    const children = exact.children ?? (await exact.loadChildren?.());
    // The feature's own '' route is the page shown at its root.
    if (Array.isArray(children)) await warm(children, '', loadTexts);
    return true;
  }
  for (const route of routes) {
    if (route.path !== '' || route.pathMatch === 'full' || !(route.children || route.loadChildren)) continue;
    // A table in the bundle is searched without waiting (`??` skips the await).
    const children = route.children ?? (await route.loadChildren?.());
    if (
      Array.isArray(children) &&
      (await warm(children, segment, loadTexts, [...passedThrough, ...textsOf(route)]))
    )
      return true;
  }
  return false;
}
