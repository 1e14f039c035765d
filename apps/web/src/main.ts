import { mergeApplicationConfig } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { browserLanguage } from '@kaizen/web/util-i18n';
import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';

/**
 * A page rendered ahead (tools/prerender.mjs) is hydrated where its language is the one this browser starts in.
 * Otherwise (a choice remembered on this device that the server could not see) Angular renders it afresh.
 */
async function start(): Promise<void> {
  const renderedAhead = document.querySelector('kz-root[ngh]') !== null;
  const config =
    renderedAhead && document.documentElement.lang === browserLanguage(window)
      ? mergeApplicationConfig(appConfig, (await import('./app/app.config.hydration')).hydrationConfig)
      : appConfig;
  await bootstrapApplication(AppComponent, config);
}

start().catch((error: unknown) => console.error(error));
