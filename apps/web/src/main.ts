import { ApplicationRef, mergeApplicationConfig } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { browserLanguage } from '@kaizen/web/util-i18n';
import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';

/** Set by before-hydration.js on a page rendered ahead. */
interface BeforeHydration {
  live: boolean;
  heldSubmit: HTMLFormElement | null;
}

/**
 * A page rendered ahead (tools/prerender.mjs) is hydrated where its language is the one this browser starts in.
 * Otherwise (a choice remembered on this device that the server could not see) Angular renders it afresh.
 */
async function start(): Promise<void> {
  const renderedAhead = document.querySelector('kz-root[ngh]') !== null;
  const hydrate = renderedAhead && document.documentElement.lang === browserLanguage(window);
  const config = hydrate
    ? mergeApplicationConfig(appConfig, (await import('./app/app.config.hydration')).hydrationConfig)
    : appConfig;
  const app: ApplicationRef = await bootstrapApplication(AppComponent, config);
  const before = (window as unknown as { kzBeforeHydration?: BeforeHydration }).kzBeforeHydration;
  if (!before) return;
  // Live once the first page is in place: a sign-in sent before then goes now, with what was typed.
  await app.whenStable();
  before.live = true;
  if (before.heldSubmit?.isConnected) before.heldSubmit.requestSubmit();
}

start().catch((error: unknown) => console.error(error));
