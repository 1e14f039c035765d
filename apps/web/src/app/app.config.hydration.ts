import { ApplicationConfig } from '@angular/core';
import { provideClientHydration, withEventReplay, withNoHttpTransferCache } from '@angular/platform-browser';

/**
 * Hydration: the browser takes over a page rendered ahead instead of rendering it again, and replays what the
 * person did before it had (tools/prerender.mjs moves event replay's early script into a file, for the
 * Content-Security-Policy); nothing is read over HTTP ahead. main.ts imports this only for such a page.
 */
export const hydrationConfig: ApplicationConfig = {
  providers: [provideClientHydration(withNoHttpTransferCache(), withEventReplay())],
};
