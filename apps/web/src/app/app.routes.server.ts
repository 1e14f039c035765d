import { RenderMode, ServerRoute } from '@angular/ssr';

/**
 * The build renders nothing ahead itself: tools/prerender.mjs renders the sign-in page in each language from the
 * server bundle (the build's own prerender has one language). Everything else renders in the browser.
 */
export const serverRoutes: ServerRoute[] = [{ path: '**', renderMode: RenderMode.Client }];
