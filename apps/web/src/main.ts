import { mergeApplicationConfig } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { browserLanguage } from '@kaizen/web/util-i18n';
import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';

/**
 * A page rendered ahead (tools/prerender.mjs) is hydrated where its language is the one this browser starts in.
 * Otherwise (a choice remembered on this device that the server could not see) Angular renders it afresh, and
 * what was queued for replay is dropped with its listeners.
 */
async function start(): Promise<void> {
  const renderedAhead = document.querySelector('kz-root[ngh]') !== null;
  if (renderedAhead && document.documentElement.lang === browserLanguage(window)) {
    const { hydrationConfig } = await import('./app/app.config.hydration');
    await bootstrapApplication(AppComponent, mergeApplicationConfig(appConfig, hydrationConfig));
    return;
  }
  if (renderedAhead) {
    const { clearAppScopedEarlyEventContract, removeAllAppScopedEventListeners } =
      await import('@angular/core/primitives/event-dispatch');
    removeAllAppScopedEventListeners('ng');
    clearAppScopedEarlyEventContract('ng');
  }
  await bootstrapApplication(AppComponent, appConfig);
}

start().catch((error: unknown) => console.error(error));
