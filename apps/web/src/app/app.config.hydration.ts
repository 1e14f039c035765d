import { ApplicationConfig } from '@angular/core';
import { provideClientHydration, withNoHttpTransferCache } from '@angular/platform-browser';

/**
 * Hydration: the browser takes over a page rendered ahead instead of rendering it again. Without event replay,
 * whose inline script the Content-Security-Policy (`script-src 'self'`) refuses; nothing is read over HTTP ahead.
 * A chunk of its own (main.ts imports it only for such a page), so pages rendered in the browser do not carry it.
 */
export const hydrationConfig: ApplicationConfig = {
  providers: [provideClientHydration(withNoHttpTransferCache())],
};
