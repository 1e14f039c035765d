import { ApplicationConfig } from '@angular/core';
import { provideClientHydration, withNoHttpTransferCache } from '@angular/platform-browser';

/**
 * Hydration: the browser takes over a page rendered ahead instead of rendering it again; nothing is read over
 * HTTP ahead. Without event replay: its code rides in main.js on every page (5 kB brotli), and its early listener
 * is inline script, which the Content-Security-Policy refuses. What a person does before the page is live is kept
 * by smaller means: before-hydration.js holds a submit, BoundFieldDirective keeps what was typed.
 */
export const hydrationConfig: ApplicationConfig = {
  providers: [provideClientHydration(withNoHttpTransferCache())],
};
