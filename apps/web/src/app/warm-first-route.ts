import { Routes } from '@angular/router';
import { ReadAhead, readAheadOf } from '@kaizen/web/data-access-api';
import { textsOf } from '@kaizen/web/util-i18n';

/** What a first load starts beside the page's code. */
export interface WarmFirstRoute {
  /** The translation namespaces the routes on the way name (`texts(...)`), in one call. */
  readonly texts?: (namespaces: readonly string[]) => unknown;
  /** The page's first read (`readAhead(...)` in its route's data), only where the path is the page's whole path. */
  readonly read?: (read: ReadAhead) => unknown;
}

/**
 * Starts downloading the code of the page the app opens on, while the first navigation still waits
 * for the texts (an app initializer): otherwise the page's chunks are fetched only after the texts
 * arrived, one round trip after the other. Follows the route table as the router would for the first
 * path segment: an exact match, else the pass-through `''` routes in order (lazy or not). It only starts imports;
 * the router loads (from the module cache) and guards as always. The texts those routes name go to `texts` in one
 * call, so they download alongside the code too; where the tables on the way are in the bundle, that call comes
 * before this function first awaits, so the texts' initializer can fetch them with the common ones.
 */
export async function warmFirstRoute(
  routes: Routes,
  path: string,
  start: WarmFirstRoute = {},
): Promise<void> {
  const segments = path.replace(/^\/+/, '').split(/[?#;]/)[0]?.split('/') ?? [''];
  // A read ahead belongs to one page: on /experiments/42 the list's read would be wasted.
  await warm(routes, segments[0] ?? '', { ...start, read: segments.length === 1 ? start.read : undefined });
}

async function warm(
  routes: Routes,
  segment: string,
  start: WarmFirstRoute,
  passedThrough: readonly string[] = [],
): Promise<boolean> {
  const exact = routes.find(
    (route) => route.path === segment && (route.loadComponent || route.loadChildren || route.children),
  );
  if (exact) {
    const namespaces = [...passedThrough, ...textsOf(exact)];
    if (namespaces.length) start.texts?.(namespaces);
    const read = readAheadOf(exact);
    if (read) start.read?.(read);
    void exact.loadComponent?.();
    const children = exact.children ?? (await exact.loadChildren?.());
    // The feature's own '' route is the page shown at its root.
    if (Array.isArray(children)) await warm(children, '', start);
    return true;
  }
  for (const route of routes) {
    if (route.path !== '' || route.pathMatch === 'full' || !(route.children || route.loadChildren)) continue;
    // A table in the bundle is searched without waiting (`??` skips the await).
    const children = route.children ?? (await route.loadChildren?.());
    if (
      Array.isArray(children) &&
      (await warm(children, segment, start, [...passedThrough, ...textsOf(route)]))
    )
      return true;
  }
  return false;
}
